import { GraphQLError, type DefinitionNode } from 'graphql';
import { createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { PrismaClient } from './db/client.js';
import type { Context } from './context.js';
import { idempotencyKeyFrom, idempotencyKeyFromExtensions } from './db/idempotency.js';
import type { DatabaseOutage } from './db/outage.js';
import type { EventFeed } from './events/feed.js';
import { RecordedEvents } from './events/log.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { LiveSessions } from './auth/sessions.js';
import type { ReferenceData } from './cache/reference-data.js';
import { usePublicResponseCache, type PublicResponseCache } from './cache/public-responses.js';
import { ApiKeyCache } from './cache/api-keys.js';
import {
  AUTHENTICATION_CODES,
  AuthenticationError,
  credentialsFromConnectionParams,
  credentialsFromHeaders,
  resolveViewer,
  type Viewer,
} from './auth/viewer.js';
import { schema } from './schema/index.js';
import { usePersistedDocuments, type PersistedDocuments } from './persisted-documents.js';
import { type SubscriptionLimits, useSseSubscriptionLimits } from './subscription-limits.js';
import { useQueryLimits } from './limits.js';
import { corsFor, useJsonPostsOnly } from './http-limits.js';
import type { OperationRateLimits, ValidatedOperation } from './rate-limits.js';
import type { Operation } from './observability/operations.js';

export interface YogaDeps {
  prisma: PrismaClient;
  feed: EventFeed;
  /** The per-user subscription budget that server-sent events share with graphql-ws. */
  subscriptionLimits: SubscriptionLimits;
  demoMode: boolean;
  jwtSecret: Uint8Array;
  loginThrottle: LoginThrottle;
  liveSessions: LiveSessions;
  reference: ReferenceData;
  publicCache: PublicResponseCache;
  /** Yoga's logger or log level; unexpected errors are logged at `error`, masked for clients. */
  logging: 'debug' | 'info' | 'warn' | 'error' | false | YogaLogger;
  /** Tells each HTTP request's log line and metrics its operation, viewer and outcome. */
  observe?: Plugin;
  /** The operation and resolver spans, when traces are on. */
  tracing?: Plugin;
  /** The dashboard's documents, which it sends as hashes; none when the dashboard is not built. */
  persistedDocuments?: PersistedDocuments;
  /** Foreign origins allowed by CORS (VETLINE_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Production mode: the public gets no introspection and no field suggestions. */
  production?: boolean;
  /** Charges every operation's cost to its caller's budget before the context (and any SQL). */
  rateLimits?: OperationRateLimits;
  /** Webhook settings the mutations apply, and a nudge for the dispatcher. */
  webhooks: Context['webhooks'];
  /** E-mail for team invitations. */
  mail: Context['mail'];
  /** The operations page's figures (the metrics' own). */
  operations: Context['operations'];
  /** Staff presence on versions. */
  presence: Context['presence'];
  /** Turns database outages into one log line and a clear 503 instead of a stack per request. */
  outage?: DatabaseOutage;
}

/** What the server adds to Yoga's own context: graphql-ws passes `connectionParams`; both pass the peer's address. */
export interface ServerContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  /** The client's IP address as the socket sees it (`app.ts` sets it for HTTP and WebSocket). */
  clientAddress?: string | undefined;
  /** graphql-ws: the connection's viewer for this operation (see `auth/connection-viewer.ts`). */
  connectionViewer?: () => Promise<Viewer>;
  /** HTTP: this request's log line and metrics (see `observability/operations.ts`). */
  operation?: Operation;
}

export type VetlineYoga = YogaServerInstance<ServerContext, Context>;

/** Yoga's initial context for a graphql-ws operation: small, built per operation from the connection's parts. */
export type WsInitialContext = Required<Pick<ServerContext, 'connectionParams' | 'connectionViewer'>> & {
  clientAddress: string | undefined;
  /** The subscribe message's payload (the query limits read its variables, the context its extensions). */
  params: {
    query?: string | undefined;
    operationName?: string | null | undefined;
    variables?: Record<string, unknown> | null | undefined;
    extensions?: Record<string, unknown> | null | undefined;
  };
};

/**
 * Yoga, and the context factory it calls, for graphql-ws' operations to call directly (app.ts):
 * that factory is the only context hook, so the result is the context Yoga would build, without
 * copying it into the initial context. `validated` is the operation's document, for the rate limits.
 */
export interface VetlineGraphQL {
  yoga: VetlineYoga;
  contextFor(initial: WsInitialContext, validated: ValidatedOperation): Promise<Context>;
}

