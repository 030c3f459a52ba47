import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import { capabilitiesType } from './version.js';
import { isStaff } from '../auth/viewer.js';
import {
  LISTING_CHANGE_ACTIONS,
  listingChangeRefusals,
  type ListingChangeAction,
  type ListingChangeFacts,
} from '../domain/lifecycle.js';
import {
  claimListingChange,
  decideListingChange,
  listingChangeQueueOrder,
  listingChangeQueueWhere,
} from '../domain/listing-rounds.js';
import { canManageApp } from '../domain/visibility.js';
import type { ListingChange } from '../generated/prisma/client.js';

const ListingChangeStatusEnum = builder.enumType('ListingChangeStatus', {
  description: 'Where a listing round stands.',
  values: {
    PENDING: { description: 'Waiting for staff; the catalog serves the live listing meanwhile.' },
    APPROVED: { description: 'Applied to the live listing.' },
    SENT_BACK: { description: 'Staff asked for changes (see `decisionNote`); the live listing stays. Edit the listing again to send a new round.' },
    DECLINED: { description: 'Refused (see `decisionNote`); the live listing stays.' },
  } as const,
});

const ListingChangeDecisionEnum = builder.enumType('ListingChangeDecision', { values: ['APPROVED', 'SENT_BACK', 'DECLINED'] as const });

const ListingChangeCapabilitiesRef = capabilitiesType<ListingChangeAction, ListingChangeFacts>(
  'ListingChangeCapabilities',
  'What the viewer may do with the listing round now, from its lifecycle table.',
  LISTING_CHANGE_ACTIONS,
  listingChangeRefusals,
);

const ListingChangeRef = builder.prismaNode('ListingChange', {
  id: { field: 'id' },
  description:
    "A listing round: an edit of a live app's listing waiting for staff approval (the policy's `listingEditsNeedReview`), or its outcome. Staff and the app's partner.",
  include: { app: { select: { partnerId: true, deletedAt: true } } },
  authScopes: nodeVisibility('ListingChange', (change, ctx) => canManageApp(ctx.viewer, change.app)),
  fields: (t) => ({
    status: t.expose('status', { type: ListingChangeStatusEnum }),
    changes: t.expose('changes', {
      type: 'JSON',
      description: '`{ field: { old, new } }` against the live listing (`name.en`, `countries`, `priceMinor`, …), as of the last edit.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'The last edit merged into it, or its decision.' }),
    waitingSeconds: t.int({
      nullable: true,
      description: 'How long it has waited for staff; null once decided.',
      resolve: (c) => (c.status === 'PENDING' ? Math.round((Date.now() - c.createdAt.getTime()) / 1000) : null),
    }),
    claimedAt: t.expose('claimedAt', { type: 'DateTime', nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decisionNote: t.exposeString('decisionNote', { nullable: true, description: "Staff's comment when sending it back or declining it." }),
    app: t.relation('app'),
    createdBy: t.relation('createdBy'),
    assignee: t.relation('assignee', { nullable: true, description: 'The staff member who claimed it.' }),
    viewerCan: t.field({
      type: ListingChangeCapabilitiesRef,
      description: 'What the viewer may do with it now.',
      resolve: (c, _args, ctx) => ({ facts: { status: c.status, assigneeId: c.assigneeId, app: c.app }, viewer: ctx.viewer }),
    }),
  }),
});

builder.prismaObjectFields('App', (t) => ({
  pendingListingChange: t.field({
    type: ListingChangeRef,
    nullable: true,
    description: 'The listing round waiting for staff, if any: what the catalog will show once it is approved.',
    authScopes: (app, _args, ctx) => canManageApp(ctx.viewer, app),
    select: (_args, _ctx, nestedSelection) => ({ listingChanges: nestedSelection({ where: { status: 'PENDING' }, take: 1 }) }),
    // The select above loads the relation; Pothos does not carry a function select's shape into the parent's type.
    resolve: (app) => (app as typeof app & { listingChanges: (ListingChange & { app: { partnerId: string; deletedAt: Date | null } })[] }).listingChanges[0] ?? null,
  }),
  listingChanges: t.relation('listingChanges', {
    description: 'Listing rounds of the app, newest first, with their outcomes.',
    authScopes: (app, _args, ctx) => canManageApp(ctx.viewer, app),
    args: { last: t.arg.int({ required: false, description: 'How many (default 10, at most 50).' }) },
    query: ({ last }) => ({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: Math.min(Math.max(last ?? 10, 1), 50) }),
  }),
}));

builder.queryField('listingChangeQueue', (t) =>
  t.prismaConnection({
    type: 'ListingChange',
    cursor: 'id',
    description: "Listing rounds waiting for staff, oldest first: a kind of queue item, claimed and decided like a version's review. Staff only.",
    authScopes: { staff: true },
    args: { unassigned: t.arg.boolean({ required: false, description: 'Only rounds nobody has claimed.' }) },
    resolve: (query, _root, { unassigned }, ctx) =>
      isStaff(ctx.viewer)
        ? ctx.prisma.listingChange.findMany({
            ...query,
            where: { ...listingChangeQueueWhere, ...(unassigned ? { assigneeId: null } : {}) },
            orderBy: listingChangeQueueOrder,
          })
        : [],
  }),
);

const changeId = (id: string | number) => idOf(String(id), 'ListingChange');

builder.mutationFields((t) => ({
  claimListingChange: t.prismaField({
    type: 'ListingChange',
    description: 'A reviewer or admin takes a listing round from the queue (`app.listing_change_claimed`).',
    errors: { types: [...ACTION_ERRORS] },
    args: { listingChangeId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const round = await claimListingChange(ctx, changeId(args.listingChangeId));
      return ctx.prisma.listingChange.findUniqueOrThrow({ ...plannedQuery(query), where: { id: round.id } });
    },
  }),
  decideListingChange: t.prismaField({
    type: 'ListingChange',
    description:
      "The listing round's assignee approves it (the edit is applied to the live listing: `app.listing_updated`), sends it back or declines it — those two with a `note` for the partner; the live listing stays. Recorded as `app.listing_change_decided`.",
    errors: { types: [...ACTION_ERRORS] },
    args: {
      listingChangeId: t.arg.id({ required: true }),
      decision: t.arg({ type: ListingChangeDecisionEnum, required: true }),
      note: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const round = await decideListingChange(ctx, changeId(args.listingChangeId), args.decision, args.note ?? null);
      return ctx.prisma.listingChange.findUniqueOrThrow({ ...plannedQuery(query), where: { id: round.id } });
    },
  }),
}));
