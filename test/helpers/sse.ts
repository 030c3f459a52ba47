import { waitUntil } from './ws.js';
import type { GraphQLResponse } from './graphql.js';

/** A GraphQL subscription over HTTP (server-sent events), as Yoga serves them at `/graphql`. */
export interface SseSubscription {
  /** Every `next` result, in order. */
  results: GraphQLResponse[];
  /** Whether the server ended the stream (`complete`, or the body ended). */
  ended: boolean;
  /** Resolves once `count` results arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<GraphQLResponse[]>;
  /** Resolves when the server ends the stream. */
  waitEnded(timeoutMs?: number): Promise<void>;
  /** Goes away, as a closed browser tab does. */
  close(): Promise<void>;
}

/** POSTs a subscription with `Accept: text/event-stream` and reads its events as they come. */
export async function sseSubscribe(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<SseSubscription> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
    throw new Error(`not an event stream: ${response.status} ${await response.text()}`);
  }
  const state: SseSubscription = {
    results: [],
    ended: false,
    waitFor: (count, timeoutMs = 10_000) =>
      waitUntil(() => state.results.length >= count, timeoutMs, () => `expected ${count} results, got ${JSON.stringify(state.results)}`).then(() =>
        state.results.slice(0, count),
      ),
    waitEnded: (timeoutMs = 10_000) => waitUntil(() => state.ended, timeoutMs, () => 'the stream did not end'),
    close: async () => {
      abort.abort();
      await reading;
    },
  };
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const message = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = message.match(/^event: (.*)$/m)?.[1];
          const data = message.match(/^data: (.*)$/m)?.[1];
          if (event === 'next' && data) state.results.push(JSON.parse(data) as GraphQLResponse);
          if (event === 'complete') state.ended = true;
        }
      }
    } catch {
      // aborted by close()
    }
    state.ended = true;
  })();
  return state;
}
