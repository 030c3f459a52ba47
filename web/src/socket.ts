import { createContext } from 'react';
import type { Client as WsClient, ClientOptions, Event, EventListener } from 'graphql-ws';
import { isAuthFailure, isCloseEvent } from './lib/reconnect';

/** What the dashboard uses of graphql-ws' client: its events, subscriptions and closing it. */
export type Socket = Pick<WsClient, 'on' | 'subscribe' | 'dispose'>;

const EVENTS: readonly Event[] = ['connecting', 'opened', 'connected', 'ping', 'pong', 'message', 'closed', 'error'];

/** The close reported while graphql-ws itself cannot be loaded (offline before the first subscription). */
export const NOT_LOADED = { code: 1006, reason: 'graphql-ws could not be loaded' } as const;

type AnyListener = (...args: unknown[]) => void;

/**
 * graphql-ws' client, loaded with the first subscription instead of with the page: the catalog
 * and the sign-in page never open a socket, so they do not carry it. Listeners can be added at
 * once and hear every event of the client once it exists. If the module cannot be fetched (the
 * network is down when the first live page opens), it is tried again like a reconnect, after
 * `retryWait(retries)`, and meanwhile the listeners hear `connecting` and a {@link NOT_LOADED} close.
 */
export function lazySocket(options: Omit<ClientOptions, 'on'>, retryWait: (retries: number) => Promise<void>): Socket {
  const listeners = new Map<Event, Set<AnyListener>>(EVENTS.map((event) => [event, new Set()]));
  const emit = (event: Event, ...args: unknown[]) => {
    for (const listener of listeners.get(event) ?? []) listener(...args);
  };
  let client: WsClient | null = null;
  let loading: Promise<WsClient | null> | null = null;
  let disposed = false;

  const load = () =>
    (loading ??= (async () => {
      for (let retries = 0; !disposed; retries++) {
        try {
          const { createClient } = await import('graphql-ws');
          if (disposed) return null;
          client = createClient({
            ...options,
            on: Object.fromEntries(EVENTS.map((event) => [event, (...args: unknown[]) => emit(event, ...args)])),
          });
          return client;
        } catch {
          // The same import() again is a new fetch: browsers no longer remember a failed module
          // fetch (test/e2e/reconnect-lazy-socket.test.ts fails the chunk once in Chromium).
          emit('connecting', retries > 0);
          emit('closed', NOT_LOADED);
          await retryWait(retries);
        }
      }
      return null;
    })());

  return {
    on: <E extends Event>(event: E, listener: EventListener<E>) => {
      const set = listeners.get(event);
      set?.add(listener as AnyListener);
      return () => void set?.delete(listener as AnyListener);
    },
    subscribe: (payload, sink) => {
      if (client) return client.subscribe(payload, sink);
      let unsubscribe: (() => void) | null = null;
      let cancelled = false;
      void load().then((loaded) => {
        if (loaded && !cancelled) unsubscribe = loaded.subscribe(payload, sink);
      });
      return () => {
        cancelled = true;
        unsubscribe?.();
      };
    },
    dispose: () => {
      disposed = true;
      return client?.dispose();
    },
  };
}

/** Where the session's socket stands, as the offline banner tells it. */
export interface SocketState {
  /** `idle`: no socket is needed (no live page open); `offline`: dropped and coming back. */
  status: 'idle' | 'connecting' | 'online' | 'offline';
  /** When the socket dropped (while `offline`), ms since the epoch. */
  offlineSince: number | null;
}

/** The session's graphql-ws client and whether its socket is connected right now. */
export interface LiveSocket {
  ws: Socket;
  isConnected: () => boolean;
  /** The current state; a new object on every change, for `useSyncExternalStore`. */
  state: () => SocketState;
  /** When the last live event arrived (ms since the epoch); not a state change, to spare renders. */
  lastEventAt: () => number | null;
  /** Tries to reconnect now instead of at the end of the current backoff wait. */
  reconnectNow: () => void;
  onChange: (listener: () => void) => () => void;
}

/**
 * Follows the socket's state from the moment the client exists. graphql-ws only announces
 * changes, and a page that mounts while another page's subscription keeps the socket open
 * would otherwise never hear `connected` and say "Connecting…" for good.
 */
export function observeSocket(ws: Socket, reconnectNow: () => void = () => {}): LiveSocket {
  let state: SocketState = { status: 'idle', offlineSince: null };
  let lastEventAt: number | null = null;
  const listeners = new Set<() => void>();
  const set = (next: Partial<SocketState>) => {
    if (Object.entries(next).every(([key, value]) => state[key as keyof SocketState] === value)) return;
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  ws.on('connecting', () => set(state.status === 'offline' ? {} : { status: 'connecting' }));
  ws.on('connected', () => set({ status: 'online', offlineSince: null }));
  ws.on('closed', (event) => {
    // 1000 is the client's own close (no live page left, or signing out); 4403 signs out.
    if (isCloseEvent(event) && (event.code === 1000 || isAuthFailure(event))) set({ status: 'idle', offlineSince: null });
    else if (state.status !== 'offline') set({ status: 'offline', offlineSince: Date.now() });
  });
  ws.on('message', (message) => {
    if (message.type === 'next') lastEventAt = Date.now();
  });
  return {
    ws,
    isConnected: () => state.status === 'online',
    state: () => state,
    lastEventAt: () => lastEventAt,
    reconnectNow,
    onChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The session's socket, shared by urql's subscriptions and the live streams. */
export const LiveContext = createContext<LiveSocket | null>(null);
