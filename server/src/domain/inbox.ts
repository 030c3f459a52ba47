import type { Prisma } from '../generated/prisma/client.js';
import type { PrismaClient } from '../db/client.js';
import type { EventType } from '../events/types.js';
import { NotFoundError } from './errors.js';

/**
 * The events a partner's inbox holds: what the marketplace (or a teammate) did that the partner
 * should hear about — review status changes, threads and comments, consultation and suspension
 * decisions. The viewer's own actions never count.
 */
export const INBOX_EVENT_TYPES = [
  'version.claimed',
  'version.changes_requested',
  'version.approved',
  'version.rejected',
  'version.released',
  'app.consultation_decided',
  'app.platform_disabled_changed',
  'thread.opened',
  'thread.comment_posted',
  'thread.addressed',
  'thread.resolved',
] as const satisfies readonly EventType[];

const TYPES: readonly string[] = INBOX_EVENT_TYPES;

/** Whether an event belongs in the inbox of `userId` (type and actor; the partner is the stream's). */
export const isInboxEvent = (event: { type: string; actorId: string | null }, userId: string) =>
  TYPES.includes(event.type) && event.actorId !== userId;

/** Whose inbox: a signed-in user and the partners they belong to (staff-only events have no partner and never appear). */
export interface InboxOwner {
  userId: string;
  partnerIds: string[];
}

/**
 * The inbox as a query: inbox types, on the user's partners' events (so never a staff-only one,
 * whose `partnerId` is null), since the user joined each partner, not by the user. Membership is
 * read from the database at query time, so a removed member's inbox empties at once.
 */
async function inboxWhere(prisma: PrismaClient, owner: InboxOwner): Promise<Prisma.EventWhereInput | null> {
  if (owner.partnerIds.length === 0) return null;
  const memberships = await prisma.membership.findMany({
    where: { userId: owner.userId, partnerId: { in: owner.partnerIds } },
    select: { partnerId: true, createdAt: true },
  });
  if (memberships.length === 0) return null;
  return {
    type: { in: [...TYPES] },
    OR: memberships.map((m) => ({ partnerId: m.partnerId, createdAt: { gte: m.createdAt } })),
    AND: [{ OR: [{ actorId: null }, { actorId: { not: owner.userId } }] }],
  };
}

/** How many inbox items the user has not read: after the read cursor and not marked one by one. */
export async function unreadCount(prisma: PrismaClient, owner: InboxOwner): Promise<number> {
  const where = await inboxWhere(prisma, owner);
  if (!where) return 0;
  const state = await prisma.inboxState.findUnique({ where: { userId: owner.userId } });
  const readThrough = state?.readThrough ?? 0n;
  const marked = await prisma.inboxRead.findMany({ where: { userId: owner.userId, eventId: { gt: readThrough } }, select: { eventId: true } });
  return prisma.event.count({
    where: { AND: [where, { id: { gt: readThrough } }, ...(marked.length ? [{ id: { notIn: marked.map((m) => m.eventId) } }] : [])] },
  });
}

/** One page of the inbox, newest first, each event with whether the user has read it. */
export async function inboxPage(prisma: PrismaClient, owner: InboxOwner, page: { first: number; before: bigint | null }) {
  const where = await inboxWhere(prisma, owner);
  if (!where) return { items: [], hasMore: false };
  const rows = await prisma.event.findMany({
    where: page.before === null ? where : { AND: [where, { id: { lt: page.before } }] },
    orderBy: { id: 'desc' },
    take: page.first + 1,
    include: { actor: true },
  });
  const events = rows.slice(0, page.first);
  const state = await prisma.inboxState.findUnique({ where: { userId: owner.userId } });
  const readThrough = state?.readThrough ?? 0n;
  const ids = events.filter((e) => e.id > readThrough).map((e) => e.id);
  const marked = ids.length
    ? new Set((await prisma.inboxRead.findMany({ where: { userId: owner.userId, eventId: { in: ids } }, select: { eventId: true } })).map((m) => m.eventId))
    : new Set<bigint>();
  return {
    items: events.map((event) => ({ event, read: event.id <= readThrough || marked.has(event.id) })),
    hasMore: rows.length > page.first,
  };
}

/** Marks one inbox item read. An event that is not in the user's inbox is `NotFoundError`, and nothing is stored. */
export async function markRead(prisma: PrismaClient, owner: InboxOwner, eventId: bigint): Promise<void> {
  const where = await inboxWhere(prisma, owner);
  const found = where && (await prisma.event.findFirst({ where: { AND: [where, { id: eventId }] }, select: { id: true } }));
  if (!found) throw new NotFoundError('No such inbox item');
  await prisma.inboxRead.upsert({
    where: { userId_eventId: { userId: owner.userId, eventId } },
    create: { userId: owner.userId, eventId },
    update: {},
  });
}

/**
 * Marks everything in the inbox read, up to the newest inbox event the user can see now (events
 * appended meanwhile stay unread). One-by-one marks below the cursor are no longer needed.
 */
export async function markAllRead(prisma: PrismaClient, owner: InboxOwner): Promise<void> {
  const where = await inboxWhere(prisma, owner);
  if (!where) return;
  const newest = await prisma.event.findFirst({ where, orderBy: { id: 'desc' }, select: { id: true } });
  if (!newest) return;
  await prisma.$transaction([
    prisma.$executeRaw`
      INSERT INTO "InboxState" ("userId", "readThrough", "updatedAt") VALUES (${owner.userId}, ${newest.id}, now())
      ON CONFLICT ("userId") DO UPDATE SET "readThrough" = GREATEST("InboxState"."readThrough", EXCLUDED."readThrough"), "updatedAt" = now()`,
    prisma.inboxRead.deleteMany({ where: { userId: owner.userId, eventId: { lte: newest.id } } }),
  ]);
}
