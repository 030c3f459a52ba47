import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { createPrisma, type PrismaClient } from './db/client.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
import { listMigrations, migrate } from './db/migrate.js';
import { loadOrCreateSecret } from './db/secret.js';
import { seedDemo } from './db/seed.js';
import { createVetlineYoga } from './yoga.js';
import { createDashboard } from './dashboard.js';
import { loadPersistedDocuments, resolvePersistedDocument } from './persisted-documents.js';
import { AuthenticationError, credentialsFromConnectionParams, resolveViewer } from './auth/viewer.js';
import { EventFeed, type CommitNotifier } from './events/feed.js';
import { createNotifier } from './events/notifier.js';
import { SHUTDOWN_GRACE_MS, trackInFlight } from './shutdown.js';
import { DatabaseOutage } from './db/outage.js';
import { waitForDatabase } from './db/wait.js';

/** Limits of the WebSocket endpoint. */
export const WS_LIMITS = {
  /** Largest frame accepted; larger ones close the socket with 1009. */
  maxPayloadBytes: 64 * 1024,
  /** Time a client has to send ConnectionInit; then 4408. */
  connectionInitTimeoutMs: 5_000,
  /** Server pings this often so proxies keep the socket and dead peers are found. */
  keepAliveMs: 12_000,
  /** Active subscriptions one connection may hold; one more closes it with 4429. */
  subscriptionsPerConnection: 25,
  /** Active subscriptions one user may hold across connections. */
  subscriptionsPerUser: 100,
} as const;

/** A start-up failure with a message meant for the person starting Vetline. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface RunningApp {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  port: number;
  prisma: PrismaClient;
  /** Whether the demo data was seeded by this start. */
  seeded: boolean;
}

export interface VetlineApp {
  start(): Promise<RunningApp>;
  /** Closes WebSockets (1001, so clients reconnect), the HTTP server, the database. */
  stop(): Promise<void>;
}

type Log = (message: string) => void;

/** Hooks for the process that embeds the app (main.ts logs; tests count SQL). */
export interface AppHooks {
  log?: Log;
  /** Called with every SQL statement Prisma sends. */
  onQuery?: (sql: string) => void;
}

/**
 * One Vetline instance: the database (embedded or `DATABASE_URL`), migrations, the demo seed,
 * and one HTTP server that serves `/graphql` (HTTP and graphql-ws), `/health`, `/ready` and the
 * dashboard. It touches no process state; `main.ts` does.
 */
