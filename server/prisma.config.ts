import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma 7's CLI downloads its native schema engine before any command, `generate` included,
// unless this names an executable. `generate` never runs it, so a stub that explains itself
// lets the client generate offline. Migrations are authored with prisma-6.config.ts.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, 'scripts/schema-engine-offline');

/** The CLI configuration for `prisma generate` (Prisma 7). */
export default defineConfig({
  schema: path.join(import.meta.dirname, '../prisma/schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, '../prisma/migrations') },
});
