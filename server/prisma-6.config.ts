import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'prisma-6/config';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { withDatasourceUrl } from './src/scripts/prisma-6-schema.ts';

/**
 * Prisma 6.19's CLI, kept (as the `prisma-6` package) only for migrations: Prisma 7's CLI needs a
 * native schema engine it cannot download here, while this one runs its WebAssembly engine
 * through the driver adapter below. `pnpm --filter @vetline/server migration:new <name>` runs it;
 * other commands: `node node_modules/prisma-6/build/index.js migrate status --config prisma-6.config.ts`.
 */

// The CLI reads a copy of the data model with a url, kept outside the repository.
const schemaCopy = path.join(tmpdir(), 'vetline-prisma-6', createHash('sha256').update(import.meta.dirname).digest('hex').slice(0, 12), 'schema.prisma');
mkdirSync(path.dirname(schemaCopy), { recursive: true });
writeFileSync(schemaCopy, withDatasourceUrl(readFileSync(path.join(import.meta.dirname, '../prisma/schema.prisma'), 'utf8')));

const connectionString = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * The runtime's adapter-pg (7.10), which reads Postgres `name` columns as the migration engine
 * needs (adapter-pg 6.19 could not: prisma/prisma#27403).
 */
class MigrationAdapter extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    // adapter-pg splits scripts on every ';', even inside quotes and comments, so a migration
    // with a function body breaks; Postgres runs a whole multi-statement script itself, in one
    // implicit transaction.
    adapter.executeScript = async (script) => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(script);
      } finally {
        await client.end();
      }
    };
    return adapter;
  }
}

export default defineConfig({
  schema: schemaCopy,
  migrations: { path: path.join(import.meta.dirname, '../prisma/migrations') },
  engine: 'js',
  experimental: { adapter: true },
  async adapter() {
    // The CLI never disposes the adapter: let an idle pool end with the process.
    return new MigrationAdapter({ connectionString, allowExitOnIdle: true });
  },
});
