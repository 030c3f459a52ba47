import { buildApp, StartupError } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { SHUTDOWN_GRACE_MS } from './shutdown.js';
import { createLogger, messageLog, type Logger } from './observability/logger.js';
import { startTracing, type Tracing } from './observability/tracing.js';

let logger: Logger | undefined;

/** Exits once the log lines written so far are out (stdout is written asynchronously). */
function exit(code: number): void {
  if (!logger) process.exit(code);
  logger.flush(() => process.exit(code));
  setTimeout(() => process.exit(code), 1_000).unref();
}

// The only module that reads the environment, listens and exits.
async function main() {
  const config = loadConfig(process.env);
  // JSON lines for collectors; readable ones when a person watches the terminal.
  logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const log = messageLog(logger);
  // Traces only when an OTLP endpoint is set: otherwise no OpenTelemetry code is even loaded.
  const tracing: Tracing | undefined = config.tracesEndpoint ? await startTracing() : undefined;
  if (tracing) log(`Traces are exported over OTLP/HTTP to ${new URL(config.tracesEndpoint!).origin}`);
  const app = buildApp(config, { logger, ...(tracing ? { tracing } : {}) });
  // Signals are handled from the start: a shutdown while waiting for the database is clean too.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing connections…`);
    // In-flight requests get SHUTDOWN_GRACE_MS; a stop that hangs after that (a vanished data
    // folder, a stuck client) must not keep the process alive.
    setTimeout(() => {
      logger?.error(`Shutdown took over ${(SHUTDOWN_GRACE_MS + 5_000) / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 5_000).unref();
    // Spans still buffered are sent before exit.
    app.stop().then(() => tracing?.shutdown()).then(
      () => exit(0),
      (error: unknown) => {
        logger?.error({ err: error }, 'Shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  const running = await app.start();
  log(`Ready on ${running.url}  (dashboard /, GraphQL and GraphiQL /graphql, /health, /ready)`);
  if (!config.databaseUrl) log('Demo sign-in: admin@vetline.dev, rita@vetline.dev, anna@acme.dev … password vetline-demo');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(`[vetline] ${error.message}`);
  } else {
    console.error('[vetline] Unexpected start-up failure:', error);
  }
  exit(1);
});
