import { cacheExchange, type KeyingConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { persistedExchange } from '@urql/exchange-persisted';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import schema from './gql/introspection';
import { documentHash } from './persisted';
import { getToken } from './session';

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

// Objects without an id (capabilities, reasons, checklist items, rounds, payloads, edges) are
// value objects: they live inside their parent instead of being normalised.
const embedded: KeyingConfig = Object.fromEntries(
  schema.__schema.types
    .filter((type) => type.kind === 'OBJECT' && !ROOTS.has(type.name) && !type.name.startsWith('__'))
    .filter((type) => !('fields' in type) || !type.fields.some((field) => field.name === 'id'))
    .map((type) => [type.name, () => null]),
);

/** The dashboard's GraphQL client: a normalised cache with the schema, fetch for HTTP, graphql-ws for live data. */
export function createUrqlClient(): { client: Client; ws: WsClient } {
  const wsUrl = new URL('/graphql', window.location.href);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = createWsClient({
    url: wsUrl.toString(),
    lazy: true,
    retryAttempts: Infinity,
    connectionParams: () => {
      const token = getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
  const client = new Client({
    url: '/graphql',
    exchanges: [
      cacheExchange({
        schema,
        // Value objects without an id live inside their parent.
        keys: { ...embedded, Section: (s) => String(s.key), Scope: (s) => String(s.key) },
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
  return { client, ws };
}
