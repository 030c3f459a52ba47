import { execute, GraphQLError, type DocumentNode, type ExecutionArgs } from 'graphql';
import { maskError, Repeater } from 'graphql-yoga';
import type { WebSocket } from 'ws';
import type { Context } from '../context.js';
import type { PrismaClient } from '../db/client.js';
import type { Event, Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../observability/logger.js';
import { loadAccess, mayRead, sharedAccess, type StreamAudience, type UserAccess } from './access.js';
import { audienceOf, resultVariableNames } from './audience.js';
import { readDelivered, type DeliveredEvent, type EventFeed } from './feed.js';

/** How many stored events one catch-up read takes; access is checked once per page. */
export const REPLAY_PAGE = 1000;

/**
 * How many of the newest events the hub keeps: a catch-up starting among them (a subscription whose
 * set-up outlasted an event, a reconnect after a blip) reads them from memory, not from the log.
 */
export const RECENT_EVENTS = 500;

/**
 * A graphql-ws subscription's way to its client, put in its context by `onSubscribe`: the socket,
 * the operation id, and what it takes to execute the operation against one event. With it, live
 * events are executed once per audience and the same bytes are written to every socket of the
 * audience; without it (server-sent events) events go through graphql-js one subscriber at a time.
 */
export interface LiveChannel {
  socket: Pick<WebSocket, 'send' | 'readyState'>;
  /** `{"id":…,"type":"next","payload":` — graphql-ws' `next` message up to its payload. */
  prefix: string;
  /** The arguments graphql-ws would execute each event with (the document, variables, context). */
  args: ExecutionArgs;
  /** Document, operation and the variables that shape the result: subscribers alike share executions. */
  operationKey: string;
  /**
   * The feed's cursor when the subscribe message arrived: a subscription without `after` gets every
   * event committed after that, including those fed while its set-up was still reading.
   */
  since: bigint;
}

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/**
 * Gives a graphql-ws subscription's context its live channel. Call in `onSubscribe` with the
 * execution arguments it returns, and the feed's cursor when the subscribe message arrived.
 */
export function withLiveChannel(args: ExecutionArgs, socket: LiveChannel['socket'], id: string, since: bigint) {
  let documentId = documentIds.get(args.document);
  if (documentId === undefined) documentIds.set(args.document, (documentId = nextDocumentId++));
  const variables = args.variableValues ?? {};
  const shaping = resultVariableNames(args.document, args.operationName).map((name) => [name, variables[name]]);
  const operationKey = `${documentId}\n${args.operationName ?? ''}\n${JSON.stringify(shaping)}`;
  (args.contextValue as Context).live = { socket, prefix: `{"id":${JSON.stringify(id)},"type":"next","payload":`, args, operationKey, since };
}

/** Which events a subscription follows, and who may keep following them. */
export interface StreamSpec {
  /** The hub's index: `app:<id>`, `version:<id>`, `partner:<id>` (an inbox) or `queue`. */
  key: string;
  /** The same stream as a condition on the event row `e`, for catch-up (see `readDelivered`). */
  where: Prisma.Sql;
  /** Narrows the indexed stream (e.g. the queue's event types). */
  matches: (event: Event) => boolean;
  audience: StreamAudience;
}

/** One subscription as the hub sees it. */
class Subscriber {
  last: bigint;
  /** Catching up (or SSE): events from the feed wait in `pending` for the subscription's own loop. */
  replaying = true;
  /** Reading stored events after its cursor (a reconnect), before switching to live ones. */
  catchingUp = false;
  pending: DeliveredEvent[] = [];
  closed = false;
  wake: () => void = () => {};
  fail: (error: unknown) => void = () => {};

  constructor(
    readonly ctx: Context,
    readonly spec: StreamSpec,
    after: bigint,
  ) {
    this.last = after;
  }

  /** The signed-in session behind the subscription: access is read through it, so logout ends it. */
  get sessionId() {
    return this.ctx.viewer.kind === 'user' ? this.ctx.viewer.sessionId : null;
  }
}

const revoked = () => new GraphQLError('Access to these events was revoked', { extensions: { code: 'FORBIDDEN' } });

/**
 * One instance's live delivery: every subscription of this instance indexed by stream, fed page by
 * page from the event feed. Per page it reads the access of the users concerned in one statement;
 * per event it groups the subscribers by (operation, audience), executes once per group and writes
 * the same bytes to each socket of the group.
 */
export class LiveHub {
  private static readonly hubs = new WeakMap<EventFeed, LiveHub>();
  private readonly streams = new Map<string, Set<Subscriber>>();
  private delivering: Promise<void> = Promise.resolve();
  private readonly log: Logger;
  /** Events written to subscribers by this hub (the metrics read it). */
  delivered = 0;
  /** Stored events replayed to subscriptions catching up (the metrics read it). */
  replayed = 0;
  /** The newest events fed (at most {@link RECENT_EVENTS}), oldest first: every event after `recentFrom`. */
  private readonly recent: DeliveredEvent[] = [];
  private recentFrom: bigint;
  /** One subscriber's access, sharing its statement with the others read within a few milliseconds (`sharedAccess`). */
  private readonly accessOf: (sessionId: string) => Promise<UserAccess | undefined>;

  /** The hub of a feed, created with its first subscription. */
  static of(feed: EventFeed, prisma: PrismaClient): LiveHub {
    let hub = LiveHub.hubs.get(feed);
    if (!hub) LiveHub.hubs.set(feed, (hub = new LiveHub(feed, prisma)));
    return hub;
  }

  private constructor(
    readonly feed: EventFeed,
    private readonly prisma: PrismaClient,
  ) {
    this.log = feed.logger.child({ component: 'live' });
    this.accessOf = sharedAccess(prisma);
    this.recentFrom = feed.cursor;
    feed.listenPages((page) => {
      // Kept as the feed hands them over, so `recent` always ends at the feed's cursor.
      this.recent.push(...page);
      const over = this.recent.length - RECENT_EVENTS;
      if (over > 0) this.recentFrom = this.recent.splice(0, over).at(-1)!.id;
      // Pages are delivered one after another, in the feed's order.
      this.delivering = this.delivering.then(() => this.deliverPage(page)).catch((error: unknown) => {
        const [first, last] = [page[0]?.id, page.at(-1)?.id].map(String);
        this.log.error({ err: error, events: page.length, first, last }, 'Live delivery of a page of events failed');
      });
    });
  }

  /** A feed's live subscriptions and deliveries so far, for the metrics; zeros before the first subscription. */
  static statsOf(feed: EventFeed): { subscriptions: number; delivered: number } {
    const hub = LiveHub.hubs.get(feed);
    if (!hub) return { subscriptions: 0, delivered: 0 };
    let subscriptions = 0;
    for (const set of hub.streams.values()) subscriptions += set.size;
    return { subscriptions, delivered: hub.delivered };
  }

  /** Subscriptions still catching up, the live events buffered behind them, and events replayed so far. */
  static catchUpOf(feed: EventFeed): { subscriptions: number; backlog: number; replayed: number } {
    const hub = LiveHub.hubs.get(feed);
    if (!hub) return { subscriptions: 0, backlog: 0, replayed: 0 };
    let subscriptions = 0;
    let backlog = 0;
    for (const set of hub.streams.values()) {
      for (const subscriber of set) {
        // SSE subscribers stay `replaying` for good (their loop pulls): count only a real catch-up.
        if (!subscriber.catchingUp) continue;
        subscriptions++;
        backlog += subscriber.pending.length;
      }
    }
    return { subscriptions, backlog, replayed: hub.replayed };
  }

  add(subscriber: Subscriber) {
    let set = this.streams.get(subscriber.spec.key);
    if (!set) this.streams.set(subscriber.spec.key, (set = new Set()));
    set.add(subscriber);
  }

  remove(subscriber: Subscriber) {
    const set = this.streams.get(subscriber.spec.key);
    set?.delete(subscriber);
    if (set?.size === 0) this.streams.delete(subscriber.spec.key);
  }

  /**
   * Whether one subscriber may still read its stream, read now: `shared`, in one statement with the
   * others checked within a few milliseconds (the many short catch-ups of a reconnect storm);
   * otherwise at once (each page of a long catch-up waits for it).
   */
  async stillAllowed(subscriber: Subscriber, { shared = false } = {}): Promise<boolean> {
    const sessionId = subscriber.sessionId;
    if (!sessionId) return false;
    const access = shared ? await this.accessOf(sessionId) : (await loadAccess(this.prisma, [sessionId])).get(sessionId);
    if (!access) subscriber.ctx.liveSessions.end(sessionId);
    return mayRead(access, subscriber.spec.audience);
  }

  /**
   * The events of `spec`'s stream after `from`, from memory; undefined when `from` is older than
   * the events it holds (then the log has them).
   */
  recentAfter(from: bigint, spec: StreamSpec): DeliveredEvent[] | undefined {
    if (from < this.recentFrom) return undefined;
    return this.recent.filter((event) => event.id > from && streamKeys(event).includes(spec.key) && spec.matches(event));
  }

  private subscribersOf(event: Event): Subscriber[] {
    const found: Subscriber[] = [];
    for (const key of streamKeys(event)) {
      for (const subscriber of this.streams.get(key) ?? []) if (subscriber.spec.matches(event)) found.push(subscriber);
    }
    return found;
  }

  private async deliverPage(page: DeliveredEvent[]) {
    const audiences = page.map((event) => this.subscribersOf(event));
    const sessions = new Set<string>();
    for (const subscribers of audiences) for (const s of subscribers) if (s.sessionId) sessions.add(s.sessionId);
    if (audiences.every((subscribers) => subscribers.length === 0)) return;
    // Read after the page: a revocation committed before these events is seen here.
    const access = await loadAccess(this.prisma, sessions);
    // Per event, one delivery per (operation, audience); per audience, one context for the whole
    // page, so the page's executions load what they share (e.g. actors) in one batch.
    const deliveries: { event: DeliveredEvent; group: Subscriber[]; payload: Promise<{ json: string } | { error: unknown }> }[] = [];
    const contexts = new Map<string, Context>();
    for (const [index, event] of page.entries()) {
      const groups = new Map<string, Subscriber[]>();
      for (const subscriber of audiences[index]!) {
        if (subscriber.closed || event.id <= subscriber.last) continue;
        const sessionId = subscriber.sessionId;
        const granted = sessionId ? access.get(sessionId) : undefined;
        // An ended session closes its sockets with 4403 on this instance, whichever one ended it.
        if (sessionId && !granted) subscriber.ctx.liveSessions.end(sessionId);
        if (!mayRead(granted, subscriber.spec.audience)) {
          subscriber.fail(revoked());
          continue;
        }
        const live = subscriber.ctx.live;
        if (subscriber.replaying || !live) {
          subscriber.pending.push(event);
          subscriber.wake();
          continue;
        }
        const key = `${live.operationKey}\n${audienceOf(subscriber.ctx.viewer, event)}`;
        const group = groups.get(key);
        if (group) group.push(subscriber);
        else groups.set(key, [subscriber]);
      }
      for (const [key, group] of groups) {
        const leader = group[0]!.ctx;
        let shared = contexts.get(key);
        if (!shared) contexts.set(key, (shared = freshContext(leader)));
        // Settled at once: a failure waits, handled, for its turn to be written.
        const payload = executeEvent(leader, event, shared).then((json) => ({ json }), (error: unknown) => ({ error }));
        deliveries.push({ event, group, payload });
      }
    }
    // Written in event order once executed; a failed execution ends only its group's subscriptions.
    for (const { event, group, payload } of deliveries) {
      const result = await payload;
      if ('error' in result) {
        for (const subscriber of group) subscriber.fail(result.error);
        continue;
      }
      const { json } = result;
      for (const subscriber of group) {
        if (subscriber.closed || event.id <= subscriber.last) continue;
        subscriber.last = event.id;
        if (send(subscriber.ctx.live!, json)) this.delivered++;
      }
    }
  }
}

/** The hub's indexes an event belongs to (see {@link StreamSpec.key}). */
function streamKeys(event: Event): string[] {
  const keys = ['queue'];
  if (event.appId) keys.push(`app:${event.appId}`);
  if (event.versionId) keys.push(`version:${event.versionId}`);
  if (event.partnerId) keys.push(`partner:${event.partnerId}`);
  return keys;
}

/** Executes the subscription's operation against one event; the JSON of graphql-ws' `next` payload. */
async function executeEvent(ctx: Context, event: DeliveredEvent, shared?: Context): Promise<string> {
  const live = ctx.live!;
  const contextValue = shared ?? freshContext(ctx);
  // What graphql-js does with each event of a subscription (Yoga's executor would subscribe anew).
  const { errors, ...rest } = await execute({ ...live.args, rootValue: event, contextValue });
  // graphql-ws' `next` payload, with unexpected errors masked as Yoga masks them.
  return JSON.stringify(errors ? { ...rest, errors: errors.map((e) => (maskError(e, 'Unexpected error.') as GraphQLError).toJSON()) } : rest);
}

/** A context for one execution: the subscriber's, with a new per-request cache. */
const freshContext = (ctx: Context): Context => ({ ...ctx, cache: { visibleApps: new Set(), appPartner: new Map() } });

/** Writes one `next` message; whether the socket was open to take it. */
function send(live: LiveChannel, payload: string): boolean {
  if (live.socket.readyState !== 1) return false;
  live.socket.send(`${live.prefix}${payload}}`);
  return true;
}

/**
 * The events of a stream: with `after`, first every stored event after that cursor, read in pages
 * and authorized once per page, then live ones (without it, live ones from the subscribe message's
 * arrival over graphql-ws, from the stream's set-up otherwise), with no gap and no duplicate across the switch
 * (live events wait in `pending` during the catch-up and are de-duplicated by cursor). Live events
 * are authorized once per page of the feed; a revoked viewer's subscription ends with FORBIDDEN
 * at the next event.
 *
 * Over graphql-ws (a `live` channel in the context) it writes the results to the socket itself and
 * the iterator it returns never yields: it only ends (completion) or throws (revocation), which
 * graphql-ws turns into its `complete` and `error` messages as usual.
 */
export function eventStream(ctx: Context, spec: StreamSpec, after: bigint | null): AsyncIterable<DeliveredEvent> {
  const stream = new Repeater<DeliveredEvent>(async (push, stop) => {
    const hub = LiveHub.of(ctx.feed, ctx.prisma);
    // Without `after`, the stream starts where the feed stood when the subscribe message arrived:
    // events fed while the subscription was being set up are read back as a short catch-up.
    const from = after ?? (ctx.live && ctx.live.since < ctx.feed.cursor ? ctx.live.since : null);
    const subscriber = new Subscriber(ctx, spec, from ?? ctx.feed.cursor);
    hub.add(subscriber);
    let wake: (() => void) | undefined;
    subscriber.wake = () => wake?.();
    subscriber.fail = (error) => {
      subscriber.closed = true;
      stop(error);
    };
    void stop.then(() => {
      subscriber.closed = true;
      wake?.();
    });
    const live = ctx.live;

    /** Delivers events of this subscriber alone, in order (catch-up and what arrived meanwhile). */
    const emit = async (events: DeliveredEvent[]) => {
      if (live) {
        // One context for the page, so the events' actors load in one batch.
        const shared = freshContext(ctx);
        const payloads = await Promise.all(events.map((event) => executeEvent(ctx, event, shared)));
        for (const [index, event] of events.entries()) {
          if (subscriber.closed) return;
          subscriber.last = event.id;
          if (send(live, payloads[index]!)) hub.delivered++;
        }
        return;
      }
      for (const event of events) {
        if (subscriber.closed) return;
        subscriber.last = event.id;
        await push(event);
        hub.delivered++;
      }
    };

    try {
      // A catch-up among the newest events (mostly a set-up that outlasted one) reads them from memory.
      const recent = from === null ? undefined : hub.recentAfter(from, spec);
      if (recent) {
        subscriber.catchingUp = true;
        if (recent.length && !(await hub.stillAllowed(subscriber, { shared: true }))) return subscriber.fail(revoked());
        await emit(recent);
        hub.replayed += recent.length;
        subscriber.catchingUp = false;
      } else if (from !== null) {
        subscriber.catchingUp = true;
        // With what delivery needs (the actor), so executing a page reads nothing more.
        const read = (from: bigint) => {
          const page = readDelivered(ctx.prisma, spec.where, from, REPLAY_PAGE);
          // Awaited below unless the subscription ends first; then its failure does not matter.
          page.catch(() => {});
          return page;
        };
        let next = read(subscriber.last);
        for (;;) {
          const page = await next;
          if (subscriber.closed) return;
          // The next page is read while this one is authorized and sent: it starts after this
          // page's last event, which is where `subscriber.last` stands once this page is sent.
          if (page.length === REPLAY_PAGE) next = read(page[page.length - 1]!.id);
          if (page.length && !(await hub.stillAllowed(subscriber))) return subscriber.fail(revoked());
          await emit(page);
          hub.replayed += page.length;
          if (page.length < REPLAY_PAGE) break;
        }
        subscriber.catchingUp = false;
      }
      for (;;) {
        if (subscriber.closed) return;
        const events = subscriber.pending.splice(0).filter((event) => event.id > subscriber.last);
        if (events.length) {
          await emit(events);
          continue;
        }
        if (live) {
          // Nothing is waiting: from here the hub writes this subscriber's events itself.
          subscriber.replaying = false;
          await stop;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } catch (error) {
      stop(error);
    } finally {
      subscriber.closed = true;
      hub.remove(subscriber);
    }
  });
  if (ctx.live) hubWritten.add(stream);
  return stream;
}

/** The streams {@link eventStream} made for graphql-ws: the hub writes their events, they never yield. */
const hubWritten = new WeakSet<object>();

/** Whether a subscription's source stream is written to its socket by the hub (it only ends or throws). */
export function isHubWritten(stream: object): boolean {
  return hubWritten.has(stream);
}
