import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import schema from './gql/introspection';
import { getToken } from './session';

/** The dashboard's GraphQL client: a normalised cache with the schema, fetch for HTTP, graphql-ws for live data. */
export function createUrqlClient() {
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
  return new Client({
    url: '/graphql',
    exchanges: [
      cacheExchange({
        schema,
        // Value objects without an id live inside their parent.
        keys: { Pricing: () => null, ListingText: () => null, Section: (s) => String(s.key), Scope: (s) => String(s.key) },
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
      return token ? { headers: { authorization: `Bearer ${token}` } } : {};
    },
  });
}
