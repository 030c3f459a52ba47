import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { Client as WsClient } from 'graphql-ws';
import { isNewer } from './lib/cursor';

/** The graphql-ws client of the session, shared by urql's subscriptions and the live streams. */
export const LiveContext = createContext<WsClient | null>(null);

export type LiveStream = 'reviewEvents' | 'appEvents' | 'queueEvents';

/** What a live event carries for the dashboard. */
export interface LiveEvent {
  cursor: string;
  type: string;
  actor: { id: string; name: string } | null;
}

const STREAM_ARGUMENT: Record<LiveStream, string | null> = {
  reviewEvents: 'versionId',
  appEvents: 'appId',
  queueEvents: null,
};

function subscriptionFor(stream: LiveStream) {
  const argument = STREAM_ARGUMENT[stream];
  const declared = argument ? `($id: ID!, $after: String)` : `($after: String)`;
  const passed = argument ? `${argument}: $id, after: $after` : `after: $after`;
  return `subscription Live_${stream}${declared} { ${stream}(${passed}) { cursor type actor { id name } } }`;
}

/**
 * Listens to a live event stream and calls `onEvent` once per event, in order. After a dropped
 * connection graphql-ws reconnects and subscribes again; the payload's `after` is read at that
 * moment, so the server replays exactly what was missed, and anything older is skipped here.
 */
export function useLiveEvents(stream: LiveStream, id: string | null, onEvent: (event: LiveEvent) => void) {
  const ws = useContext(LiveContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!ws || (STREAM_ARGUMENT[stream] && !id)) return;
    const state: { after: string | null } = { after: null };
    const payload = {
      query: subscriptionFor(stream),
      // A getter: each (re)subscription sends the cursor of the last event seen.
      get variables() {
        return { ...(id ? { id } : {}), after: state.after };
      },
    };
    const offConnected = ws.on('connected', () => setConnected(true));
    const offClosed = ws.on('closed', () => setConnected(false));
    const unsubscribe = ws.subscribe<Record<string, LiveEvent>>(payload, {
      next: (result) => {
        const event = result.data?.[stream];
        if (!event || !isNewer(event.cursor, state.after)) return;
        state.after = event.cursor;
        handler.current(event);
      },
      error: () => setConnected(false),
      complete: () => setConnected(false),
    });
    return () => {
      unsubscribe();
      offConnected();
      offClosed();
    };
  }, [ws, stream, id]);

  return { connected };
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
