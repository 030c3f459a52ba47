import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { PrismaClient } from '../db/client.js';
import { isDatabaseUnavailable } from '../db/outage.js';
import type { EventFeed } from '../events/feed.js';
import type { Prisma } from '../generated/prisma/client.js';
import { postWebhook, type AttemptOutcome } from './delivery-http.js';
import { signedHeaders } from './signing.js';
import { WEBHOOK_EVENT_TYPES } from './event-types.js';

/** How the dispatcher delivers; see the README's configuration table. */
export interface WebhookSettings {
  /** Whether endpoints in private and loopback ranges may receive webhooks. */
  allowPrivate: boolean;
  /** How long one attempt may take, connection to last byte. */
  timeoutMs: number;
  /** The wait after the first failed attempt; it doubles after each further failure (at most {@link MAX_RETRY_DELAY_MS}). */
  firstRetryMs: number;
}

/** How long a delivery is retried: a day from its creation (or its redelivery). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 2 * 60 * 60 * 1000;
/** What an attempt reads: the event it carries and the endpoint it goes to. */
const dueDeliveryInclude = {
  event: { include: { app: { select: { code: true } } } },
  partner: { select: { webhookEndpoint: true } },
} satisfies Prisma.WebhookDeliveryInclude;

type DueDelivery = Prisma.WebhookDeliveryGetPayload<{ include: typeof dueDeliveryInclude }>;

/** One attempt's outcome and what it does to its delivery, as {@link WebhookDispatcher.record} writes it. */
interface AttemptRecord {
  attemptId: string;
  deliveryId: string;
  /** ms since the epoch. */
  attemptedAt: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  failedAttempts: number;
  /** The next attempt (ms since the epoch) while still pending; null keeps the delivery's. */
  nextAttemptAt: number | null;
}

/** Deliveries one instance takes at a time. */
const BATCH = 10;
/** The wait before trying again after a pass failed (the database blinked). */
const RETRY_AFTER_ERROR_MS = 5_000;
/** The longest single timer; a later due time is reached by waking and measuring again. */
const MAX_TIMER_MS = 60 * 60 * 1000;
/** Events one fan-out step reads. */
const FAN_OUT_PAGE = 500;

