import { useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { DocumentNode } from 'graphql';
import { stringifyDocument } from 'urql';
import { graphql } from './gql';
import { isNewer } from './lib/cursor';
import { backoffDelay, isAuthFailure, isCloseEvent } from './lib/reconnect';
import { isPersistedMiss, persistedQuery } from './persisted';
import { LiveContext } from './socket';

const noSocket = () => () => {};
const notConnected = () => false;

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
