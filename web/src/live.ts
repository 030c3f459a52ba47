import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Client as WsClient } from 'graphql-ws';
import type { DocumentNode } from 'graphql';
import { stringifyDocument } from 'urql';
import { graphql } from './gql';
import { isNewer } from './lib/cursor';
import { backoffDelay, isAuthFailure, isCloseEvent } from './lib/reconnect';
import { isPersistedMiss, persistedQuery } from './persisted';

/** Where the session's socket stands, as the offline banner tells it. */
export interface SocketState {
  /** `idle`: no socket is needed (no live page open); `offline`: dropped and coming back. */
  status: 'idle' | 'connecting' | 'online' | 'offline';
  /** When the socket dropped (while `offline`), ms since the epoch. */
  offlineSince: number | null;
}

/** The session's graphql-ws client and whether its socket is connected right now. */
export interface LiveSocket {
  ws: WsClient;
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
export function observeSocket(ws: WsClient, reconnectNow: () => void = () => {}): LiveSocket {
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

const noSocket = () => () => {};
const notConnected = () => false;

/** The session's socket, shared by urql's subscriptions and the live streams. */
export const LiveContext = createContext<LiveSocket | null>(null);

export type LiveStream = 'reviewEvents' | 'appEvents' | 'queueEvents' | 'inboxEvents';

/** What a live event carries for the dashboard. */
export interface LiveEvent {
  cursor: string;
  type: string;
  actor: { id: string; name: string } | null;
}

// The streams as codegen documents, so they travel as persisted hashes like every query.
const SUBSCRIPTIONS = {
  reviewEvents: graphql(`
    subscription Live_ReviewEvents($id: ID!, $after: String) {
      reviewEvents(versionId: $id, after: $after) { cursor type actor { id name } }
    }
  `),
  appEvents: graphql(`
    subscription Live_AppEvents($id: ID!, $after: String) {
      appEvents(appId: $id, after: $after) { cursor type actor { id name } }
    }
  `),
  queueEvents: graphql(`
    subscription Live_QueueEvents($after: String) {
      queueEvents(after: $after) { cursor type actor { id name } }
    }
  `),
  inboxEvents: graphql(`
    subscription Live_InboxEvents($id: ID!, $after: String) {
      inboxEvents(partnerId: $id, after: $after) { cursor type actor { id name } }
    }
  `),
} satisfies Record<LiveStream, DocumentNode>;

/** Streams that follow one object and need its id. */
const NEEDS_ID: Record<LiveStream, boolean> = { reviewEvents: true, appEvents: true, queueEvents: false, inboxEvents: true };

/**
 * Listens to a live event stream and calls `onEvent` once per event, in order. After a dropped
 * connection graphql-ws reconnects and subscribes again; the payload's `after` is read at that
 * moment, so the server replays exactly what was missed, and anything older is skipped here.
 * `onResume` runs once the socket is back after a drop, so the page refetches what the stream
 * does not carry (or what happened before its first event gave it a cursor).
 */
export function useLiveEvents(stream: LiveStream, id: string | null, onEvent: (event: LiveEvent) => void, onResume?: () => void) {
  const live = useContext(LiveContext);
  const ws = live?.ws ?? null;
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const resume = useRef(onResume);
  resume.current = onResume;
  const socketConnected = useSyncExternalStore(live?.onChange ?? noSocket, live?.isConnected ?? notConnected);
  // The stream itself failed or ended (e.g. access revoked): not live, whatever the socket does.
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    if (!ws || (NEEDS_ID[stream] && !id)) return;
    setEnded(false);
    let active = true;
    const state: { after: string | null } = { after: null };
    const document = SUBSCRIPTIONS[stream];
    // The hash first; the text only if this server does not hold it (a development server, or an
    // instance still on the previous build during a deploy).
    let sendText = false;
    const payload = {
      get query() {
        return sendText ? stringifyDocument(document) : '';
      },
      get extensions() {
        return sendText ? {} : persistedQuery(document);
      },
      // A getter: each (re)subscription sends the cursor of the last event seen.
      get variables() {
        return { ...(id ? { id } : {}), after: state.after };
      },
    };
    let unsubscribe = () => {};
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const subscribe = () => {
      unsubscribe = ws.subscribe<Record<string, LiveEvent>>(payload, {
        next: (result) => {
          attempts = 0;
          const event = result.data?.[stream];
          if (!event || !isNewer(event.cursor, state.after)) return;
          state.after = event.cursor;
          handler.current(event);
        },
        error: (error) => {
          if (!sendText && isPersistedMiss(error)) {
            sendText = true;
            subscribe();
            return;
          }
          // Unsubscribing completes the sink too; only a stream this effect still owns can end.
          if (!active) return;
          // graphql-ws gives up after some closes (4500, 1011, …): come back anyway, but not to refused credentials.
          if (isCloseEvent(error) && !isAuthFailure(error)) {
            retry = setTimeout(subscribe, backoffDelay(attempts++));
            return;
          }
          setEnded(true);
        },
        complete: () => active && setEnded(true),
      });
    };
    subscribe();
    let dropped = false;
    const offClosed = ws.on('closed', () => (dropped = true));
    const offConnected = ws.on('connected', () => {
      if (!dropped) return;
      dropped = false;
      resume.current?.();
    });
    return () => {
      active = false;
      clearTimeout(retry);
      offClosed();
      offConnected();
      unsubscribe();
    };
  }, [ws, stream, id]);

  return { connected: socketConnected && !ended };
}

/** Calls `refetch` after a burst of events settles, so ten events cost one request. */
export function useDebounced(fn: () => void, ms = 150) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  };
}
