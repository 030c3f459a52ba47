import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's Postgres, where tests create their own databases. */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Whether the machine's Postgres answers; CI requires it (see `postgresAvailable`). */
async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * True when Postgres tests can run. On CI a missing Postgres is an error, not a skip; on a
 * developer's machine without Postgres those tests are skipped with this reason.
 */
export async function postgresAvailable(): Promise<boolean> {
  const ok = await reachable();
  if (!ok && process.env.CI) throw new Error(`CI needs PostgreSQL at ${ADMIN_URL}`);
  if (!ok) console.warn(`[test] PostgreSQL is not reachable at ${ADMIN_URL}: its tests are skipped`);
  return ok;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a random name; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `vetline_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
