import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lockDataFolder } from './data-folder-lock.js';
import { copyTemplate } from './embedded-template.js';
import type { EmbeddedWorkerData, EmbeddedWorkerMessage } from './embedded-worker.js';

/** PGlite persisted in a folder, running in its own thread and served on a Unix socket in that folder. */
export interface EmbeddedPostgres {
  /** A postgres:// URL that `pg`, Prisma Client and the Prisma CLI can connect to. */
  url: string;
  /** The Unix socket the database listens on (owner-only, inside the data folder). */
  socketPath: string;
  /** Whether this start made the folder from the prepared template. */
  fromTemplate: boolean;
  /** Stops the database thread and releases the data folder. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Connections the socket server accepts; their queries queue on PGlite's one session. */
  maxConnections?: number;
  /** Told when the database thread dies after start-up, or the folder lock is lost. */
  onFailure?: (message: string) => void;
  /** Start a new folder as a copy of a prepared, migrated one (see embedded-template.ts). */
  fromTemplate?: boolean;
}

// `pg` reaches a Unix socket as <host folder>/.s.PGSQL.<port>, like libpq; 5432 is its default port.
const SOCKET_NAME = '.s.PGSQL.5432';
// sun_path holds 108 bytes on Linux (104 on macOS), the final NUL included.
const MAX_SOCKET_PATH = 103;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Opens (or creates) the PGlite database in `folder` and serves it over the Postgres wire
 * protocol, so the embedded mode uses the same driver, schema and migrations as a real Postgres.
 *
 * PGlite runs in a worker thread: its queries are synchronous WebAssembly, and on the server's
 * thread one slow query would stall every request. It is reached over a Unix socket inside the
 * data folder, which is made owner-only (0700), and the folder is locked so that one server
 * owns it.
 *
 * PGlite is one backend session: the socket server queues the queries of its `maxConnections`
 * connections, and while one connection is in a transaction the others wait. Concurrent queries
 * on two connections can interleave their extended-protocol messages, so the app's pool uses one
 * connection; the others serve start-up migrations and tools.
 * @throws DataFolderInUseError when another server holds the folder; an Error naming the cause
 * when the database cannot be opened.
 */
export async function startEmbeddedPostgres(folder: string, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const { maxConnections = 8, onFailure = () => {} } = options;
  // `pg` takes a host that starts with '/' for a socket folder.
  const dataDir = path.resolve(folder);
  const socketPath = path.join(dataDir, SOCKET_NAME);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new Error(`its path is too long for a Unix socket (${socketPath}); use a folder with a shorter path`);
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // An existing folder keeps whatever mode it had; the database in it is for this user only.
  await chmod(dataDir, 0o700);
  const release = await lockDataFolder(dataDir, (error) => onFailure(`Lost the lock on ${dataDir}: ${error.message}`));

  let worker: Worker;
  let copied = false;
  try {
    if (options.fromTemplate && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
      copied = await copyTemplate(dataDir, (dir) => startEmbeddedPostgres(dir, { maxConnections: 1 }), onFailure);
    }
    worker = await startWorker({ dataDir, socketPath, maxConnections });
  } catch (error) {
    await release();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  worker.on('exit', (code) => {
    if (!stopping) onFailure(`The embedded database stopped unexpectedly (worker exit code ${code})`);
  });
  worker.on('error', (error) => onFailure(`The embedded database failed: ${error.message}`));
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dataDir)}&sslmode=disable`,
    socketPath,
    fromTemplate: copied,
    stop() {
      stopping ??= stopWorker(worker).then(release);
      return stopping;
    },
  };
}

/** Starts the database thread and resolves once its socket listens. */
function startWorker(data: EmbeddedWorkerData): Promise<Worker> {
  const { file, ...entryOptions } = workerEntry();
  const worker = new Worker(file, { workerData: data, ...entryOptions });
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      worker.removeAllListeners();
      worker.on('error', () => {});
      void worker.terminate();
      reject(new Error(message));
    };
    worker.on('message', (message: EmbeddedWorkerMessage) => {
      if (message.type === 'ready') {
        worker.removeAllListeners();
        resolve(worker);
      } else if (message.type === 'error') {
        fail(message.message);
      }
    });
    worker.once('error', (error) => fail(error.message));
    worker.once('exit', (code) => fail(`the database thread exited with code ${code} before it was ready`));
  });
}

/** Asks the thread to close the socket and the database; ends it if it does not within the timeout. */
async function stopWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage({ type: 'stop' });
  const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** The worker module beside this one: built JavaScript, or TypeScript through tsx in tests and `pnpm dev`. */
function workerEntry(): { file: URL | string; eval?: true } {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.js')) return { file: new URL('./embedded-worker.js', import.meta.url) };
  // Node 20 does not apply `--import tsx` to a worker's entry; tsx's own import function does.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./embedded-worker.ts', import.meta.url).href;
  return { file: `import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, eval: true };
}
