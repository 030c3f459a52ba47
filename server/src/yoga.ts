import { GraphQLError, type DefinitionNode } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { PrismaClient } from './db/client.js';
import type { Context } from './context.js';
import { idempotencyKeyFrom } from './db/idempotency.js';
import type { DatabaseOutage } from './db/outage.js';
import type { EventFeed } from './events/feed.js';
import {
  AuthenticationError,
  credentialsFromConnectionParams,
  credentialsFromHeaders,
  resolveViewer,
} from './auth/viewer.js';
import { schema } from './schema/index.js';
import { usePersistedDocuments, type PersistedDocuments } from './persisted-documents.js';

export interface YogaDeps {
  prisma: PrismaClient;
  feed: EventFeed;
  demoMode: boolean;
  jwtSecret: Uint8Array;
  /** Yoga's log level; unexpected errors are logged at `error`, masked for clients. */
  logging: 'debug' | 'info' | 'warn' | 'error' | false;
  /** The dashboard's documents, which it sends as hashes; none when the dashboard is not built. */
  persistedDocuments?: PersistedDocuments;
  /** Turns database outages into one log line and a clear 503 instead of a stack per request. */
  outage?: DatabaseOutage;
}

/** What the server adds to Yoga's own context: graphql-ws passes `connectionParams`. */
export interface ServerContext {
  connectionParams?: Readonly<Record<string, unknown>>;
}

export type VetlineYoga = YogaServerInstance<ServerContext, Context>;

/**
 * The GraphQL server: one context factory for HTTP and WebSocket, so every plugin, limit and
 * auth rule applies on both. It never listens; `app.ts` mounts it.
 */
export function createVetlineYoga({ prisma, feed, demoMode, jwtSecret, logging, persistedDocuments, outage }: YogaDeps): VetlineYoga {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'Vetline GraphQL', subscriptionsProtocol: 'WS' },
    logging: outage ? outage.logger(logging) : logging,
    ...(outage ? { maskedErrors: { maskError: outage.maskError } } : {}),
    landingPage: false,
    plugins: [
      useCommitNotice(feed),
      ...(persistedDocuments ? [usePersistedDocuments(persistedDocuments)] : []),
    ],
    context: async ({ request, connectionParams }) => {
      const credentials = connectionParams
        ? credentialsFromConnectionParams(connectionParams)
        : credentialsFromHeaders(request.headers);
      try {
        const viewer = await resolveViewer(prisma, jwtSecret, credentials);
        const idempotencyKey = connectionParams ? undefined : idempotencyKeyFrom(request.headers);
        return { prisma, feed, demoMode, viewer, jwtSecret, idempotencyKey, cache: { visibleApps: new Set(), appPartner: new Map() } };
      } catch (error) {
        if (error instanceof AuthenticationError) {
          throw new GraphQLError(error.message, {
            extensions: { code: error.reason === 'expired' ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED', http: { status: 401 } },
          });
        }
        throw error;
      }
    },
  });
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
