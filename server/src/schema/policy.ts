import { builder } from './builder.js';
import { isStaff } from '../auth/viewer.js';
import { LISTING_FIELDS } from '../domain/listing-fields.js';
import { loadPolicy } from '../domain/policy.js';
import type { Policy } from '../cache/reference-data.js';

const PolicyRef = builder.objectRef<Policy>('MarketplacePolicy').implement({
  description: 'The marketplace-wide rules a listing and an app follow.',
  fields: (t) => ({
    requiredLocales: t.exposeStringList('requiredLocales', {
      description: 'Every localised listing text must be filled in these; the first is the catalog’s fallback.',
    }),
    consultationEnabled: t.exposeBoolean('consultationEnabled', { description: 'Whether a new app starts with a consultation.' }),
    currencies: t.exposeStringList('currencies'),
    reviewTargetHours: t.exposeInt('reviewTargetHours', {
      description: 'How long a submission may wait for a decision before the queue marks it overdue.',
    }),
    listingFields: t.stringList({
      description: 'The listing fields a deficiency thread can be anchored to (localised ones take `.<locale>`).',
      resolve: () => [...LISTING_FIELDS],
    }),
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
    description: 'Marketplace staff, to assign reviews to. Staff only.',
    authScopes: { staff: true },
    resolve: (query, _root, _args, ctx) =>
      isStaff(ctx.viewer) ? ctx.prisma.user.findMany({ ...query, where: { staffRole: { not: null } }, orderBy: { name: 'asc' } }) : [],
  }),
}));

builder.prismaObjectFields('Event', (t) => ({
  version: t.relation('version', { nullable: true, description: 'The version the event is about, if any.' }),
}));
