import { buildApp, type RunningApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { tempDir } from './embedded.js';

export interface TestServer extends RunningApp {
  stop(): Promise<void>;
}

/**
 * A real Vetline on a free port with the demo seed: the embedded database in a temporary folder,
 * or the Postgres at `databaseUrl`. `stop()` closes it and removes the folder.
 */
export async function startTestServer(
  options: { databaseUrl?: string; env?: Record<string, string>; onQuery?: (sql: string) => void } = {},
): Promise<TestServer> {
  const data = await tempDir();
  const config = loadConfig({
    PORT: '0',
    VETLINE_DATA_DIR: data.dir,
    LOG_LEVEL: 'error',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, JWT_SECRET: 'test-secret-that-is-at-least-32-chars' } : {}),
    ...options.env,
  });
  const app = buildApp(config, options.onQuery ? { onQuery: options.onQuery } : {});
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
