import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Operation } from './operations.js';
import type { DatabaseFigures } from './figures.js';
import { EVENT_TYPES } from '../events/types.js';

/** Distinct operation names kept as labels; later ones count as `other` (clients choose names). */
const MAX_OPERATION_NAMES = 200;

/** Event type families (`version` of `version.approved`): a fixed label set, whatever is written. */
const EVENT_FAMILIES = new Set(EVENT_TYPES.map((type) => type.split('.')[0]!));

/** Distinct error codes kept as labels; codes are ours, but a bound costs nothing. */
const MAX_ERROR_CODES = 50;


/** What the scrape reads from the running instance; each is cheap or one query. */
export interface MetricSources {
  /** Open WebSocket connections. */
  connections(): number;
  /** Live subscriptions of this instance (graphql-ws and server-sent events) and events delivered. */
  live(): { subscriptions: number; delivered: number };
  /** The last event this instance's feed handed to its listeners. */
  cursor(): bigint;
  /** The public response cache's look-ups. */
  cache(): { hits: number; misses: number };
  /** The database pool, when the server owns one. */
  pool?: pg.Pool | undefined;
  /** Distinct signed-in users with an open WebSocket. */
  users(): number;
  /** Subscriptions still replaying stored events, the live events buffered behind them, and events replayed so far. */
  catchUp(): { subscriptions: number; backlog: number; replayed: number };
  /** Webhook attempts this instance made, by outcome. */
  webhookAttempts(): { delivered: number; failed: number };
  /** One read of the database (see `figures.ts`). */
  snapshot(): Promise<DatabaseFigures>;
}

/** The numbers of the operations page: the same ones the series below expose. */
export interface OperationsFigures {
  sampledAt: Date;
  connections: number;
  connectedUsers: number;
  liveSubscriptions: number;
  eventsDelivered: number;
  /** Null when the database could not be read. */
  deliveryLagEvents: number | null;
  catchUpSubscriptions: number;
  catchUpBacklogEvents: number;
  queueWaiting: number | null;
  oldestWaitingSeconds: number | null;
  medianReviewSeconds: number | null;
  roundsPerApproval: number | null;
  webhooksPending: number | null;
  webhooksFailed: number | null;
  webhookAttemptsFailed: number;
  operationsLastMinute: number;
  errorsLastMinute: number;
  /** Failed operations since start, by code, most first. */
  errorsByCode: { code: string; count: number }[];
}

/** Operations and failures of the last minute, in six 10-second slots (one `Date.now()` per operation). */
class LastMinute {
  private readonly slots = Array.from({ length: 6 }, () => ({ at: -1, operations: 0, errors: 0 }));

  record(failed: boolean) {
    const at = Math.floor(Date.now() / 10_000);
    const slot = this.slots[at % 6]!;
    if (slot.at !== at) Object.assign(slot, { at, operations: 0, errors: 0 });
    slot.operations++;
    if (failed) slot.errors++;
  }

  totals(): { operations: number; errors: number } {
    const now = Math.floor(Date.now() / 10_000);
    let operations = 0;
    let errors = 0;
    for (const slot of this.slots) if (slot.at > now - 6) (operations += slot.operations), (errors += slot.errors);
    return { operations, errors };
  }
}

