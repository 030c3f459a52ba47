import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listMigrations, migrate, migrationsDir } from './migrate.js';

/** Where prepared folders are kept: beside the server, one per PGlite version and migration set. */
export const templateCache = path.resolve(import.meta.dirname, '../../.cache/pglite-templates');

/** A running database on a folder, as `startEmbeddedPostgres` gives it (passed in to avoid an import cycle). */
type Start = (dataDir: string) => Promise<{ url: string; stop(): Promise<void> }>;

/**
 * Fills a new data folder with a copy of a prepared one (PGlite initialised, every migration
 * applied), so a new folder does not pay PGlite's initdb and the migrations again. The template
 * is made on first need, in a temporary folder renamed into place when complete; it is keyed by
 * PGlite's version and the migrations' contents, so a changed migration set never reuses an old one.
 * @returns whether the folder was filled from the template.
 */
export async function copyTemplate(
  dataDir: string,
  start: Start,
  onFailure: (message: string) => void,
  cache = templateCache,
): Promise<boolean> {
  const template = path.join(cache, await templateKey());
  if (!existsSync(path.join(template, 'PG_VERSION'))) {
    try {
      await makeTemplate(template, start);
    } catch (error) {
      // A read-only install, say: the folder starts from scratch, as it would without a template.
      onFailure(`Cannot prepare a template for new data folders in ${cache} (${(error as Error).message}); starting from scratch`);
      return false;
    }
  }
  // Copies keep the template's owner-only modes; a file already there is left as it is.
  await cp(template, dataDir, { recursive: true, force: false });
  return true;
}

async function makeTemplate(template: string, start: Start): Promise<void> {
  const cache = path.dirname(template);
  await mkdir(cache, { recursive: true, mode: 0o700 });
  const making = await mkdtemp(path.join(cache, '.making-'));
  try {
    const db = await start(making);
    try {
      await migrate(db.url);
    } finally {
      await db.stop();
    }
    // Another process may have made the same template meanwhile; either copy is complete.
    await rename(making, template).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(making, { recursive: true, force: true });
  }
}

async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  // The data files' format follows PGlite's version (its Postgres build).
  const pglite = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  hash.update(JSON.parse(await readFile(path.resolve(path.dirname(pglite), '../package.json'), 'utf8')).version);
  for (const name of await listMigrations()) {
    hash.update(name).update(await readFile(path.join(migrationsDir, name, 'migration.sql')));
  }
  return hash.digest('hex').slice(0, 16);
}
