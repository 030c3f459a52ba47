import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Operation } from './operations.js';

/** Distinct operation names kept as labels; later ones count as `other` (clients choose names). */
const MAX_OPERATION_NAMES = 200;

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
  /** One read of the database: the newest committed event and the moderation queue. */
  snapshot(): Promise<{ newestEventId: bigint; waiting: number; oldestSubmittedAt: Date | null }>;
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

  constructor(sources: MetricSources) {
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
    // One read per scrape serves the gauges below; a failed read leaves them out of this scrape.
    type Snapshot = Awaited<ReturnType<MetricSources['snapshot']>> | undefined;
    let snapshot: Promise<Snapshot> | undefined;
    const read = () =>
      (snapshot ??= sources
        .snapshot()
        .catch(() => undefined)
        .finally(() => setTimeout(() => (snapshot = undefined), 0)));
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
  }

  /** Counts one finished operation: requests and latency per name, failures per code. */
  recordOperation(operation: Operation, ms: number): void {
    const name = this.label(operation.name);
    this.requests.inc({ transport: operation.transport, operation: name });
    this.durations.observe({ transport: operation.transport, operation: name }, ms / 1000);
    if (operation.error) this.errors.inc({ transport: operation.transport, code: operation.error });
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
