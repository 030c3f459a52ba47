import type { Tx } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { EventType } from './types.js';

export interface NewEvent {
  type: EventType;
  appId?: string | null;
  versionId?: string | null;
  /** The partner whose members may read it; null keeps it to staff. */
  partnerId: string | null;
  actorId: string | null;
  /** Details, with `old` and `new` values where something changed. */
  payload: Prisma.InputJsonObject;
  /** Defaults to now; the seed back-dates its history. */
  createdAt?: Date;
}

/**
 * Appends an event to the log. Call it inside the transaction that makes the change, so the
 * change and its event commit or roll back together.
 */
export async function recordEvent(tx: Tx, event: NewEvent) {
  return tx.event.create({
    data: {
      type: event.type,
      appId: event.appId ?? null,
      versionId: event.versionId ?? null,
      partnerId: event.partnerId,
      actorId: event.actorId,
      payload: event.payload,
      ...(event.createdAt ? { createdAt: event.createdAt } : {}),
    },
  });
}
