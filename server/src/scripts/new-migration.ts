/**
 * `pnpm --filter @vetline/server migration:new <name> [--from <git ref>]`: writes
 * prisma/migrations/<timestamp>_<name>/migration.sql, the SQL that takes the data model as it was
 * at <ref> (default HEAD) to prisma/schema.prisma as it is now. Review it, add what the schema
 * language cannot say (partial indexes, CHECKs), and commit it with the schema.
 *
 * It runs Prisma 6.19's CLI (`prisma-6`, see prisma-6.config.ts): Prisma 7's needs a native engine
 * that cannot be downloaded here. The CLI connects to DATABASE_URL (default: the local
 * PostgreSQL's `postgres` database) but changes nothing in it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withDatasourceUrl } from './prisma-6-schema.js';

const server = path.resolve(import.meta.dirname, '../..');
const root = path.resolve(server, '..');

const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: 'string', default: 'HEAD' } } });
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: pnpm --filter @vetline/server migration:new <name_in_snake_case> [--from <git ref>]');
  process.exit(2);
}

const current = await readFile(path.join(root, 'prisma/schema.prisma'), 'utf8');
const previous = execFileSync('git', ['show', `${values.from}:prisma/schema.prisma`], { cwd: root, encoding: 'utf8' });
const work = await mkdtemp(path.join(tmpdir(), 'vetline-migration-'));
try {
  const from = path.join(work, 'from.prisma');
  const to = path.join(work, 'to.prisma');
  const output = path.join(work, 'migration.sql');
  await writeFile(from, withDatasourceUrl(previous));
  await writeFile(to, withDatasourceUrl(current));
  const cli = createRequire(import.meta.url).resolve('prisma-6/build/index.js');
  const args = ['migrate', 'diff', '--config', path.join(server, 'prisma-6.config.ts')];
  args.push('--from-schema-datamodel', from, '--to-schema-datamodel', to, '--script', '--output', output);
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: server,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' },
  });
  if (run.status !== 0) throw new Error(`prisma migrate diff failed (exit ${run.status ?? run.signal})`);
  const sql = await readFile(output, 'utf8');
  if (/^-- This is an empty migration\./m.test(sql)) {
    console.log(`prisma/schema.prisma has not changed since ${values.from}: nothing written.`);
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const folder = path.join(root, 'prisma/migrations', `${stamp}_${name}`);
    await mkdir(folder);
    await writeFile(path.join(folder, 'migration.sql'), sql);
    console.log(`Wrote ${path.relative(root, folder)}/migration.sql`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
