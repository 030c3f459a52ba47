import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { idOf, plannedQuery } from './ids.js';
import { StaffRoleEnum } from './viewer.js';
import { isAdmin, isStaff } from '../auth/viewer.js';
import { hashPassword } from '../auth/passwords.js';
import { LISTING_FIELDS } from '../domain/listing-fields.js';
import { loadPolicy, updatePolicy } from '../domain/policy.js';
import { changeStaffRole, createStaffUser } from '../domain/staff.js';
import type { Policy } from '../cache/reference-data.js';
import type { User } from '../generated/prisma/client.js';

const PolicyRef = builder.objectRef<Policy>('MarketplacePolicy').implement({
  description: 'The marketplace-wide rules a listing and an app follow.',
  fields: (t) => ({
    requiredLocales: t.exposeStringList('requiredLocales', {
      description: 'Every localised listing text must be filled in these; the first is the catalog’s fallback.',
    }),
    consultationEnabled: t.exposeBoolean('consultationEnabled', { description: 'Whether a new app starts with a consultation.' }),
    currencies: t.exposeStringList('currencies', { description: 'ISO 4217 codes a listing may be priced in.' }),
    reviewTargetHours: t.exposeInt('reviewTargetHours', {
      description: 'How long a submission may wait for a decision before the queue marks it overdue.',
    }),
    listingEditsNeedReview: t.exposeBoolean('listingEditsNeedReview', {
      description:
        'False (the default): listing edits apply at once, even on a live app. True: an edit of a live app waits for staff as a listing round, and the catalog serves the live listing until it is approved.',
    }),
    approvalExpiryDays: t.exposeInt('approvalExpiryDays', {
      description: 'Days an approved version may wait for its release; then it expires (EXPIRED) and the app may start its next version.',
    }),
    listingFields: t.stringList({
      description: 'The listing fields a deficiency thread can be anchored to (localised ones take `.<locale>`).',
      resolve: () => [...LISTING_FIELDS],
    }),
  }),
});

const PolicyInputRef = builder.inputType('PolicyInput', {
  description: 'A policy edit: only the fields given change.',
  fields: (t) => ({
    requiredLocales: t.stringList({ required: false, description: 'Locale codes (`en`, `pt-BR`); the first is the catalog’s fallback. At least one.' }),
    currencies: t.stringList({ required: false, description: 'ISO 4217 codes. At least one.' }),
    consultationEnabled: t.boolean({ required: false }),
    reviewTargetHours: t.int({ required: false, description: '1 to 2160.' }),
    listingEditsNeedReview: t.boolean({ required: false }),
    approvalExpiryDays: t.int({ required: false, description: '1 to 365.' }),
  }),
});

builder.queryFields((t) => ({
  policy: t.field({ type: PolicyRef, description: 'The marketplace policy.', resolve: (_root, _args, ctx) => loadPolicy(ctx) }),
  demoMode: t.boolean({
    description: 'Whether this instance runs the seeded demo marketplace, whose sign-ins the dashboard may show.',
    resolve: (_root, _args, ctx) => ctx.demoMode,
  }),
  staff: t.prismaField({
    type: ['User'],
    description: 'Marketplace staff (disabled ones included), to assign reviews to and, for admins, to manage. Staff only.',
    authScopes: { staff: true },
    resolve: (query, _root, _args, ctx) =>
      isStaff(ctx.viewer) ? ctx.prisma.user.findMany({ ...query, where: { staffRole: { not: null } }, orderBy: { name: 'asc' } }) : [],
  }),
  marketplaceHistory: t.prismaConnection({
    type: 'Event',
    cursor: 'id',
    description: 'Changes to the marketplace itself — the policy and staff accounts — newest first. Admins only.',
    authScopes: { admin: true },
    resolve: (query, _root, _args, ctx) =>
      isAdmin(ctx.viewer)
        ? ctx.prisma.event.findMany({
            ...query,
            where: { appId: null, partnerId: null, OR: ['policy.', 'staff.', 'user.'].map((prefix) => ({ type: { startsWith: prefix } })) },
            orderBy: { id: 'desc' },
          })
        : [],
  }),
}));

const CreateStaffUserPayload = builder.objectRef<{ user: User; initialPassword: string | null }>('CreateStaffUserPayload').implement({
  fields: (t) => ({
    user: t.prismaField({ type: 'User', resolve: (query, p, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...plannedQuery(query), where: { id: p.user.id } }) }),
    initialPassword: t.exposeString('initialPassword', {
      nullable: true,
      description: 'The generated initial password when none was given: shown only now (only its hash is stored). Hand it over; null when you chose it.',
    }),
  }),
});


builder.mutationFields((t) => ({
  updatePolicy: t.field({
    type: PolicyRef,
    description:
      'An admin edits the marketplace policy. Every problem is reported at once (`ValidationError`: unknown locale or currency codes, empty lists, hours or days out of range) and nothing changes; a change is recorded as `policy.updated`.',
    errors: { types: [...ACTION_ERRORS] },
    args: { input: t.arg({ type: PolicyInputRef, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await updatePolicy(ctx, input);
      // This instance answers with the new policy at once; the others reload on the event.
      await ctx.reference.reload();
      return loadPolicy(ctx);
    },
  }),
  createStaffUser: t.field({
    type: CreateStaffUserPayload,
    description:
      'An admin creates a staff account (reviewer or admin) that signs in with an initial password: the one given, or one generated and answered once. Recorded as `staff.created`.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      email: t.arg.string({ required: true }),
      name: t.arg.string({ required: true }),
      role: t.arg({ type: StaffRoleEnum, required: true }),
      password: t.arg.string({ required: false, description: 'At least 8 characters; omit it to have one generated.' }),
    },
    resolve: (_root, args, ctx) => createStaffUser(ctx, args, hashPassword),
  }),
  changeStaffRole: t.prismaField({
    type: 'User',
    description: 'An admin makes a reviewer an admin, or an admin a reviewer. The last enabled admin stays one (`LAST_ADMIN`).',
    errors: { types: [...ACTION_ERRORS] },
    args: { userId: t.arg.id({ required: true }), role: t.arg({ type: StaffRoleEnum, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const user = await changeStaffRole(ctx, idOf(String(args.userId), 'User'), args.role);
      return ctx.prisma.user.findUniqueOrThrow({ ...plannedQuery(query), where: { id: user.id } });
    },
  }),
}));

builder.prismaObjectFields('Event', (t) => ({
  version: t.relation('version', { nullable: true, description: 'The version the event is about, if any.' }),
}));