/**
 * The GraphQL server: one context factory for HTTP and WebSocket, so every plugin, limit and
 * auth rule applies on both; graphql-ws calls the factory directly (see {@link VetlineGraphQL}).
 * It never listens; `app.ts` mounts it.
 */
export function createVetlineGraphQL(deps: YogaDeps): VetlineGraphQL {
  const { prisma, feed, subscriptionLimits, demoMode, jwtSecret, loginThrottle, liveSessions, reference, publicCache, logging, persistedDocuments, outage, webhooks, mail, operations } = deps;
  const { allowedOrigins = [], production = false, rateLimits } = deps;
  // API keys stay resolved while no committed change moved the response cache's generation.
  const apiKeys = new ApiKeyCache(() => publicCache.store.generation());
  // One resolution per HTTP request, shared by the response cache (its audience) and the context.
  const viewers = new WeakMap<Request, Promise<Viewer>>();
  const viewerOf = (request: Request) => {
    let viewer = viewers.get(request);
    if (!viewer) viewers.set(request, (viewer = resolveViewer(prisma, jwtSecret, credentialsFromHeaders(request.headers), apiKeys)));
    return viewer;
  };
  async function contextFor(initial: ServerContext & { request?: Request; params?: WsInitialContext['params'] }, validated?: ValidatedOperation): Promise<Context> {
    const { request, connectionParams, connectionViewer, clientAddress = '', params } = initial;
    // Before the viewer is looked up: a spent budget is refused without SQL.
    await rateLimits?.charge(initial, validated);
    try {
      const viewer = connectionViewer
        ? await connectionViewer()
        : connectionParams
          ? await resolveViewer(prisma, jwtSecret, credentialsFromConnectionParams(connectionParams), apiKeys)
          : await viewerOf(request!);
      // HTTP: the Idempotency-Key header; graphql-ws: the subscribe message's `extensions.idempotencyKey`.
      const idempotencyKey = connectionParams ? idempotencyKeyFromExtensions(params?.extensions) : idempotencyKeyFrom(request!.headers);
      return {
        prisma,
        feed,
        demoMode,
        viewer,
        jwtSecret,
        clientAddress,
        loginThrottle,
        liveSessions,
        reference,
        idempotencyKey,
        recordedEvents: new RecordedEvents(),
        webhooks,
        mail,
        operations,
        presence: deps.presence,
        cache: { visibleApps: new Set(), appPartner: new Map() },
      };
    } catch (error) {
      if (error instanceof AuthenticationError) {
        throw new GraphQLError(error.message, {
          extensions: { code: AUTHENTICATION_CODES[error.reason], http: { status: 401 } },
        });
      }
      throw error;
    }
  }
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Vetline GraphQL', subscriptionsProtocol: 'WS' },
    // GraphiQL from the installed package: nothing is loaded from a CDN.
    renderGraphiQL,
    logging: outage ? outage.logger(logging) : logging,
    ...(outage ? { maskedErrors: { maskError: outage.maskError } } : {}),
    landingPage: false,
    cors: corsFor(allowedOrigins),
    // app.ts enforces the body limit cheaply; Yoga's re-wraps every body (half the throughput).
    maxRequestBodySize: false,
    multipart: false,
    plugins: [
      ...(deps.observe ? [deps.observe] : []),
      ...(deps.tracing ? [deps.tracing] : []),
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }),
      useJsonPostsOnly(),
      ...useQueryLimits({ production }),
      ...(rateLimits ? [rateLimits.plugin] : []),
      useCommitNotice(feed),
      useSseSubscriptionLimits(subscriptionLimits),
      ...(persistedDocuments ? [usePersistedDocuments(persistedDocuments)] : []),
      // After the persisted documents: it keys on the document text they fill in.
      usePublicResponseCache(publicCache, { viewerOf, reference, freshThrough: (eventId) => reference.through(eventId) }),
    ],
    context: (initial) => contextFor(initial),
  });
  return { yoga, contextFor };
}

/**
 * After every mutation (its transaction has committed by then), nudges every instance to read the
 * new events from the log. One place, so no write path can forget it.
 */
function useCommitNotice(feed: EventFeed): Plugin {
  return {
    onExecute({ args }) {
      const isMutation = args.document.definitions.some(
        (d: DefinitionNode) => d.kind === 'OperationDefinition' && d.operation === 'mutation' && (!args.operationName || d.name?.value === args.operationName),
      );
      return isMutation ? { onExecuteDone: () => feed.committed() } : undefined;
    },
  };
}
