import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { builder } from './builder.js';
import { EventRef } from './history.js';
import { idOf } from './ids.js';
import type { Context } from '../context.js';
import type { Event, Prisma } from '../generated/prisma/client.js';
import { canManageApp } from '../domain/visibility.js';
import { NotFoundError } from '../domain/errors.js';

/** Events a staff member watching the queue gets: submissions entering and leaving it, claims. */
export const QUEUE_EVENT_TYPES = [
  'version.submitted',
  'version.withdrawn',
  'version.claimed',
  'version.assigned',
  'version.changes_requested',
  'version.approved',
  'version.rejected',
  'app.deleted',
] as const;

const REPLAY_PAGE = 200;

/** Reads the viewer's access afresh, so a subscription stops the moment the access is gone. */
type Access = (event: Event) => Promise<boolean>;

function parseCursor(after: string | null | undefined): bigint | null {
  if (after == null) return null;
  if (!/^\d{1,19}$/.test(after)) throw new GraphQLError('`after` must be an event cursor', { extensions: { code: 'BAD_USER_INPUT' } });
  return BigInt(after);
}

/**
 * The events matching `where`/`matches`: with `after`, first every stored event after that cursor,
 * then live ones, with no gap and no duplicate across the switch (live events are buffered
 * during the replay and de-duplicated by cursor). Each event is authorized as it is delivered.
 */
function eventStream(ctx: Context, where: Prisma.EventWhereInput, matches: (event: Event) => boolean, after: bigint | null, access: Access) {
  return new Repeater<Event>(async (push, stop) => {
    const buffer: Event[] = [];
    let wake: (() => void) | undefined;
    const unlisten = ctx.feed.listen((event) => {
      if (!matches(event)) return;
      buffer.push(event);
      wake?.();
    });
    let last = after ?? ctx.feed.cursor;
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      wake?.();
    });

    const deliver = async (event: Event) => {
      if (event.id <= last) return;
      if (!(await access(event))) {
        stop(new GraphQLError('Access to these events was revoked', { extensions: { code: 'FORBIDDEN' } }));
        stopped = true;
        return;
      }
      last = event.id;
      await push(event);
    };

    try {
      if (after !== null) {
        for (;;) {
          const page = await ctx.prisma.event.findMany({
            where: { AND: [where, { id: { gt: last } }] },
            orderBy: { id: 'asc' },
            take: REPLAY_PAGE,
          });
          for (const event of page) {
            if (stopped) return;
            await deliver(event);
          }
          if (page.length < REPLAY_PAGE || stopped) break;
        }
      }
      while (!stopped) {
        const event = buffer.shift();
        if (event) {
          await deliver(event);
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } catch (error) {
      stop(error);
    } finally {
      unlisten();
    }
  });
}

/** The viewer's current rights over a partner's events, read from the database each time. */
async function stillManages(ctx: Context, partnerId: string | null): Promise<boolean> {
  if (ctx.viewer.kind !== 'user') return false;
  const user = await ctx.prisma.user.findUnique({
    where: { id: ctx.viewer.id },
    select: { staffRole: true, memberships: { select: { partnerId: true } } },
  });
  if (!user) return false;
  if (user.staffRole) return true;
  return partnerId !== null && user.memberships.some((m) => m.partnerId === partnerId);
}

/**
 * The NOT_FOUND every refused subscription subject gets: missing, another partner's, the wrong
 * type of id or no id at all are not told apart, as HTTP's typed `NotFoundError` does not.
 */
function notFound(message: string) {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

/** The database id inside a subscription's global id argument, or NOT_FOUND. */
function subjectId(globalId: string, typename: string, message: string): string {
  try {
    return idOf(globalId, typename);
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound(message);
    throw error;
  }
}

builder.subscriptionType({
  description: 'Live events over graphql-ws. Pass `after` (an event cursor) to replay what was missed first.',
});

builder.subscriptionFields((t) => ({
  appEvents: t.field({
    type: EventRef,
    description: 'Every change to one app and its versions: stage, status, state flags, listing edits, reviews.',
    args: { appId: t.arg.id({ required: true }), after: t.arg.string({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      const appId = subjectId(String(args.appId), 'App', 'No such app');
      const app = await ctx.prisma.app.findUnique({ where: { id: appId }, select: { partnerId: true } });
      if (!app || !canManageApp(ctx.viewer, app)) throw notFound('No such app');
      return eventStream(ctx, { appId }, (e) => e.appId === appId, parseCursor(args.after), () => stillManages(ctx, app.partnerId));
    },
    resolve: (event) => event,
  }),
  reviewEvents: t.field({
    type: EventRef,
    description: 'The review of one version: threads, comments, checklist answers and verdicts, claims, decisions.',
    args: { versionId: t.arg.id({ required: true }), after: t.arg.string({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      const versionId = subjectId(String(args.versionId), 'AppVersion', 'No such version');
      const version = await ctx.prisma.appVersion.findUnique({ where: { id: versionId }, select: { app: { select: { partnerId: true } } } });
      if (!version || !canManageApp(ctx.viewer, version.app)) throw notFound('No such version');
      const partnerId = version.app.partnerId;
      return eventStream(ctx, { versionId }, (e) => e.versionId === versionId, parseCursor(args.after), () => stillManages(ctx, partnerId));
    },
    resolve: (event) => event,
  }),
  queueEvents: t.field({
    type: EventRef,
    description: 'Staff only: submissions entering and leaving the moderation queue, claims and assignments.',
    // Checked when subscribing (the builder's `authorizeOnSubscribe`), with the error HTTP gives.
    authScopes: { staff: true },
    args: { after: t.arg.string({ required: false }) },
    subscribe: (_root, args, ctx) => {
      const types: readonly string[] = QUEUE_EVENT_TYPES;
      return eventStream(ctx, { type: { in: [...types] } }, (e) => types.includes(e.type), parseCursor(args.after), async () => {
        if (ctx.viewer.kind !== 'user') return false;
        const user = await ctx.prisma.user.findUnique({ where: { id: ctx.viewer.id }, select: { staffRole: true } });
        return Boolean(user?.staffRole);
      });
    },
    resolve: (event) => event,
  }),
}));
