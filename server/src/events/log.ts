import type { Tx } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
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

/** The transaction-level lock that orders event ids by commit (any fixed number of ours). */
const EVENT_ORDER_LOCK = 72707371;

/**
 * Appends an event to the log. Call it inside the transaction that makes the change, so the
 * change and its event commit or roll back together (an outbox).
 *
 * It first takes a transaction-level advisory lock, held until commit: writers then take ids in
 * commit order, so a reader that sees id N will never later see a smaller one appear, and
 * "everything after cursor N" is exact. Ids of rolled-back events are simply gaps.
 */
export async function recordEvent(tx: Tx, event: NewEvent) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVENT_ORDER_LOCK})`;
  return tx.event.create({
    data: {
      type: event.type,
      appId: event.appId ?? null,
      versionId: event.versionId ?? null,
      partnerId: event.partnerId,
      actorId: event.actorId,
      payload: event.payload as unknown as Prisma.InputJsonObject,
      ...(event.createdAt ? { createdAt: event.createdAt } : {}),
    },
  });
}

/** Appends many events in one statement, in the given order (the demo seed's history). */
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
