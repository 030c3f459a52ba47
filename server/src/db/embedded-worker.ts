/**
 * The embedded database's thread: PGlite and its wire-protocol server, started by
 * `startEmbeddedPostgres` (embedded.ts) with `new Worker(...)`. PGlite runs Postgres compiled to
 * WebAssembly synchronously, so a slow query here holds this thread only, never the server's.
 *
 * Messages: it posts `{ type: 'ready' }` once the socket listens, or `{ type: 'error', message }`;
 * on `{ type: 'stop' }` it closes the socket and the database and posts `{ type: 'stopped' }`.
 */
import fs from 'node:fs';
import { unlink } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** What `startEmbeddedPostgres` hands this thread. */
export interface EmbeddedWorkerData {
  dataDir: string;
  socketPath: string;
  maxConnections: number;
}

/** What this thread posts back. */
export type EmbeddedWorkerMessage = { type: 'ready' } | { type: 'stopped' } | { type: 'error'; message: string };

const OWNER_ONLY = ~0o077;

/**
 * PGlite's file system (Emscripten's NODEFS) creates files 0777 and then chmods them 0666, and a
 * worker may not set the umask, so this thread's own `fs` drops group and other bits from every
 * mode it is given. Builtins are per thread: the server's `fs` is untouched.
 */
function createFilesOwnerOnly() {
  const { writeFileSync, openSync, mkdirSync, chmodSync, fchmodSync } = fs;
  const mask = (mode: fs.Mode | null | undefined) => (typeof mode === 'number' ? mode & OWNER_ONLY : (mode ?? undefined));
  fs.writeFileSync = ((file, data, options) =>
    writeFileSync(file, data, typeof options === 'object' && options ? { ...options, mode: mask(options.mode) } : options)) as typeof fs.writeFileSync;
  fs.openSync = ((file, flags, mode) => openSync(file, flags, mask(mode ?? undefined))) as typeof fs.openSync;
  fs.mkdirSync = ((dir, options) =>
    mkdirSync(dir, typeof options === 'object' && options ? { ...options, mode: mask(options.mode) } : mask(options))) as typeof fs.mkdirSync;
  fs.chmodSync = (file, mode) => chmodSync(file, mask(mode) ?? mode);
  fs.fchmodSync = (fd, mode) => fchmodSync(fd, mask(mode) ?? mode);
  // PGlite imports `fs` as an ES module namespace, which follows the CommonJS object only on request.
  syncBuiltinESMExports();
}

async function main(port: NonNullable<typeof parentPort>, { dataDir, socketPath, maxConnections }: EmbeddedWorkerData) {
  const post = (message: EmbeddedWorkerMessage) => port.postMessage(message);
  createFilesOwnerOnly();
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(dataDir);
    // A socket left by a killed server would make listen() fail; the data-folder lock says it is not in use.
    await unlink(socketPath).catch(() => {});
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
    await server.start();
    // The folder (0700) already keeps others out; the socket itself says the same.
    fs.chmodSync(socketPath, 0o600);
  } catch (error) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    port.close();
    return;
  }
  const [openDb, openServer] = [db, server];
  port.on('message', (message: { type: 'stop' }) => {
    if (message.type !== 'stop') return;
    void (async () => {
      await openServer.stop();
      await openDb.close();
      post({ type: 'stopped' });
      port.close();
    })();
  });
  post({ type: 'ready' });
}

if (parentPort) await main(parentPort, workerData as EmbeddedWorkerData);
