import { buildApp, type RunningApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import type { Logger } from '../../server/src/observability/logger.js';
import { tempDir } from './embedded.js';
import { createTestDatabase, postgresAvailable } from './postgres.js';

export interface TestServer extends RunningApp {
  stop(): Promise<void>;
}

/**
 * A real Vetline on a free port with the demo seed: the embedded database in a temporary folder,
 * or the Postgres at `databaseUrl`. `stop()` closes it and removes the folder.
 */
export async function startTestServer(
  options: {
    backend?: Backend;
    databaseUrl?: string;
    env?: Record<string, string>;
    onQuery?: (sql: string) => void;
    /** Where the server logs (`serverLog()` to read it); JSON lines on stdout at `error` otherwise. */
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  if (options.backend === 'postgres' && !options.databaseUrl) {
    const database = await createTestDatabase();
    const server = await startTestServer({ ...options, databaseUrl: database.url }).catch(async (error: unknown) => {
      await database.drop();
      throw error;
    });
    return {
      ...server,
      async stop() {
        await server.stop();
        await database.drop();
      },
    };
  }
  const data = await tempDir();
  const config = loadConfig({
    PORT: '0',
    VETLINE_DATA_DIR: data.dir,
    LOG_LEVEL: 'error',
    ...(options.databaseUrl
      ? { DATABASE_URL: options.databaseUrl, JWT_SECRET: 'test-secret-that-is-at-least-32-chars', VETLINE_SEED_DEMO: 'true' }
      : {}),
    ...options.env,
  });
  const app = buildApp(config, { ...(options.onQuery ? { onQuery: options.onQuery } : {}), ...(options.logger ? { logger: options.logger } : {}) });
  try {
    const running = await app.start();
    return {
      ...running,
      async stop() {
        await app.stop();
        await data.remove();
      },
    };
  } catch (error) {
    await data.remove();
    throw error;
  }
}

export type Backend = 'pglite' | 'postgres';

/**
 * The databases a server suite runs on: the embedded one always, the machine's PostgreSQL when it
 * answers (required on CI). Use with `describe.each(await serverBackends())('… on %s', …)`.
 */
export async function serverBackends(): Promise<Backend[]> {
  return (await postgresAvailable()) ? ['pglite', 'postgres'] : ['pglite'];
}
