import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { type ExecutionArgs, getOperationAST, GraphQLError } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { createPrisma, type PrismaClient } from './db/client.js';
import { DataFolderInUseError } from './db/data-folder-lock.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.js';
import { listMigrations, migrate } from './db/migrate.js';
import { loadOrCreateSecret, secretFile } from './db/secret.js';
import { seedDemo } from './db/seed.js';
import { createVetlineGraphQL } from './yoga.js';
import { WsOperations } from './ws-operations.js';
import { createDashboard } from './dashboard.js';
import { loadPersistedDocuments, resolvePersistedDocument } from './persisted-documents.js';
import { AUTHENTICATION_CODES, AuthenticationError, credentialsFromConnectionParams } from './auth/viewer.js';
import { ConnectionViewers } from './auth/connection-viewer.js';
import { createLoginThrottle, deploymentNamespace, type LoginThrottle } from './auth/login-throttle.js';
import { LiveSessions } from './auth/sessions.js';
import { signingKey } from './auth/tokens.js';
import { EventFeed, type CommitNotifier } from './events/feed.js';
import { createNotifier } from './events/notifier.js';
import { withLiveChannel } from './events/live.js';
import { SUBSCRIPTION_LIMITS, SubscriptionLimits } from './subscription-limits.js';
import { createRedisBudget } from './subscription-budget.js';
import { createMemoryPresence, createRedisPresence, type PresenceBoard } from './presence.js';
import { ReferenceData } from './cache/reference-data.js';
import { EXPIRY_SWEEP_MS, startExpirySweep } from './domain/expiry.js';
import { startPublicResponseCache, type PublicResponseCache } from './cache/public-responses.js';
import { HTTP_SERVER_OPTIONS, limitRequestBody, originAllowed } from './http-limits.js';
import { SHUTDOWN_GRACE_MS, trackInFlight } from './shutdown.js';
import { DatabaseOutage, isDatabaseUnavailable } from './db/outage.js';
import { waitForDatabase } from './db/wait.js';
import { clientAddressOf } from './client-address.js';
import { createOperationRateLimits, type OperationRateLimits } from './rate-limits.js';
import { quietFrameErrors } from './ws-errors.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { createModuleRestApi, isModuleApiPath } from './rest/module-api.js';
import { createMailer, type Mailer } from './mail.js';
import { createLogger, messageLog, yogaLogger, type Logger } from './observability/logger.js';
import { countStatement, OperationLog } from './observability/operations.js';
import { Metrics } from './observability/metrics.js';
import type { Tracing } from './observability/tracing.js';
import { LiveHub } from './events/live.js';
import { readDatabaseFigures } from './observability/figures.js';
import type pg from 'pg';