export function buildApp(config: Config, { log = () => {}, onQuery }: AppHooks = {}): VetlineApp {
  let embedded: EmbeddedPostgres | undefined;
  let prisma: PrismaClient | undefined;
  let httpServer: ReturnType<typeof createServer> | undefined;
  let wsServer: WebSocketServer | undefined;
  let stopping: Promise<void> | undefined;
  let inFlight: ReturnType<typeof trackInFlight> | undefined;
  let databaseOutage: DatabaseOutage | undefined;
  let notifier: CommitNotifier | undefined;
  let feed: EventFeed | undefined;

  async function openDatabase(): Promise<string> {
    if (config.databaseUrl) return config.databaseUrl;
    try {
      embedded = await startEmbeddedPostgres(config.dataDir);
    } catch (error) {
      throw new StartupError(
        `Cannot open the embedded database in ${config.dataDir}: ${(error as Error).message}. ` +
          'Is another Vetline using this folder? Set VETLINE_DATA_DIR to use another one.',
      );
    }
    log(`Embedded database (PGlite) in ${config.dataDir}`);
    return embedded.url;
  }

  async function start(): Promise<RunningApp> {
    // Read first: a broken build stops start-up before anything is opened.
    const persistedDocuments = await loadPersistedDocuments(config.webDist).catch((error: Error) => {
      throw new StartupError(error.message);
    });
    // Listen first, answering /health and a 503 elsewhere, so orchestrators see the process alive
    // while it waits for the database; the full handler replaces `handle` once set up.
    let handle: (req: IncomingMessage, res: ServerResponse) => void = starting;
    const server = createServer((req, res) => handle(req, res));
    httpServer = server;
    inFlight = trackInFlight(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          new StartupError(
            error.code === 'EADDRINUSE'
              ? `Port ${config.port} on ${config.host} is already in use. Set PORT to a free port (or 0 for any).`
              : error.code === 'EACCES'
                ? `Not allowed to listen on port ${config.port}. Use a port above 1023.`
                : `Cannot listen on ${config.host}:${config.port}: ${error.message}`,
          ),
        );
      });
      server.listen(config.port, config.host, resolve);
    }).catch(async (error) => {
      await stop();
      throw error;
    });
    const databaseUrl = await openDatabase();
    if (config.databaseUrl) {
      const wait = { log, maxWaitMs: config.databaseWaitSeconds * 1000, stopped: () => stopping !== undefined };
      await waitForDatabase(databaseUrl, wait).catch(async (error: unknown) => {
        await stop();
        throw new StartupError(describeDatabaseError(error, config.databaseUrl));
      });
    }
    try {
      const { applied } = await migrate(databaseUrl);
      log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
    } catch (error) {
      await embedded?.stop();
      throw new StartupError(describeDatabaseError(error, config.databaseUrl));
    }
    // PGlite is one backend session: two pooled connections would interleave their extended-
    // protocol messages (one's Bind meeting the other's Parse), so the embedded mode uses one.
    const db = createPrisma(databaseUrl, { maxConnections: embedded ? 1 : 10, ...(onQuery ? { onQuery } : {}) });
    prisma = db;
    const seeded = config.seedDemo ? await seedDemo(db) : false;
    if (seeded) log('Seeded the demo marketplace');

    const secret = config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir));
    const jwtSecret = new TextEncoder().encode(secret);
    try {
      notifier = await createNotifier(config.redisUrl, log);
    } catch (error) {
      await stop();
      throw new StartupError(`Cannot connect to Redis at REDIS_URL: ${(error as Error).message}`);
    }
    const outage = new DatabaseOutage(() => db.$queryRaw`SELECT 1`, log);
    databaseOutage = outage;
    feed = new EventFeed(db, notifier, config.eventPollMs, () => outage.failed());
    await feed.start();
    const liveFeed = feed;
    const yoga = createVetlineYoga({
      prisma: db,
      feed: liveFeed,
      // Demo sign-ins may be shown only where the demo seed is the data: the embedded mode.
      demoMode: config.seedDemo && !config.databaseUrl,
      jwtSecret,
      logging: config.logLevel === 'silent' ? false : config.logLevel === 'info' ? 'warn' : config.logLevel,
      persistedDocuments,
      outage,
    });

    const migrations = await listMigrations();
    const dashboard = createDashboard(config.webDist);

    handle = (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') return json(res, 200, { status: 'ok' });
      if (path === '/ready') return void ready(db, migrations).then(([status, body]) => json(res, status, body));
      if (path === '/graphql' || path?.startsWith('/graphql/')) return void yoga(req, res);
      if (dashboard) return dashboard(req, res, () => notFound(res));
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The dashboard is not built. Run `pnpm build`, or use the API at /graphql.\n');
    };

    // noServer: the HTTP server's own errors (a taken port) stay its own.
    const wss = new WebSocketServer({ noServer: true, maxPayload: WS_LIMITS.maxPayloadBytes });
    wsServer = wss;
    server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').split('?')[0] !== '/graphql') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    });
    // Active subscriptions per user, across this instance's connections.
    const perUser = new Map<string, number>();
    const userOf = new WeakMap<object, string>();
    useServer<Record<string, unknown> | undefined, { request: IncomingMessage; socket: import('ws').WebSocket }>(
      {
        connectionInitWaitTimeout: WS_LIMITS.connectionInitTimeoutMs,
        execute: (args) => (args.rootValue as Enveloped).execute(args),
        subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
        // Bad or expired credentials close the socket with 4403, so the client can sign in again.
        onConnect: async (ctx) => {
          try {
            const viewer = await resolveViewer(db, jwtSecret, credentialsFromConnectionParams(ctx.connectionParams));
            if (viewer.kind === 'user') userOf.set(ctx.extra, viewer.id);
            return true;
          } catch (error) {
            if (error instanceof AuthenticationError) return false;
            throw error;
          }
        },
        onSubscribe: async (ctx, _id, params) => {
          const user = userOf.get(ctx.extra);
          const active = Object.keys(ctx.subscriptions).length;
          if (active >= WS_LIMITS.subscriptionsPerConnection || (user && (perUser.get(user) ?? 0) >= WS_LIMITS.subscriptionsPerUser)) {
            ctx.extra.socket.close(4429, 'Too many subscriptions');
            return [new GraphQLError('Too many subscriptions')];
          }
          // The dashboard sends a hash: run the text its build holds (HTTP does the same in yoga.ts).
          const resolved = resolvePersistedDocument(persistedDocuments, params);
          if (Array.isArray(resolved)) return resolved;
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
            ...ctx,
            request: undefined,
            connectionParams: ctx.connectionParams ?? {},
            params: resolved,
          });
          const document = parse(resolved.query);
          const errors = validate(schema, document);
          if (errors.length > 0) return errors;
          if (user) perUser.set(user, (perUser.get(user) ?? 0) + 1);
          const args: ExecutionArgs = {
            schema,
            document,
            operationName: params.operationName,
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
          };
          return args;
        },
        onComplete: (ctx) => {
          const user = userOf.get(ctx.extra);
          if (user) perUser.set(user, Math.max(0, (perUser.get(user) ?? 1) - 1));
        },
        onClose: (ctx) => {
          const user = userOf.get(ctx.extra);
          // Subscriptions still open when the socket closes complete without onComplete.
          if (user) perUser.set(user, Math.max(0, (perUser.get(user) ?? 0) - Object.keys(ctx.subscriptions).length));
        },
      },
      wss,
      WS_LIMITS.keepAliveMs,
    );

    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return { url: `http://${host}:${port}`, port, prisma: db, seeded };
  }

  function stop() {
    stopping ??= (async () => {
      // Stop accepting first, then tell WebSocket clients to reconnect elsewhere, then let
      // in-flight HTTP requests finish (bounded) before the database closes under them.
      if (inFlight?.inFlight) log(`Shutdown: letting ${inFlight.inFlight} in-flight request(s) finish (up to ${SHUTDOWN_GRACE_MS / 1000} s)`);
      const drained = httpServer?.listening ? inFlight?.drain() : undefined;
      for (const client of wsServer?.clients ?? []) client.close(1001, 'Server is going away');
      await new Promise<void>((resolve) => (wsServer ? wsServer.close(() => resolve()) : resolve()));
      const cut = await drained;
      if (cut) log(`Shutdown: ${cut} request(s) still running after ${SHUTDOWN_GRACE_MS / 1000} s were cut`);
      databaseOutage?.stop();
      await feed?.stop();
      await notifier?.close();
      await prisma?.$disconnect();
      await embedded?.stop();
    })();
    return stopping;
  }

  return { start, stop };
}

