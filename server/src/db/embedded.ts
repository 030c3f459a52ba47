import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** An in-process Postgres (PGlite) persisted in a folder and served on a loopback port. */
export interface EmbeddedPostgres {
  /** A postgres:// URL that `pg`, Prisma Client and the Prisma CLI can connect to. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens (or creates) the PGlite database in `dataDir` and serves it over the Postgres wire
 * protocol on 127.0.0.1, so the embedded mode uses the same driver, schema and migrations as a
 * real Postgres.
 *
 * PGlite is one backend session: the socket server queues the queries of its `maxConnections`
 * connections, and while one connection is in a transaction the others wait. Concurrent queries
 * on two connections can interleave their extended-protocol messages, so the app's pool uses one
 * connection; the others serve start-up migrations and tools.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections = 8): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
