import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../server/src/db/embedded.js';
import type { TestDatabase } from './postgres.js';

/** A temporary folder, removed by `remove()`. */
export async function tempDir(prefix = 'vetline-test-') {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh embedded (PGlite) database in a temporary folder. */
export async function createEmbeddedDatabase(): Promise<TestDatabase> {
  const { dir, remove } = await tempDir('vetline-pglite-');
  const embedded = await startEmbeddedPostgres(dir);
  return {
    url: embedded.url,
    async drop() {
      await embedded.stop();
      await remove();
    },
  };
}
