import { GraphQLError } from 'graphql';
import { builder } from './builder.js';
import { NotFoundError, ValidationError } from './errors.js';
import { EventRef } from './history.js';
import { idOf, plannedQuery } from './ids.js';
import type { Context } from '../context.js';
import { inboxPage, isInboxEvent, markAllRead, markRead, unreadCount, type InboxOwner, INBOX_EVENT_TYPES } from '../domain/inbox.js';
import { eventStream } from '../events/live.js';
import { delivered } from './subscriptions.js';
import { Prisma, type Event } from '../generated/prisma/client.js';

/** The inbox's owner: the signed-in user and their partners (none for staff and keys: their inbox is empty). */
/** PostgreSQL's largest bigint, the ceiling of an event id. */
const MAX_EVENT_ID = 9_223_372_036_854_775_807n;

function ownerOf(ctx: Context): InboxOwner {
  if (ctx.viewer.kind !== 'user') return { userId: '', partnerIds: [] };
  return { userId: ctx.viewer.id, partnerIds: [...ctx.viewer.memberships.keys()] };
}

/** The inbox is the viewer's own; a marker object, its fields read the viewer. */
interface InboxShape {
  kind: 'inbox';
}

type InboxItemShape = { event: Event & { actor: unknown }; read: boolean };

const InboxItemRef = builder.objectRef<InboxItemShape>('InboxItem').implement({
  description: "One event meant for the viewer's partner: a status change, a thread, a comment, a decision.",
  fields: (t) => ({
    cursor: t.string({ description: 'The event\'s cursor; pass it to `markInboxRead`.', resolve: (item) => item.event.id.toString() }),
    read: t.exposeBoolean('read'),
    event: t.field({ type: EventRef, resolve: (item) => item.event }),
    app: t.prismaField({
      type: 'App',
      nullable: true,
      description: 'The app it is about; null once the app is deleted.',
      resolve: (query, item, _args, ctx) => {
        const planned = { ...plannedQuery(query) };
        return item.event.appId ? ctx.prisma.app.findFirst({ ...planned, where: { id: item.event.appId, deletedAt: null } }) : null;
      },
    }),
    version: t.prismaField({
      type: 'AppVersion',
      nullable: true,
      description: 'The version it is about, if any.',
      resolve: (query, item, _args, ctx) => {
        const planned = { ...plannedQuery(query) };
        return item.event.versionId ? ctx.prisma.appVersion.findUnique({ ...planned, where: { id: item.event.versionId } }) : null;
      },
    }),
    thread: t.prismaField({
      type: 'Thread',
      nullable: true,
      description: 'The thread it is about (thread and comment events).',
      resolve: (query, item, _args, ctx) => {
        const planned = { ...plannedQuery(query) };
        const threadId = (item.event.payload as { threadId?: unknown } | null)?.threadId;
        return typeof threadId === 'string' ? ctx.prisma.thread.findUnique({ ...planned, where: { id: threadId } }) : null;
      },
    }),
  }),
});

const InboxPageRef = builder.objectRef<{ items: InboxItemShape[]; hasMore: boolean }>('InboxPage').implement({
  fields: (t) => ({
    items: t.field({ type: [InboxItemRef], resolve: (page) => page.items }),
    hasMore: t.exposeBoolean('hasMore', { description: 'Whether older items exist: ask again with `before` the last cursor.' }),
  }),
});

function parseEventCursor(value: string, what: string): bigint {
  if (!/^\d{1,19}$/.test(value)) throw new GraphQLError(`\`${what}\` must be an event cursor`, { extensions: { code: 'BAD_USER_INPUT' } });
  return BigInt(value);
}

const InboxRef = builder.objectRef<InboxShape>('Inbox').implement({
  description:
    "The viewer's inbox: events of their partners' apps meant for them (review status changes, threads, comments, " +
    'decisions), never their own actions nor staff-only events. What was read is kept on the server per user.',
  fields: (t) => ({
    unreadCount: t.int({ resolve: (_inbox, _args, ctx) => unreadCount(ctx.prisma, ownerOf(ctx)) }),
    items: t.field({
      type: InboxPageRef,
      description: 'Newest first.',
      args: { first: t.arg.int({ required: false }), before: t.arg.string({ required: false }) },
      resolve: (_inbox, args, ctx) =>
        inboxPage(ctx.prisma, ownerOf(ctx), {
          first: Math.min(Math.max(args.first ?? 30, 1), 100),
          before: args.before == null ? null : parseEventCursor(args.before, 'before'),
        }),
    }),
  }),
});

const INBOX: InboxShape = { kind: 'inbox' };

builder.queryField('inbox', (t) =>
  t.field({
    type: InboxRef,
    description: "The signed-in user's inbox across all their partners' apps (empty for staff).",
    authScopes: { signedIn: true },
    resolve: () => INBOX,
  }),
);

builder.mutationFields((t) => ({
  markInboxRead: t.field({
    type: InboxRef,
    description: 'Marks one inbox item read (its `cursor`). An item not in the viewer\'s inbox is `NotFoundError`.',
    authScopes: { signedIn: true },
    errors: { types: [NotFoundError, ValidationError] },
    args: { cursor: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      // An event id is a positive bigint (int8): anything else names no inbox item.
      const id = /^\d{1,19}$/.test(args.cursor) ? BigInt(args.cursor) : 0n;
      if (id < 1n || id > MAX_EVENT_ID) throw new NotFoundError('No such inbox item');
      await markRead(ctx.prisma, ownerOf(ctx), id);
      return INBOX;
    },
  }),
  markInboxAllRead: t.field({
    type: InboxRef,
    description: 'Marks everything in the inbox read, up to its newest item now.',
    authScopes: { signedIn: true },
    resolve: async (_root, _args, ctx) => {
      await markAllRead(ctx.prisma, ownerOf(ctx));
      return INBOX;
    },
  }),
}));

builder.subscriptionField('inboxEvents', (t) =>
  t.field({
    type: EventRef,
    description:
      "New inbox items of one of the viewer's partners, live (what `inbox` lists). Pass `after` to replay what was missed.",
    authScopes: { partnerMember: true },
    args: { partnerId: t.arg.id({ required: true }), after: t.arg.string({ required: false }) },
    subscribe: (_root, args, ctx) => {
      let partnerId: string;
      try {
        partnerId = idOf(String(args.partnerId), 'Partner');
      } catch {
        throw new GraphQLError('No such partner', { extensions: { code: 'NOT_FOUND' } });
      }
      const userId = ctx.viewer.kind === 'user' ? ctx.viewer.id : '';
      if (ctx.viewer.kind !== 'user' || !ctx.viewer.memberships.has(partnerId)) throw new GraphQLError('No such partner', { extensions: { code: 'NOT_FOUND' } });
      const spec = {
        key: `partner:${partnerId}`,
        where: Prisma.sql`e."partnerId" = ${partnerId} AND e.type = ANY(${[...INBOX_EVENT_TYPES]}::text[]) AND (e."actorId" IS NULL OR e."actorId" <> ${userId})`,
        matches: (event: Event) => isInboxEvent(event, userId),
        audience: { staffOnly: false, partnerId } as const,
      };
      return eventStream(ctx, spec, args.after == null ? null : parseEventCursor(args.after, 'after'));
    },
    resolve: delivered,
  }),
);
