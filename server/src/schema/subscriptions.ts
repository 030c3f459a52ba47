import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { Context } from '../context.js';
import { builder } from './builder.js';
import { EventRef } from './history.js';
import { idOf } from './ids.js';
import type { Event } from '../generated/prisma/client.js';
import { canManageApp } from '../domain/visibility.js';
import { eventStream } from '../events/live.js';
import { subjectPartners } from '../events/subjects.js';
import { DELIVERY_INCLUDE, type DeliveredEvent } from '../events/feed.js';
import { NotFoundError } from '../domain/errors.js';
import { isStaff } from '../auth/viewer.js';
import { Prisma } from '../generated/prisma/client.js';

/** Events a staff member watching the queue gets: submissions and consultation requests entering and leaving it, claims. */
export const QUEUE_EVENT_TYPES = [
  'version.submitted',
  'version.withdrawn',
  'version.claimed',
  'version.assigned',
  'version.changes_requested',
  'version.approved',
  'version.rejected',
  'app.deleted',
  'app.consultation_requested',
  'app.consultation_claimed',
  'app.consultation_decided',
  'app.listing_change_submitted',
  'app.listing_change_claimed',
  'app.listing_change_decided',
] as const;

function parseCursor(after: string | null | undefined): bigint | null {
  if (after == null) return null;
  if (!/^\d{1,19}$/.test(after)) throw new GraphQLError('`after` must be an event cursor', { extensions: { code: 'BAD_USER_INPUT' } });
  return BigInt(after);
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

/**
 * The root field's resolver: the event as delivery read it. Delivery reads every event with its
 * actor (`DELIVERY_INCLUDE`), so once Pothos has planned this selection in an execution context
 * (which records what the planned query loads), `actor { … }` resolves from the row. Planned once
 * per context, not per event: the executions sharing a context (one page of events, one audience)
 * share one document, and planning was a tenth of a catch-up's CPU.
 */
export function delivered(event: DeliveredEvent, _args: unknown, ctx: Context, info: GraphQLResolveInfo): DeliveredEvent {
  let fields = planned.get(ctx);
  if (!fields) planned.set(ctx, (fields = new Set()));
  if (!fields.has(info.fieldName)) {
    fields.add(info.fieldName);
    const query = queryFromInfo({ context: ctx, info }) as { include?: Record<string, unknown> };
    for (const relation of Object.keys(query.include ?? {})) {
      if (relation in DELIVERY_INCLUDE || unread.has(relation)) continue;
      unread.add(relation);
      ctx.feed.logger.warn({ relation }, `Event.${relation} is not read with delivered events (DELIVERY_INCLUDE): it loads once per event`);
    }
  }
  return event;
}
const planned = new WeakMap<object, Set<string>>();
const unread = new Set<string>();

/**
 * A partner's view of an app's or a version's stream: only the events recorded for their partner,
 * never staff-only ones (private notes, `partnerId` null); as the history filters them.
 */
function visibleStream(ctx: Context, where: Prisma.Sql, partnerId: string) {
  if (isStaff(ctx.viewer)) return { where, matches: () => true };
  return { where: Prisma.sql`${where} AND e."partnerId" = ${partnerId}`, matches: (event: Event) => event.partnerId === partnerId };
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
      const partnerId = await subjectPartners(ctx.prisma).app(appId);
      if (!partnerId || !canManageApp(ctx.viewer, { partnerId })) throw notFound('No such app');
      const audience = { staffOnly: false, partnerId } as const;
      return eventStream(ctx, { key: `app:${appId}`, ...visibleStream(ctx, Prisma.sql`e."appId" = ${appId}`, partnerId), audience }, parseCursor(args.after));
    },
    resolve: delivered,
  }),
  reviewEvents: t.field({
    type: EventRef,
    description: 'The review of one version: threads, comments, checklist answers and verdicts, claims, decisions.',
    args: { versionId: t.arg.id({ required: true }), after: t.arg.string({ required: false }) },
    subscribe: async (_root, args, ctx) => {
      const versionId = subjectId(String(args.versionId), 'AppVersion', 'No such version');
      const partnerId = await subjectPartners(ctx.prisma).version(versionId);
      if (!partnerId || !canManageApp(ctx.viewer, { partnerId })) throw notFound('No such version');
      const audience = { staffOnly: false, partnerId } as const;
      return eventStream(ctx, { key: `version:${versionId}`, ...visibleStream(ctx, Prisma.sql`e."versionId" = ${versionId}`, partnerId), audience }, parseCursor(args.after));
    },
    resolve: delivered,
  }),
  queueEvents: t.field({
    type: EventRef,
    description: 'Staff only: submissions, consultation requests and listing changes entering and leaving the moderation queue, claims and assignments.',
    // Checked when subscribing (the builder's `authorizeOnSubscribe`), with the error HTTP gives.
    authScopes: { staff: true },
    args: { after: t.arg.string({ required: false }) },
    subscribe: (_root, args, ctx) => {
      const types: readonly string[] = QUEUE_EVENT_TYPES;
      const spec = { key: 'queue', where: Prisma.sql`e.type = ANY(${[...types]}::text[])`, matches: (e: Event) => types.includes(e.type), audience: { staffOnly: true } as const };
      return eventStream(ctx, spec, parseCursor(args.after));
    },
    resolve: delivered,
  }),
}));
