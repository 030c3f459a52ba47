import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A graphql-ws client for `<baseUrl>/graphql` that never retries, so failures surface. Lazy by
 * default (it connects with its first operation); `lazy: false` connects now and stays connected.
 */
export function wsClient(baseUrl: string, connectionParams: Record<string, unknown> = {}, { lazy = true } = {}): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy,
    connectionParams,
  });
}

export interface Collected<T> {
  items: T[];
  errors: unknown[];
  completed: boolean;
  /** Resolves once `count` items arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves when the server ends the subscription (completion or error). */
  ended(timeoutMs?: number): Promise<void>;
  stop(): void;
}

/** Subscribes and collects every `data[field]` the server sends. */
export function collect<T = Record<string, any>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Collected<T> {
  const state: Collected<T> = {
    items: [],
    errors: [],
    completed: false,
    waitFor: (count, timeoutMs = 10_000) =>
      waitUntil(() => state.items.length >= count, timeoutMs, () => `expected ${count} items, got ${JSON.stringify(state.items)} / errors ${JSON.stringify(state.errors)}`).then(
        () => state.items.slice(0, count),
      ),
    ended: (timeoutMs = 10_000) => waitUntil(() => state.completed, timeoutMs, () => 'subscription did not end'),
    stop: () => unsubscribe(),
  };
  const unsubscribe = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) state.errors.push(...value.errors);
        const data = value.data ? Object.values(value.data)[0] : undefined;
        if (data) state.items.push(data);
      },
      error: (error) => {
        state.errors.push(error);
        state.completed = true;
      },
      complete: () => {
        state.completed = true;
      },
    },
  );
  return state;
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A raw WebSocket speaking graphql-transport-ws by hand, to misbehave on purpose. */
export async function rawSocket(baseUrl: string) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const messages: any[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  return { socket, messages, closed, send: (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)) };
}