/**
 * This instance's Prometheus series: its own registry, so instances in one process (tests) do not
 * share counts. Per-request work is two counter increments and one histogram observation;
 * everything else is read at scrape time.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly requests: Counter<'transport' | 'operation'>;
  private readonly errors: Counter<'transport' | 'code'>;
  private readonly durations: Histogram<'transport' | 'operation'>;
  private readonly events: Counter<'family'>;
  private readonly codes = new Set<string>();
  private readonly lastMinute = new LastMinute();
  private readonly read: () => Promise<DatabaseFigures | undefined>;

  constructor(private readonly sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters, which Prometheus' linter (promtool check metrics) rejects; the
    // same counts stay available per type in nodejs_active_handles / _requests / _resources.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(name);
    this.requests = new Counter({ name: 'vetline_graphql_operations_total', help: 'GraphQL operations (HTTP requests and graphql-ws operations) by operation name', labelNames: ['transport', 'operation'], registers });
    this.errors = new Counter({ name: 'vetline_graphql_errors_total', help: 'GraphQL operations that failed, by error code', labelNames: ['transport', 'code'], registers });
    this.durations = new Histogram({
      name: 'vetline_graphql_operation_duration_seconds',
      help: 'Time to answer a GraphQL operation (for a subscription: until it runs)',
      labelNames: ['transport', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    new Gauge({ name: 'vetline_websocket_connections', help: 'Open WebSocket connections', registers, collect() { this.set(sources.connections()); } });
    new Gauge({ name: 'vetline_live_subscriptions', help: 'Live subscriptions on this instance (graphql-ws and server-sent events)', registers, collect() { this.set(sources.live().subscriptions); } });
    new Counter({ name: 'vetline_live_events_delivered_total', help: 'Live events written to subscribers', registers, collect() { setCounter(this, sources.live().delivered); } });
    new Counter({ name: 'vetline_response_cache_hits_total', help: 'Public response cache look-ups answered from the cache', registers, collect() { setCounter(this, sources.cache().hits); } });
    new Counter({ name: 'vetline_response_cache_misses_total', help: 'Public response cache look-ups that missed', registers, collect() { setCounter(this, sources.cache().misses); } });
    const { pool } = sources;
    if (pool) {
      new Gauge({
        name: 'vetline_db_pool_connections',
        help: 'Database pool connections by state (in use, idle) and requests waiting for one',
        labelNames: ['state'],
        registers,
        collect() {
          this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
    }
    // One read serves a scrape's gauges (and operations pages asking at the same moment); a failed
    // read leaves them out of this scrape.
    let snapshot: Promise<DatabaseFigures | undefined> | undefined;
    const read = (this.read = () =>
      (snapshot ??= sources
        .snapshot()
        .catch(() => undefined)
        .finally(() => setTimeout(() => (snapshot = undefined), 0))));
    new Gauge({ name: 'vetline_event_cursor', help: 'Id of the last event this instance read from the log', registers, collect() { this.set(Number(sources.cursor())); } });
    new Gauge({
      name: 'vetline_live_delivery_lag_events',
      help: 'Committed events this instance has not yet read for delivery (newest event id minus its cursor)',
      registers,
      async collect() {
        const now = await read();
        if (now) this.set(Math.max(0, Number(now.newestEventId - sources.cursor())));
        else this.reset();
      },
    });
    new Gauge({ name: 'vetline_moderation_submissions_waiting', help: 'Versions waiting for review (submitted or in review)', registers, async collect() {
      const now = await read();
      if (now) this.set(now.waiting);
      else this.reset();
    } });
    new Gauge({
      name: 'vetline_moderation_oldest_waiting_seconds',
      help: 'Age of the oldest waiting submission; 0 when none waits',
      registers,
      async collect() {
        const now = await read();
        if (!now) return this.reset();
        this.set(now.oldestSubmittedAt ? Math.max(0, (Date.now() - now.oldestSubmittedAt.getTime()) / 1000) : 0);
      },
    });
    new Gauge({ name: 'vetline_websocket_users', help: 'Distinct signed-in users with an open WebSocket on this instance', registers, collect() { this.set(sources.users()); } });
    this.events = new Counter({ name: 'vetline_events_written_total', help: 'Events committed to the log, by type family (app, version, checklist, thread, installation, partner, account), as this instance read them', labelNames: ['family'], registers });
    new Gauge({ name: 'vetline_live_catchup_subscriptions', help: 'Subscriptions still replaying stored events after a reconnect', registers, collect() { this.set(sources.catchUp().subscriptions); } });
    new Gauge({ name: 'vetline_live_catchup_backlog_events', help: 'Live events buffered behind subscriptions that are still catching up', registers, collect() { this.set(sources.catchUp().backlog); } });
    new Counter({ name: 'vetline_live_catchup_events_total', help: 'Stored events replayed to subscriptions catching up after a reconnect', registers, collect() { setCounter(this, sources.catchUp().replayed); } });
    new Counter({
      name: 'vetline_webhook_attempts_total',
      help: 'Webhook delivery attempts this instance made, by outcome (delivered, failed)',
      labelNames: ['outcome'],
      registers,
      collect() {
        const attempts = sources.webhookAttempts();
        this.reset();
        this.inc({ outcome: 'delivered' }, attempts.delivered);
        this.inc({ outcome: 'failed' }, attempts.failed);
      },
    });
    const figure = (name: string, help: string, pick: (now: DatabaseFigures) => number | null) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const now = await read();
          const value = now ? pick(now) : null;
          if (value === null) this.reset();
          else this.set(value);
        },
      });
    figure('vetline_webhook_deliveries_pending', 'Webhook deliveries waiting to be made (due now or retrying later), all instances', (now) => now.webhooksPending);
    figure('vetline_webhook_deliveries_failed', 'Webhook deliveries given up after a day of retries, all instances', (now) => now.webhooksFailed);
    figure('vetline_moderation_review_seconds_median', 'Median time from submission to the marketplace decision, of review rounds decided in the last day; absent when none was', (now) => now.medianReviewSeconds);
    figure('vetline_moderation_rounds_per_approval', 'Average review rounds a version needed until approved, over approvals of the last 30 days; absent when none', (now) => now.roundsPerApproval);
  }

  /** Counts the events this instance's feed read from the log, by family. */
  eventsRead(events: readonly { type: string }[]): void {
    for (const event of events) {
      const family = event.type.split('.')[0]!;
      this.events.inc({ family: EVENT_FAMILIES.has(family) ? family : 'other' });
    }
  }

  /** The operations page's numbers, read from the same sources as the series. */
  async figures(): Promise<OperationsFigures> {
    const { sources } = this;
    const now = await this.read();
    const live = sources.live();
    const catchUp = sources.catchUp();
    const minute = this.lastMinute.totals();
    const errors = (await this.errors.get()).values;
    const byCode = new Map<string, number>();
    for (const { labels, value } of errors) byCode.set(String(labels.code), (byCode.get(String(labels.code)) ?? 0) + value);
    return {
      sampledAt: new Date(),
      connections: sources.connections(),
      connectedUsers: sources.users(),
      liveSubscriptions: live.subscriptions,
      eventsDelivered: live.delivered,
      deliveryLagEvents: now ? Math.max(0, Number(now.newestEventId - sources.cursor())) : null,
      catchUpSubscriptions: catchUp.subscriptions,
      catchUpBacklogEvents: catchUp.backlog,
      queueWaiting: now?.waiting ?? null,
      oldestWaitingSeconds: now ? (now.oldestSubmittedAt ? Math.max(0, Math.round((Date.now() - now.oldestSubmittedAt.getTime()) / 1000)) : 0) : null,
      medianReviewSeconds: now?.medianReviewSeconds ?? null,
      roundsPerApproval: now?.roundsPerApproval ?? null,
      webhooksPending: now?.webhooksPending ?? null,
      webhooksFailed: now?.webhooksFailed ?? null,
      webhookAttemptsFailed: sources.webhookAttempts().failed,
      operationsLastMinute: minute.operations,
      errorsLastMinute: minute.errors,
      errorsByCode: [...byCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count),
    };
  }

  /** Counts one finished operation: requests and latency per name, failures per code. */
  recordOperation(operation: Operation, ms: number): void {
    const name = this.label(operation.name);
    this.requests.inc({ transport: operation.transport, operation: name });
    this.durations.observe({ transport: operation.transport, operation: name }, ms / 1000);
    if (operation.error) this.errors.inc({ transport: operation.transport, code: this.code(operation.error) });
    this.lastMinute.record(operation.error !== undefined);
  }

  private code(code: string): string {
    if (this.codes.has(code)) return code;
    if (this.codes.size >= MAX_ERROR_CODES) return 'OTHER';
    this.codes.add(code);
    return code;
  }

  private label(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return 'other';
    this.names.add(name);
    return name;
  }

  /**
   * Serves `/metrics` to a caller holding `token` as a bearer token; anyone else gets the same
   * 404 as an unknown path, so the endpoint does not announce itself.
   */
  async serve(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
    if (!token || !bearerMatches(req.headers.authorization, token)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
      return;
    }
    try {
      const body = await this.registry.metrics();
      res.writeHead(200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
    } catch (error) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Metrics unavailable: ${(error as Error).message}\n`);
    }
  }
}

/** A counter whose count lives elsewhere (a plain field on a hot path), copied at scrape time. */
function setCounter(counter: Counter, value: number) {
  counter.reset();
  counter.inc(value);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
