import { queryRows, type PrismaClient } from '../db/client.js';
import { Prisma, type Event, type StaffRole } from '../generated/prisma/client.js';
import { isDatabaseUnavailable } from '../db/outage.js';
import { silentLogger, type Logger } from '../observability/logger.js';

/** How many events one read of the log takes. */
const PAGE = 500;

/**
 * What every read of events for delivery takes with each event: what the `Event` type's fields
 * need beyond the row (the actor), so executing a delivered event reads nothing more. The whole
 * actor row, as Pothos would load it for `Event.actor` (its relations still load on their own).
 */
export const DELIVERY_INCLUDE = { actor: true } as const satisfies Prisma.EventInclude;

/** An event as delivery reads it: with its actor. */
export type DeliveredEvent = Prisma.EventGetPayload<{ include: typeof DELIVERY_INCLUDE }>;

/**
 * Events after `after` (in id order, at most `take`) matching `where`, a condition on the event
 * row `e`, each with its actor ({@link DELIVERY_INCLUDE}) shaped as Prisma shapes it. One
 * hand-written statement straight to the pool: Prisma's client runtime cost about 10 µs a row, a
 * seventh of a long catch-up.
 */
export async function readDelivered(prisma: PrismaClient, where: Prisma.Sql, after: bigint, take: number): Promise<DeliveredEvent[]> {
  const rows = await queryRows<Event & ActorColumns>(
    prisma,
    Prisma.sql`
    SELECT e.id, e.type, e."appId", e."versionId", e."partnerId", e."actorId", e.payload, e."createdAt",
           u.id AS "actor.id", u.email AS "actor.email", u.name AS "actor.name", u."passwordHash" AS "actor.passwordHash",
           u."staffRole"::text AS "actor.staffRole", u."createdAt" AS "actor.createdAt", u."disabledAt" AS "actor.disabledAt",
           u."accountId" AS "actor.accountId"
    FROM "Event" e LEFT JOIN "User" u ON u.id = e."actorId"
    WHERE e.id > ${after} AND ${where}
    ORDER BY e.id
    LIMIT ${take}`,
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    appId: row.appId,
    versionId: row.versionId,
    partnerId: row.partnerId,
    actorId: row.actorId,
    payload: row.payload,
    createdAt: row.createdAt,
    actor:
      row['actor.id'] === null
        ? null
        : {
            id: row['actor.id'],
            email: row['actor.email']!,
            name: row['actor.name']!,
            passwordHash: row['actor.passwordHash']!,
            staffRole: row['actor.staffRole'],
            createdAt: row['actor.createdAt']!,
            disabledAt: row['actor.disabledAt'],
            accountId: row['actor.accountId'],
          },
  }));
}

/** The actor's columns as {@link readDelivered} selects them, null without an actor (its mapping, typed as Prisma's `User`, fails to compile when User gains a column). */
interface ActorColumns {
  'actor.id': string | null;
  'actor.email': string | null;
  'actor.name': string | null;
  'actor.passwordHash': string | null;
  'actor.staffRole': StaffRole | null;
  'actor.createdAt': Date | null;
  'actor.disabledAt': Date | null;
  'actor.accountId': string | null;
}

export type FeedListener = (event: DeliveredEvent) => void;
/** Gets each page of events the feed reads, in order, right after the per-event listeners. */
export type PageListener = (events: DeliveredEvent[]) => void;

/**
 * A nudge that new events were committed: in-process, or through Redis across instances. It
 * carries no events: every instance reads them from the log, which stays the truth.
 */
export interface CommitNotifier {
  publish(): void;
  /** Calls `onNotice` on every nudge, from any instance; returns a function that stops it. */
  subscribe(onNotice: () => void): () => void;
  close(): Promise<void>;
}

/**
 * One instance's tail of the event log. It reads committed events in cursor order when nudged
 * (after a mutation here or on another instance) and every `pollMs` as a safety net, and hands
 * each to the local listeners exactly once, in order.
 *
 * Event ids are assigned under a transaction-level lock held until commit (see `recordEvent`),
 * so once an id is visible no smaller id can still appear: reading `id > last` misses nothing.
 */
export class EventFeed {
  private readonly listeners = new Set<FeedListener>();
  private readonly pageListeners = new Set<PageListener>();
  private last = 0n;
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  private readonly log: Logger;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly notifier: CommitNotifier,
    private readonly pollMs = 2000,
    /** Told when a read fails because the database is unreachable (logged once per outage there). */
    private readonly onUnavailable?: () => void,
    /** The server's logger: other failed reads go there, and what reads the feed logs through it. */
    readonly logger: Logger = silentLogger,
  ) {
    this.log = logger.child({ component: 'event-feed' });
  }

  /** Starts tailing after the newest event now in the log. */
  async start() {
    const newest = await this.prisma.event.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    this.last = newest?.id ?? 0n;
    this.unsubscribe = this.notifier.subscribe(() => this.poke());
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.reading;
    this.listeners.clear();
    this.pageListeners.clear();
  }

  /** The cursor of the last event handed to listeners. */
  get cursor(): bigint {
    return this.last;
  }

  /** Tells every instance that events were committed. Call after a write commits. */
  committed() {
    this.notifier.publish();
  }

  /** Reads the log now (coalescing nudges that arrive while a read runs). */
  poke(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.drain().finally(() => {
      this.reading = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.poke();
      }
    });
    return this.reading;
  }

  /**
   * Reads the log up to now: resolves once a read that began after this call has handed every
   * event committed before it to the listeners (a read already running may have begun too early).
   */
  async catchUp(): Promise<void> {
    if (this.reading) await this.reading;
    // A read queued meanwhile began after this call; it is as good as a new one.
    return this.reading ?? this.poke();
  }

  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to whole pages: a reader that checks access or executes once per page of events. */
  listenPages(listener: PageListener): () => void {
    this.pageListeners.add(listener);
    return () => this.pageListeners.delete(listener);
  }

  private async drain() {
    try {
      for (;;) {
        const events = await readDelivered(this.prisma, Prisma.sql`TRUE`, this.last, PAGE);
        for (const event of events) {
          this.last = event.id;
          for (const listener of this.listeners) listener(event);
        }
        if (events.length) for (const listener of this.pageListeners) listener(events);
        if (events.length < PAGE || this.stopped) return;
      }
    } catch (error) {
      // The database blinked: the next nudge or poll reads from the same cursor.
      if (this.stopped) return;
      if (this.onUnavailable && isDatabaseUnavailable(error)) this.onUnavailable();
      else this.log.error({ err: error, cursor: String(this.last) }, 'Reading the event log failed; the next nudge or poll retries from the cursor');
    }
  }
}
