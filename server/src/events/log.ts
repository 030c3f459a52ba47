import type { Tx } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { EventPayloads, EventType } from './types.js';

export type NewEvent = { [T in EventType]: NewEventOf<T> }[EventType];

export interface NewEventOf<T extends EventType> {
  type: T;
  appId?: string | null;
  versionId?: string | null;
  /** The partner whose members may read it; null keeps it to staff. */
  partnerId: string | null;
  actorId: string | null;
  /** Details, with `old` and `new` values where something changed; one format per type. */
  payload: EventPayloads[T];
  /** Defaults to now; the seed back-dates its history. */
  createdAt?: Date;
}

/** An event as its writer knows it once appended: its place in the log and its kind. */
export interface RecordedEvent {
  id: bigint;
  type: string;
}

/**
 * The events one request appended, in the transactions it opened through `transaction()`
 * (db/idempotency.ts). After the request's mutation, the response cache reads them to know
 * whether (and up to which id) public reads changed, instead of reading the log back.
 */
export class RecordedEvents {
  readonly events: RecordedEvent[] = [];
}

/** Which request's `RecordedEvents` each open transaction appends to. */
const journals = new WeakMap<object, RecordedEvents>();

/** Makes `recordEvent` on `tx` note each event in `journal`. Call as the transaction opens. */
export function journalTransaction(tx: Tx, journal: RecordedEvents): void {
  journals.set(tx, journal);
}

/** The transaction-level lock that orders event ids by commit (any fixed number of ours). */
const EVENT_ORDER_LOCK = 72707371;

/**
 * Appends an event to the log. Call it inside the transaction that makes the change, so the
 * change and its event commit or roll back together (an outbox).
 *
 * It first takes a transaction-level advisory lock, held until commit: writers then take ids in
 * commit order, so a reader that sees id N will never later see a smaller one appear, and
 * "everything after cursor N" is exact. Ids of rolled-back events are simply gaps.
 *
 * One statement: the materialized CTE takes the lock before the row (and its id) is made.
 */
export async function recordEvent(tx: Tx, event: NewEvent): Promise<RecordedEvent> {
  const [row] = await tx.$queryRaw<{ id: bigint }[]>`
    WITH ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK}))
    INSERT INTO "Event" ("type", "appId", "versionId", "partnerId", "actorId", "payload", "createdAt")
    SELECT ${event.type}, ${event.appId ?? null}, ${event.versionId ?? null}, ${event.partnerId}, ${event.actorId},
           ${JSON.stringify(event.payload)}::jsonb, ${event.createdAt ?? new Date()}
    FROM ordered
    RETURNING "id"`;
  const recorded = { id: BigInt(row!.id), type: event.type };
  journals.get(tx)?.events.push(recorded);
  return recorded;
}

/** An event whose place (app, version, partner) is read by the statement that appends it: columns of a CTE. */
export interface EventAfterRow<T extends EventType> {
  type: T;
  /** The CTE that yields one row when the change was made (none: no event), with `appId`, `versionId` and `partnerId`. */
  from: Prisma.Sql;
  actorId: string | null;
  payload: EventPayloads[T];
}

/**
 * The CTEs (`ordered`, then `event` returning its `id`) that append an event inside a larger
 * data-modifying statement, for a change made in that same statement: the change and its event
 * commit together, and the lock is taken before the id is made, exactly as in `recordEvent`. Sent
 * as an autocommit statement, the lock is held until that statement's implicit commit.
 */
export function eventAfterSql<T extends EventType>(event: EventAfterRow<T>): Prisma.Sql {
  return Prisma.sql`
    ordered AS MATERIALIZED (SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK}) FROM ${event.from}),
    event AS (
      INSERT INTO "Event" ("type", "appId", "versionId", "partnerId", "actorId", "payload", "createdAt")
      SELECT ${event.type}, src."appId", src."versionId", src."partnerId", ${event.actorId}, ${JSON.stringify(event.payload)}::jsonb, ${new Date()}
      FROM ordered, ${event.from} src
      RETURNING "id")`;
}

/** Notes an event appended by a statement of its own (`eventAfterSql`) in the request's journal. */
export function noteEvent(journal: RecordedEvents | undefined, id: bigint | number, type: EventType): RecordedEvent {
  const recorded = { id: BigInt(id), type };
  journal?.events.push(recorded);
  return recorded;
}

/**
 * Appends many events in one statement, ids ascending in the given order, under the same lock as
 * `recordEvent`. For the demo seed's history, which runs outside any request (so no journal).
 */
export async function recordEvents(tx: Tx, events: NewEvent[]) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`;
  await tx.event.createMany({
    data: events.map((event) => ({
      type: event.type,
      appId: event.appId ?? null,
      versionId: event.versionId ?? null,
      partnerId: event.partnerId,
      actorId: event.actorId,
      payload: event.payload as unknown as Prisma.InputJsonObject,
      ...(event.createdAt ? { createdAt: event.createdAt } : {}),
    })),
  });
}