/** Limits of the WebSocket endpoint. */
export const WS_LIMITS = {
  /** Largest frame accepted; larger ones close the socket with 1009. */
  maxPayloadBytes: 64 * 1024,
  /** Time a client has to send ConnectionInit; then 4408. */
  connectionInitTimeoutMs: 5_000,
  /** Server pings this often so proxies keep the socket and dead peers are found. */
  keepAliveMs: 12_000,
  // Subscriptions per connection and per user: SUBSCRIPTION_LIMITS, shared with SSE.
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

/** Hooks for the process that embeds the app (main.ts logs; tests count SQL). */
export interface AppHooks {
  /** Where the app logs; by default JSON lines on stdout at `config.logLevel`. */
  logger?: Logger;
  /** Called with every SQL statement Prisma sends. */
  onQuery?: (sql: string) => void;
  /** Traces, when main.ts turned them on (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  tracing?: Tracing;
}

/**
 * One Vetline instance: the database (embedded or `DATABASE_URL`), migrations, the demo seed,
 * and one HTTP server that serves `/graphql` (HTTP and graphql-ws), `/health`, `/ready`, the
 * REST-compatible module API under `/api/` and the dashboard. It touches no process state; `main.ts` does.
 */
export function buildApp(config: Config, hooks: AppHooks = {}): VetlineApp {
  const { logger = createLogger({ level: config.logLevel }), onQuery } = hooks;
  // Start-up and outage notices only where the embedder asked for a logger (main.ts, tests that read them).
  const log = hooks.logger ? messageLog(logger) : () => {};
  let embedded: EmbeddedPostgres | undefined;
  let prisma: PrismaClient | undefined;
  let httpServer: ReturnType<typeof createServer> | undefined;
  let wsServer: WebSocketServer | undefined;
  let stopping: Promise<void> | undefined;
  let inFlight: ReturnType<typeof trackInFlight> | undefined;
  let databaseOutage: DatabaseOutage | undefined;
  let notifier: CommitNotifier | undefined;
  let feed: EventFeed | undefined;
  let loginThrottle: LoginThrottle | undefined;
  let rateLimits: OperationRateLimits | undefined;
  let webhooks: WebhookDispatcher | undefined;
  let subscriptionLimits: SubscriptionLimits | undefined;
  let mailer: Mailer | undefined;
  let presence: PresenceBoard | undefined;
  let stopExpiry: (() => Promise<void>) | undefined;
  /** The server's own address once it listens: the links in e-mail default to it. */
  let ownUrl = `http://${config.host}:${config.port}`;

  /** The token-signing key, checked before anything opens: a bad secret must stop start-up. */
  async function loadSigningKey(): Promise<Uint8Array> {
    const source = config.jwtSecret !== undefined ? 'JWT_SECRET' : `the file ${secretFile(config.dataDir)}`;
    try {
      return signingKey(config.jwtSecret ?? (await loadOrCreateSecret(config.dataDir)), source);
    } catch (error) {
      const fix = config.jwtSecret !== undefined ? 'Set JWT_SECRET to at least 32 characters.' : 'Delete that file to have a new secret generated (open sessions end), or set JWT_SECRET.';
      throw new StartupError(`${(error as Error).message} ${fix}`);
    }
  }
  let publicCache: PublicResponseCache | undefined;

  async function openDatabase(): Promise<string> {
    if (config.databaseUrl) return config.databaseUrl;
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, { onFailure: log, fromTemplate: true });
    } catch (error) {
      if (error instanceof DataFolderInUseError) throw new StartupError(error.message);
      throw new StartupError(
        `Cannot open the embedded database in ${config.dataDir}: ${(error as Error).message}. ` +
          'Set VETLINE_DATA_DIR to use another folder.',
      );
    }
    const made = embedded.fromTemplate ? ' (new, copied from a prepared template)' : '';
    log(`Embedded database (PGlite) in ${config.dataDir}${made}`);
    return embedded.url;
  }

  async function start(): Promise<RunningApp> {
    // Read first: a broken build stops start-up before anything is opened.
    const persistedDocuments = await loadPersistedDocuments(config.webDist).catch((error: Error) => {
      throw new StartupError(error.message);
    });
    const jwtSecret = await loadSigningKey();
    // Listen first, answering /health and a 503 elsewhere, so orchestrators see the process alive
    // while it waits for the database; the full handler replaces `handle` once set up.
    let handle: (req: IncomingMessage, res: ServerResponse) => void = starting;
    const server = createServer(HTTP_SERVER_OPTIONS, (req, res) => handle(req, res));
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
    let pool: pg.Pool | undefined;
    const db = createPrisma(databaseUrl, {
      maxConnections: embedded ? 1 : 10,
      sharedSession: !!embedded,
      onStatement: countStatement,
      onPool: (created) => (pool = created),
      ...(onQuery ? { onQuery } : {}),
    });
    prisma = db;
    const seeded = config.seedDemo ? await seedDemo(db, new Date(), config.demoModuleUrl) : false;
    if (seeded) log('Seeded the demo marketplace');

    const namespace = deploymentNamespace(config.databaseUrl, config.dataDir);
    try {
      notifier = await createNotifier(config.redisUrl, log, namespace);
      loginThrottle = await createLoginThrottle({ limits: config.loginLimits, redisUrl: config.redisUrl, namespace, log });
      rateLimits = await createOperationRateLimits({ limits: config.rateLimits, jwtSecret, redisUrl: config.redisUrl, namespace, log });
    } catch (error) {
      await stop();
      throw new StartupError(`Cannot connect to Redis at REDIS_URL: ${(error as Error).message}`);
    }
    const outage = new DatabaseOutage(() => db.$queryRaw`SELECT 1`, log);
    databaseOutage = outage;
    feed = new EventFeed(db, notifier, config.eventPollMs, () => outage.failed(), logger);
    await feed.start();
    const reference = new ReferenceData(db);
    await reference.start(feed);
    try {
      publicCache = await startPublicResponseCache(db, feed, config.redisUrl, log);
    } catch (error) {
      await stop();
      throw new StartupError(`Cannot open the response cache at REDIS_URL: ${(error as Error).message}`);
    }
    const dispatcher = new WebhookDispatcher(db, config.webhooks, log);
    webhooks = dispatcher;
    await dispatcher.start(feed);
    // Approved versions never released expire (policy days): swept at start, then hourly.
    stopExpiry = startExpirySweep(db, EXPIRY_SWEEP_MS, log);
    const liveFeed = feed;
    const liveSessions = new LiveSessions();
    // One subscription budget for graphql-ws and SSE; per user across instances with Redis.
    let limits: SubscriptionLimits;
    try {
      limits = new SubscriptionLimits(SUBSCRIPTION_LIMITS, config.redisUrl ? await createRedisBudget(config.redisUrl, namespace, log) : undefined);
    } catch (error) {
      await stop();
      throw new StartupError(`Cannot open the subscription budget at REDIS_URL: ${(error as Error).message}`);
    }
    subscriptionLimits = limits;
    let board: PresenceBoard;
    try {
      board = config.redisUrl ? await createRedisPresence(config.redisUrl, namespace) : createMemoryPresence();
    } catch (error) {
      await stop();
      throw new StartupError(`Cannot open presence at REDIS_URL: ${(error as Error).message}`);
    }
    presence = board;
    const cache = publicCache;
    const metrics = new Metrics({
      connections: () => wsServer?.clients.size ?? 0,
      users: () => liveSessions.users(),
      live: () => LiveHub.statsOf(liveFeed),
      catchUp: () => LiveHub.catchUpOf(liveFeed),
      cursor: () => liveFeed.cursor,
      cache: () => cache.lookups,
      webhookAttempts: () => dispatcher.attempts,
      pool,
      snapshot: () => readDatabaseFigures(db),
    });
    liveFeed.listenPages((events) => metrics.eventsRead(events));
    const operations = new OperationLog(logger, metrics, hooks.tracing);
    const { yoga, contextFor } = createVetlineGraphQL({
      loginThrottle,
      liveSessions,
      prisma: db,
      feed: liveFeed,
      subscriptionLimits: limits,
      // Demo sign-ins may be shown only where the demo seed is the data: the embedded mode.
      demoMode: config.seedDemo && !config.databaseUrl,
      jwtSecret,
      reference,
      publicCache,
      logging: yogaLogger(logger),
      observe: operations.plugin(),
      operations: metrics,
      ...(hooks.tracing ? { tracing: hooks.tracing.plugin } : {}),
      persistedDocuments,
      allowedOrigins: config.allowedOrigins,
      production: config.production,
      outage,
      rateLimits,
      webhooks: { allowPrivate: config.webhooks.allowPrivate, timeoutMs: config.webhooks.timeoutMs, poke: () => void dispatcher.poke() },
      mail: { mailer: (mailer = createMailer(config.mail, log)), publicUrl: () => config.publicUrl ?? ownUrl },
      presence: board,
    });

    const moduleApi = createModuleRestApi(yoga);
    const migrations = await listMigrations();
    const dashboard = createDashboard(config.webDist);

    handle = (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') return json(res, 200, { status: 'ok' });
      if (path === '/ready') return void ready(db, migrations).then(([status, body]) => json(res, status, body));
      if (path === '/graphql' || path?.startsWith('/graphql/')) {
        return limitRequestBody(req, res, () =>
          operations.http(req, res, (operation) => void yoga(req, res, { clientAddress: clientAddressOf(req, config.trustedProxies), operation })),
        );
      }
      // The REST-compatible module API: the same body limit, and (run through Yoga) the same rate limits.
      if (path && isModuleApiPath(path)) {
        return limitRequestBody(req, res, () => void moduleApi(req, res, { clientAddress: clientAddressOf(req, config.trustedProxies) }).catch((error: Error) => {
          log(`Module API request failed: ${error.message}`);
          res.destroy();
        }));
      }
      if (path === '/metrics') return void metrics.serve(req, res, config.metricsToken);
      if (dashboard) return dashboard(req, res, () => notFound(res));
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The dashboard is not built. Run `pnpm build`, or use the API at /graphql.\n');
    };

    // noServer: the HTTP server's own errors (a taken port) stay its own.
    // No per-message deflate: a zlib context per socket costs more memory than live events save.
    const wss = new WebSocketServer({ noServer: true, maxPayload: WS_LIMITS.maxPayloadBytes, perMessageDeflate: false });
    wsServer = wss;
    server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').split('?')[0] !== '/graphql') {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      // Browsers let any page open a WebSocket: only our own pages and the allowed origins may.
      if (!originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        wss.emit('connection', ws, req);
        // After graphql-ws' own listener: a client's bad frame is one log line, not a stack trace.
        quietFrameErrors(ws, log);
      });
    });
    // Each connection's viewer is resolved once; operations re-read only its access, batched.
    const connectionViewers = new ConnectionViewers(db, jwtSecret);
    const wsOperations = new WsOperations(yoga, contextFor, connectionViewers, (request) => clientAddressOf(request, config.trustedProxies), { tracing: !!hooks.tracing });
    useServer<Record<string, unknown> | undefined, { request: IncomingMessage; socket: import('ws').WebSocket }>(
      operations.graphqlWs({
        connectionInitWaitTimeout: WS_LIMITS.connectionInitTimeoutMs,
        execute: (args) => (args.rootValue as Enveloped).execute(args),
        subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
        // Bad or expired credentials close the socket with 4403, so the client can sign in again:
        // a bad token before the acknowledgement, an ended session as soon as its read says so.
        onConnect: async (ctx) => {
          const { socket } = ctx.extra;
          try {
            const { viewer, confirmed } = await connectionViewers.open(ctx.extra, credentialsFromConnectionParams(ctx.connectionParams));
            confirmed.catch((error: unknown) => {
              if (error instanceof AuthenticationError) return socket.close(4403, 'Forbidden');
              // The database is down: the outage's own line says so once; the client comes back later.
              if (isDatabaseUnavailable(error)) {
                outage.failed();
                return socket.close(1013, 'Try again later');
              }
              log(`A connection's session could not be read: ${(error as Error).message}`);
              socket.close(4500, 'Internal server error');
            });
            if (viewer.kind === 'user') {
              // Ending the session (logout, sign out everywhere, disabling) closes this socket at once.
              const forget = liveSessions.track(viewer.sessionId, viewer.id, () => socket.close(4403, 'Session ended'));
              socket.once('close', forget);
            }
            return true;
          } catch (error) {
            if (error instanceof AuthenticationError) return false;
            throw error;
          }
        },
        // A bad or refused operation gets an error for its own id; the socket and its other
        // subscriptions carry on (a throw here would close everything with 4500).
        onSubscribe: async (ctx, id, params) => {
          // Where "from now on" starts: events fed while the operation is set up are still its own.
          const since = liveFeed.cursor;
          // The dashboard sends a hash: run the text its build holds (HTTP does the same in yoga.ts).
          const resolved = resolvePersistedDocument(persistedDocuments, params);
          if (Array.isArray(resolved)) return resolved;
          const initial = wsOperations.initialContext(ctx, resolved);
          const document = wsOperations.check(ctx.extra, initial, resolved);
          if (Array.isArray(document)) return document;
          // Counted before the first await, so a burst of subscribes is counted exactly.
          if (getOperationAST(document, params.operationName)?.operation === 'subscription') {
            const refused = await limits.acquireOnConnection(ctx.extra, id, connectionViewers.userOf(ctx.extra));
            if (refused) return [refused];
          }
          let contextValue: unknown;
          try {
            contextValue = await contextFor(initial, { schema: wsOperations.schema, document });
          } catch (error) {
            limits.releaseOnConnection(ctx.extra, id);
            if (!(error instanceof GraphQLError)) throw error;
            // The session ended since the socket opened (expired token): the same 4403 as at connect.
            if (isAuthenticationFailure(error)) ctx.extra.socket.close(4403, 'Forbidden');
            // Otherwise (a spent rate limit, a bad idempotency key) only this operation is refused.
            return [error];
          }
          const args: ExecutionArgs = {
            schema: wsOperations.schema,
            document,
            operationName: params.operationName,
            variableValues: params.variables,
            contextValue,
            // Per operation: the operation log finds its operation by it.
            rootValue: { execute: wsOperations.execute, subscribe: wsOperations.subscribe },
          };
          withLiveChannel(args, ctx.extra.socket, id, since);
          return args;
        },
        onComplete: (ctx, id) => limits.releaseOnConnection(ctx.extra, id),
        onClose: (ctx) => limits.releaseConnection(ctx.extra),
      }),
      wss,
      WS_LIMITS.keepAliveMs,
    );

    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    ownUrl = `http://${host}:${port}`;
    return { url: ownUrl, port, prisma: db, seeded };
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
      // Before the database closes: attempts in flight are cut and their deliveries released.
      await webhooks?.stop();
      await stopExpiry?.();
      await feed?.stop();
      await publicCache?.stop();
      await notifier?.close();
      await loginThrottle?.close();
      await rateLimits?.close();
      await subscriptionLimits?.budget.close?.();
      await presence?.close();
      mailer?.close();
      await prisma?.$disconnect();
      await embedded?.stop();
    })();
    return stopping;
  }

  return { start, stop };
}

/** Whether the context factory refused the connection's credentials (see yoga.ts). */
function isAuthenticationFailure(error: GraphQLError) {
  return (Object.values(AUTHENTICATION_CODES) as unknown[]).includes(error.extensions['code']);
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