/** The wait before the next attempt after `failures` failed ones: exponential, with ±20 % jitter. */
export function retryDelayMs(failures: number, firstRetryMs: number, random = Math.random): number {
  const base = Math.min(firstRetryMs * 2 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Delivers webhooks from the durable outbox. Two steps, both safe on any number of instances:
 *
 * - **fan-out** tails the event log from a cursor stored in the database (`WebhookCursor`), and in
 *   one statement turns each new event of a webhook type into a delivery per partner endpoint and
 *   moves the cursor. The cursor row is taken with `FOR UPDATE SKIP LOCKED`: one instance at a
 *   time fans out, and a crash rolls the whole step back, so no event is lost or doubled.
 * - **delivery** claims due deliveries with `FOR UPDATE SKIP LOCKED` and a lease (`lockedUntil`)
 *   longer than an attempt, so only one instance sends each, no transaction stays open during
 *   HTTP, and a delivery whose instance died is taken again once its lease ends. Each attempt is
 *   recorded; failures are retried with exponential backoff for a day.
 *
 * It wakes when the feed reads a new event a webhook carries, when a redelivery is asked for, and
 * when the next pending delivery falls due (by the database's clock); it does not poll.
 *
 * It runs beside requests and never inside one: a slow or failing endpoint delays only its own
 * deliveries.
 */
export class WebhookDispatcher {
  private running: Promise<void> | null = null;
  /**
   * Partners with an endpoint: only their events make deliveries, so only their events wake the
   * dispatcher (an event of another partner cost three statements for nothing). Kept by the
   * `partner.webhook_endpoint_set` events every instance's feed reads; endpoints are never removed.
   * The durable cursor still decides what is fanned out, so a missed wake-up only delays.
   */
  private readonly partnersWithEndpoint = new Set<string>();
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopFeed: (() => void) | undefined;
  private stopped = false;
  private readonly aborter = new AbortController();
  /** Attempts this instance made, by outcome (the metrics read them). */
  readonly attempts = { delivered: 0, failed: 0 };

  constructor(
    private readonly prisma: PrismaClient,
    private readonly settings: WebhookSettings,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /**
   * Starts: catches up with the log, then runs whenever the feed reads an event a partner's
   * endpoint receives, and when the next pending delivery falls due. Events of partners without an
   * endpoint send no SQL at all (an endpoint being set is an event every instance reads).
   */
  async start(feed: EventFeed) {
    this.stopFeed = feed.listenPages((events) => {
      for (const event of events) if (event.type === 'partner.webhook_endpoint_set' && event.partnerId) this.partnersWithEndpoint.add(event.partnerId);
      const forAnEndpoint = (event: (typeof events)[number]) =>
        event.partnerId !== null && this.partnersWithEndpoint.has(event.partnerId) && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type);
      if (events.some(forAnEndpoint)) void this.poke();
    });
    for (const { partnerId } of await this.prisma.webhookEndpoint.findMany({ select: { partnerId: true } })) this.partnersWithEndpoint.add(partnerId);
    if (this.partnersWithEndpoint.size > 0) void this.poke();
  }

  /** Stops: attempts in flight are cut and their deliveries released for the next start or instance. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopFeed?.();
    this.aborter.abort();
    await this.running;
  }

  /** Runs a pass now (coalescing calls that arrive while one runs). */
  poke(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.poke();
      }
    });
    return this.running;
  }

  private async pass() {
    let waitMs: number | null;
    try {
      while (!this.stopped && (await this.fanOut()) === FAN_OUT_PAGE);
      while (!this.stopped && (await this.deliverDue()) === BATCH);
      waitMs = this.stopped ? null : await this.untilNextDue();
    } catch (error) {
      if (this.stopped) return;
      // The database blinked: try again shortly from the stored cursor and leases.
      if (!isDatabaseUnavailable(error)) this.log(`Webhooks: a dispatch pass failed: ${(error as Error).message}`);
      waitMs = RETRY_AFTER_ERROR_MS;
    }
    clearTimeout(this.timer);
    if (waitMs === null || this.stopped) return;
    this.timer = setTimeout(() => void this.poke(), Math.min(Math.max(waitMs, 0), MAX_TIMER_MS));
    this.timer.unref();
  }

  /**
   * How long until a pending delivery (of any instance) may be claimed: its next attempt, or the
   * end of the lease of the instance holding it. Null when nothing is pending. Measured by the
   * database's clock, which every instance shares.
   */
  private async untilNextDue(): Promise<number | null> {
    const [row] = await this.prisma.$queryRaw<{ waitMs: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM (min(GREATEST("nextAttemptAt", COALESCE("lockedUntil", "nextAttemptAt"))) - (now() AT TIME ZONE 'UTC'))) * 1000)::float8 AS "waitMs"
      FROM "WebhookDelivery" WHERE status = 'PENDING'`;
    return row?.waitMs ?? null;
  }

  /** Turns new events into deliveries and moves the cursor, in one statement; answers how many events it read. */
  private async fanOut(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ events: number }[]>`
      WITH cursor AS (SELECT "eventId" FROM "WebhookCursor" WHERE id = 1 FOR UPDATE SKIP LOCKED),
      events AS (
        SELECT e.id, e.type, e."partnerId", e."createdAt" FROM "Event" e, cursor
        WHERE e.id > cursor."eventId" ORDER BY e.id LIMIT ${FAN_OUT_PAGE}
      ),
      inserted AS (
        INSERT INTO "WebhookDelivery" (id, "partnerId", "eventId", "createdAt", "nextAttemptAt", "giveUpAt")
        SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), ep."partnerId", ev.id,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + ${RETRY_WINDOW_MS} * interval '1 millisecond'
        FROM events ev JOIN "WebhookEndpoint" ep ON ep."partnerId" = ev."partnerId" AND ev."createdAt" >= ep."createdAt"
        WHERE ev.type = ANY(${[...WEBHOOK_EVENT_TYPES]}::text[])
        ON CONFLICT ("partnerId", "eventId") DO NOTHING
        RETURNING 1
      ),
      moved AS (
        UPDATE "WebhookCursor" SET "eventId" = (SELECT max(id) FROM events)
        WHERE id = 1 AND EXISTS (SELECT 1 FROM events)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM inserted)::int AS deliveries,
             (SELECT count(*) FROM moved)::int AS moved`;
    return row?.events ?? 0;
  }

  /** Claims due deliveries, sends them concurrently, records each attempt; answers how many it claimed. */
  private async deliverDue(): Promise<number> {
    const leaseMs = this.settings.timeoutMs + 30_000;
    const claimed = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "WebhookDelivery" SET "lockedUntil" = (now() AT TIME ZONE 'UTC') + ${leaseMs} * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM "WebhookDelivery"
        WHERE status = 'PENDING' AND "nextAttemptAt" <= now() AT TIME ZONE 'UTC'
          AND ("lockedUntil" IS NULL OR "lockedUntil" < now() AT TIME ZONE 'UTC')
        ORDER BY "nextAttemptAt" LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id`;
    if (claimed.length === 0) return 0;
    const deliveries = await this.prisma.webhookDelivery.findMany({
      where: { id: { in: claimed.map((c) => c.id) } },
      include: dueDeliveryInclude,
    });
    const outcomes = await Promise.all(deliveries.map((delivery) => this.attempt(delivery)));
    await this.record(outcomes.filter((outcome): outcome is AttemptRecord => outcome !== null));
    return claimed.length;
  }

  /**
   * Records a batch's attempts and moves their deliveries on, in one statement (atomic like the
   * transaction per attempt it replaces): an attempt row each, and each delivery delivered, failed
   * for good, or waiting for its next attempt, its lease released.
   */
  private async record(outcomes: AttemptRecord[]) {
    if (outcomes.length === 0) return;
    await this.prisma.$executeRaw`
      WITH o AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) AS o(
          "attemptId" text, "deliveryId" text, "attemptedAt" float8, "statusCode" int, "durationMs" int, error text,
          succeeded boolean, status text, "failedAttempts" int, "nextAttemptAt" float8)
      ),
      attempts AS (
        INSERT INTO "WebhookAttempt" (id, "deliveryId", "attemptedAt", "statusCode", "durationMs", error, succeeded)
        SELECT "attemptId", "deliveryId", to_timestamp("attemptedAt" / 1000) AT TIME ZONE 'UTC', "statusCode", "durationMs", error, succeeded FROM o
        RETURNING 1
      )
      UPDATE "WebhookDelivery" d SET
        status = o.status::"WebhookDeliveryStatus",
        "failedAttempts" = o."failedAttempts",
        "nextAttemptAt" = COALESCE(to_timestamp(o."nextAttemptAt" / 1000) AT TIME ZONE 'UTC', d."nextAttemptAt"),
        "deliveredAt" = CASE WHEN o.succeeded THEN to_timestamp(o."attemptedAt" / 1000) AT TIME ZONE 'UTC' ELSE d."deliveredAt" END,
        "lockedUntil" = NULL
      FROM o WHERE d.id = o."deliveryId"`;
  }

  /** Sends one delivery; answers what to record, or null when shutdown cut it (released for later). */
  private async attempt(delivery: DueDelivery): Promise<AttemptRecord | null> {
    const endpoint = delivery.partner.webhookEndpoint;
    const now = new Date();
    let outcome: AttemptOutcome;
    if (!endpoint) {
      outcome = { statusCode: null, durationMs: 0, error: 'the partner has no webhook endpoint', succeeded: false };
    } else {
      const body = webhookBody(delivery.event);
      const secrets = [endpoint.secret];
      if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) secrets.push(endpoint.previousSecret);
      outcome = await postWebhook(endpoint.url, signedHeaders(delivery.id, body, secrets, now), body, {
        timeoutMs: this.settings.timeoutMs,
        allowPrivate: this.settings.allowPrivate,
        signal: this.aborter.signal,
      });
    }
    if (this.stopped) {
      // Cut by shutdown: not an answer from the endpoint. Released for the next instance or start.
      await this.prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { lockedUntil: null } }).catch(() => {});
      return null;
    }
    this.attempts[outcome.succeeded ? 'delivered' : 'failed']++;
    const failures = delivery.failedAttempts + 1;
    const next = new Date(Date.now() + retryDelayMs(failures, this.settings.firstRetryMs));
    const giveUp = !outcome.succeeded && (!endpoint || next > delivery.giveUpAt);
    return {
      attemptId: `att_${randomUUID().replaceAll('-', '')}`,
      deliveryId: delivery.id,
      attemptedAt: now.getTime(),
      statusCode: outcome.statusCode,
      durationMs: outcome.durationMs,
      error: outcome.error,
      succeeded: outcome.succeeded,
      status: outcome.succeeded ? 'DELIVERED' : giveUp ? 'FAILED' : 'PENDING',
      failedAttempts: outcome.succeeded ? delivery.failedAttempts : failures,
      nextAttemptAt: outcome.succeeded || giveUp ? null : next.getTime(),
    };
  }
}

/**
 * The JSON body of a delivery, the same on every attempt (built from the immutable event): the
 * Standard Webhooks envelope `{ type, timestamp, data }`, `data` carrying the event's payload, its
 * cursor, and the app and version it is about (global ids, as the GraphQL API gives them).
 */
export function webhookBody(event: {
  id: bigint;
  type: string;
  appId: string | null;
  versionId: string | null;
  payload: unknown;
  createdAt: Date;
  app: { code: string } | null;
}): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: {
      eventId: event.id.toString(),
      app: event.appId ? { id: encodeGlobalID('App', event.appId), code: event.app?.code ?? null } : null,
      versionId: event.versionId ? encodeGlobalID('AppVersion', event.versionId) : null,
      ...(event.payload as Record<string, unknown>),
    },
  });
}
