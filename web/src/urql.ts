import { cacheExchange, type KeyingConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { persistedExchange } from '@urql/exchange-persisted';
import { Client, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import schema from './gql/introspection';
import { AUTH_ERROR_CODES } from './lib/errors';
import { backoffDelay, isAuthFailure, shouldRetry } from './lib/reconnect';
import { documentHash } from './persisted';
import { getToken } from './session';
import { lazySocket, type Socket } from './socket';

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

// Objects without an id (capabilities, reasons, checklist items, rounds, payloads, edges) are
// value objects: they live inside their parent instead of being normalised.
const embedded: KeyingConfig = Object.fromEntries(
  schema.__schema.types
    .filter((type) => type.kind === 'OBJECT' && !ROOTS.has(type.name) && !type.name.startsWith('__'))
    .filter((type) => !('fields' in type) || !type.fields.some((field) => field.name === 'id'))
    .map((type) => [type.name, () => null]),
);

export { AUTH_ERROR_CODES };

/**
 * The dashboard's GraphQL client: a normalised cache with the schema, fetch for HTTP, graphql-ws
 * for live data (loaded with the first subscription, see socket.ts). The socket comes back after
 * every drop, forever, with backoff and jitter; only refused credentials (4403 on the socket,
 * TOKEN_EXPIRED / SESSION_ENDED / UNAUTHENTICATED over HTTP) end it, and then `onAuthFailure` runs.
 */
export function createUrqlClient({ onAuthFailure }: { onAuthFailure: () => void }): {
  client: Client;
  ws: Socket;
  /** Ends the current wait between reconnect attempts: try now. */
  reconnectNow: () => void;
} {
  const wsUrl = new URL('/graphql', window.location.href);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const pause = interruptibleWait();
  // The last data of each query, shown again when a refetch cannot reach the server.
  const shown = new Map<number, unknown>();
  const retryWait = (retries: number) => pause.wait(backoffDelay(retries));
  const ws = lazySocket(
    {
      url: wsUrl.toString(),
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry,
      retryWait,
      connectionParams: () => {
        const token = getToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
    },
    retryWait,
  );
  ws.on('closed', (event) => {
    if (isAuthFailure(event)) onAuthFailure();
  });
  const client = new Client({
    url: '/graphql',
    exchanges: [
      // First, so it sees every result as the page will: after the cache.
      mapExchange({
        onResult: (result) => {
          const error = result.error;
          // An answer over HTTP: the server is up, so a socket waiting to reconnect need not wait.
          if (!error?.networkError) pause.interrupt();
          if (result.operation.kind === 'query' && result.data) shown.set(result.operation.key, result.data);
          if (!error) return;
          if (error.graphQLErrors.some((e) => AUTH_ERROR_CODES.has(String(e.extensions['code'])))) onAuthFailure();
          // (What the page says about a failure comes from lib/errors.ts, never from `error.message`.)
          if (!error.networkError) return;
          // A refetch that could not reach the server keeps what the page showed, beside the error.
          const last = shown.get(result.operation.key);
          if (result.operation.kind === 'query' && !result.data && last) return { ...result, data: last };
          return result;
        },
      }),
      cacheExchange({
        schema,
        // Value objects without an id live inside their parent.
        keys: { ...embedded, Section: (s) => String(s.key), Scope: (s) => String(s.key), Inbox: () => 'viewer' },
        // "Load more" asks for the next page; the cache appends it to the pages it holds.
        resolvers: {
          Query: { catalog: relayPagination(), moderationQueue: relayPagination() },
          App: { history: relayPagination() },
          AppVersion: { history: relayPagination() },
        },
      }),
      // Every operation travels as its codegen hash (see codegen.ts); only if this server does not
      // hold it (a development server, an instance on the previous build mid-deploy) as text.
      persistedExchange({
        enableForMutation: true,
        enableForSubscriptions: true,
        // POST as before: a GET would need its own CSRF header and gains nothing behind graphcache.
        preferGetForPersistedQueries: false,
        generateHash: async (_text, document) => documentHash(document),
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
    fetchOptions: () => {
      const token = getToken();
      // urql sends queries as GET; Yoga's CSRF prevention wants a header no plain link or form can set.
      return { headers: { 'x-graphql-yoga-csrf': '1', ...(token ? { authorization: `Bearer ${token}` } : {}) } };
    },
  });
  return { client, ws, reconnectNow: pause.interrupt };
}

/** A wait that `interrupt()` ends early (the one under way, if any). */
function interruptibleWait() {
  let interrupt: (() => void) | undefined;
  return {
    wait: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          interrupt = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        interrupt = done;
      }),
    interrupt: () => interrupt?.(),
  };
}
