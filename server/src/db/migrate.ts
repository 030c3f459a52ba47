import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** The committed migrations, generated with `prisma migrate diff` (see README). */
export const migrationsDir = path.resolve(import.meta.dirname, '../../../prisma/migrations');

// The lock `prisma migrate deploy` takes, so our runner and the CLI never apply at once.
const ADVISORY_LOCK_KEY = 72707369;

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the pending migrations, keeping Prisma's `_prisma_migrations` bookkeeping (same
 * table, same SHA-256 checksums), so `prisma migrate status` and `prisma migrate deploy` agree
 * with it. It exists because the Prisma 6 CLI's WebAssembly engine holds the process for ten
 * seconds after every run, which every start-up would pay.
 *
 * Each migration runs as one multi-statement script in one transaction.
 * @throws when a migration fails (nothing of it is kept) or an applied one was edited.
 */
export async function migrate(databaseUrl: string, dir = migrationsDir): Promise<MigrationResult> {
  const names = await listMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((row) => [row.migration_name, row]));
    const applied: string[] = [];
    for (const name of names) {
      const script = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(script).digest('hex');
      const previous = done.get(name);
      if (previous?.finished_at) {
        if (previous.checksum !== checksum) {
          throw new Error(`Migration ${name} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      if (previous) {
        throw new Error(`Migration ${name} failed earlier and needs attention (see \`prisma migrate resolve\`)`);
      }
      await client.query('BEGIN');
      try {
        await client.query(script);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(name);
    }
    return { applied };
  } finally {
    await client.end();
  }
}

/** The names of the committed migrations, in the order they apply. */
export async function listMigrations(dir = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