/** Yoga's enveloped execute/subscribe, passed to graphql-ws through `rootValue`. */
type Enveloped = {
  execute: NonNullable<ServerOptions['execute']>;
  subscribe: NonNullable<ServerOptions['subscribe']>;
};

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The answers while start-up waits for the database: alive, not ready, GraphQL a clear 503. */
function starting(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/health') return json(res, 200, { status: 'ok' });
  if (path === '/ready') return json(res, 503, { status: 'starting: database unavailable' });
  res.setHeader('retry-after', '5');
  json(res, 503, { errors: [{ message: 'Vetline is starting: the database is unavailable. Try again shortly.', extensions: { code: 'DATABASE_UNAVAILABLE' } }] });
}

function notFound(res: ServerResponse) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found\n');
}

/** Ready when the database answers and every committed migration is applied. */
async function ready(prisma: PrismaClient, migrations: string[]): Promise<[number, unknown]> {
  try {
    const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = migrations.filter((name) => !applied.has(name));
    if (pending.length) return [503, { status: 'migrations pending', pending }];
    return [200, { status: 'ready' }];
  } catch (error) {
    // The driver's text stays in the log (once per outage), not in a public answer.
    void error;
    return [503, { status: 'database unavailable' }];
  }
}

/** Turns a connection failure into a sentence that says what to check. */
function describeDatabaseError(error: unknown, databaseUrl: string | undefined): string {
  const err = error as NodeJS.ErrnoException & { cause?: unknown };
  const where = databaseUrl ? safeUrl(databaseUrl) : 'the embedded database';
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Cannot connect to the database at ${where}: connection refused. Is Postgres running there? Check DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot connect to the database at ${where}: the host name does not resolve. Check DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `The database at ${where} refused the credentials. Check the user and password in DATABASE_URL.`;
    case '3D000':
      return `The database named in DATABASE_URL (${where}) does not exist. Create it first.`;
    default:
      return `Cannot prepare the database at ${where}: ${err.message}`;
  }
}

/** The URL without its password, for messages. */
function safeUrl(url: string) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
