import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from 'adapter-pg-for-migrate';
import pg from 'pg';

// `generate` and `migrate diff` parse the schema's env("DATABASE_URL") but never connect.
process.env.DATABASE_URL ??= 'postgresql://localhost/vetline-not-connected';
const connectionString = process.env.DATABASE_URL;

/**
 * The CLI runs on its WebAssembly schema engine through this driver adapter, so it needs no
 * downloaded binary. adapter-pg 7 is used here only because it reads Postgres `name` columns,
 * which the migration engine queries (prisma/prisma#27403); the runtime keeps adapter-pg 6.19.
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
  schema: path.join(import.meta.dirname, '../prisma/schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, '../prisma/migrations') },
  engine: 'js',
  experimental: { adapter: true },
  async adapter() {
    // The CLI never disposes the adapter: let an idle pool end with the process.
    return new MigrationAdapter({ connectionString, allowExitOnIdle: true });
  },
});
