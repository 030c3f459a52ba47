import { builder } from './builder.js';
import { ScopeRef } from './section.js';
import { idOf, nodeVisibility } from './ids.js';
import { loadPolicy, localizedListing } from '../domain/policy.js';
import { appFactsSelect, appStage, isAvailable, partnerState, platformState } from '../domain/states.js';
import { canManageApp, canSeeApp } from '../domain/visibility.js';
import { administeredAccount } from '../auth/viewer.js';
import type { App, Prisma } from '../generated/prisma/client.js';
import { findPage } from '../db/page.js';
import { pageStatementCovers, readCatalogPage, type CatalogPageArgs } from '../db/catalog-page.js';

export const StateFlagEnum = builder.enumType('StateFlag', { values: ['PENDING', 'ONLINE', 'DISABLED'] as const });
export const AppStageEnum = builder.enumType('AppStage', {
  values: ['CREATED', 'CONSULTATION', 'DEVELOPMENT', 'IN_REVIEW', 'PUBLISHED', 'DECLINED'] as const,
});

const ListingTextRef = builder.prismaObject('ListingText', {
  description: "One locale of an app's listing.",
  fields: (t) => ({
    locale: t.exposeString('locale'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { description: 'The feature description.' }),
    installationGuide: t.exposeString('installationGuide'),
  }),
});

interface Pricing {
  priceMinor: number;
  discountedPriceMinor: number | null;
  trialDays: number | null;
  currency: string;
}

const PricingRef = builder.objectRef<Pricing>('Pricing').implement({
  description: 'Monthly pricing, in minor units (cents) of `currency`.',
  fields: (t) => ({
    priceMinor: t.exposeInt('priceMinor', { description: 'The monthly price; 0 is free.' }),
    discountedPriceMinor: t.exposeInt('discountedPriceMinor', { nullable: true }),
    trialDays: t.exposeInt('trialDays', { nullable: true }),
    currency: t.exposeString('currency'),
    free: t.boolean({ resolve: (p) => p.priceMinor === 0 }),
  }),
});

export const ConnectionMethodEnum = builder.enumType('ConnectionMethod', {
  description: 'How an account connects the app.',
  values: {
    CONNECTION_PAGE: { description: "The customer is sent to the module's connection page and types the account address and an API key there." },
    SIMPLE_CONNECTION: { description: "The marketplace sends the account address and a freshly issued key to the module's configuration URL; the customer types nothing." },
  } as const,
});

/** A permission the live version requests, as the catalog shows it. */
interface AppPermission {
  scopeKey: string;
  justification: string;
  pollingIntervalSeconds: number | null;
}

const AppPermissionRef = builder.objectRef<AppPermission>('AppPermission').implement({
  description: "A permission the app's live version requests, with the partner's justification.",
  fields: (t) => ({
    key: t.exposeString('scopeKey', { description: 'The scope key, e.g. `orders.read`.' }),
    scope: t.field({
      type: ScopeRef,
      description: 'What the platform says the permission gives.',
      // The scope catalogue is held in memory.
      resolve: (permission, _args, ctx) => ctx.reference.scopes.find((scope) => scope.key === permission.scopeKey)!,
    }),
    justification: t.exposeString('justification'),
    pollingIntervalSeconds: t.exposeInt('pollingIntervalSeconds', { nullable: true, description: 'For polling access, how often the module polls.' }),
  }),
});

/**
 * What the catalog reads of the live version, one selection for every such field so they merge
 * into one join.
 */
const liveVersionSelect = {
  versions: {
    where: { status: 'LIVE' },
    select: {
      minApiVersion: true,
      simpleConnection: true,
      scopes: { orderBy: { scopeKey: 'asc' }, select: { scopeKey: true, justification: true, pollingIntervalSeconds: true } },
    },
  },
} satisfies Prisma.AppSelect;

const manageOnly = {
  authScopes: (app: { partnerId: string }, _args: unknown, ctx: { viewer: Parameters<typeof canManageApp>[0] }) =>
    canManageApp(ctx.viewer, app),
};

export const AppRef = builder.prismaNode('App', {
  id: { field: 'id' },
  description: 'An add-on in the marketplace.',
  // Everyone may read an available app's public fields; the partner's members and staff read all.
  authScopes: nodeVisibility<App>('App', (app, ctx) => canSeeApp(ctx, app)),
  // Checked once per app, before any of its fields resolves, instead of in a wrapper around each field.
  runScopesOnType: true,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The integration code; never changes.' }),
    listing: t.field({
      type: ListingTextRef,
      nullable: true,
      description:
        'The listing in `locale`; each text missing there falls back to the first required locale (then any locale that has it).',
      args: { locale: t.arg.string({ required: false }) },
      // The same selection as `texts`, so both merge into one join when a query asks for both.
      select: { texts: { orderBy: { locale: 'asc' } } },
      resolve: (app, { locale }, ctx) => {
        const { requiredLocales } = loadPolicy(ctx);
        return localizedListing(app.texts, locale, requiredLocales[0] ?? 'en');
      },
    }),
    texts: t.relation('texts', {
      description: 'The listing in every locale it has.',
      query: { orderBy: { locale: 'asc' } },
      ...manageOnly,
    }),
    section: t.relation('section', { nullable: true }),
    countries: t.exposeStringList('countries', { description: 'ISO 3166-1 alpha-2 codes where the app is offered.' }),
    logoSvg: t.exposeString('logoSvg', { nullable: true, description: 'Sanitised SVG markup.' }),
    pricing: t.field({ type: PricingRef, resolve: (app) => app }),
    supportUrl: t.exposeString('supportUrl', { nullable: true }),
    documentationUrl: t.exposeString('documentationUrl', { nullable: true }),
    minApiVersion: t.int({
      nullable: true,
      description: 'The platform API version the live version needs; null when nothing is live.',
      select: liveVersionSelect,
      resolve: (app) => app.versions[0]?.minApiVersion ?? null,
    }),
    permissions: t.field({
      type: [AppPermissionRef],
      description: 'The permissions the live version requests, each with its justification; empty when nothing is live.',
      select: liveVersionSelect,
      resolve: (app) => app.versions[0]?.scopes ?? [],
    }),
    connectionMethod: t.field({
      type: ConnectionMethodEnum,
      nullable: true,
      description: 'How an account connects the live version; null when nothing is live.',
      select: liveVersionSelect,
      resolve: (app) => {
        const live = app.versions[0];
        return live ? (live.simpleConnection ? 'SIMPLE_CONNECTION' : 'CONNECTION_PAGE') : null;
      },
    }),
    stage: t.field({ type: AppStageEnum, select: appFactsSelect, resolve: (app) => appStage(app), ...manageOnly }),
    partnerState: t.field({
      type: [StateFlagEnum],
      select: appFactsSelect,
      resolve: (app) => partnerState(app),
      ...manageOnly,
    }),
    platformState: t.field({
      type: [StateFlagEnum],
      select: appFactsSelect,
      resolve: (app) => platformState(app),
      ...manageOnly,
    }),
    available: t.boolean({
      description: 'Listed in the catalog and installable.',
      select: appFactsSelect,
      resolve: (app) => isAvailable(app),
    }),
    partner: t.relation('partner', manageOnly),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', ...manageOnly }),
  }),
});

const CatalogFilter = builder.inputType('CatalogFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Matches the code or the name or description in `locale`.' }),
    section: t.string({ required: false, description: 'A section key.' }),
    country: t.string({ required: false, description: 'Only apps offered in this ISO 3166-1 alpha-2 country.' }),
    apiVersion: t.int({ required: false, description: "Only apps whose live version works with this account's API version." }),
    freeOnly: t.boolean({ required: false }),
  }),
});

/** The order of the catalog and of a viewer's apps: newest first, the id breaking ties. */
const NEWEST_FIRST: Prisma.AppOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

builder.queryField('catalog', (t) =>
  t.prismaConnection({
    type: 'App',
    cursor: 'id',
    description:
      "The public catalog: available apps only, newest first. No credentials needed; with an account's API key, only what that account may install (its country and API version) unless the filter says otherwise.",
    args: {
      filter: t.arg({ type: CatalogFilter, required: false }),
      locale: t.arg.string({ required: false, description: 'The locale searched in.' }),
    },
    resolve: async (query, _root, { filter, locale }, ctx) => {
      // An account's key sees what that account may install: its country, its API version.
      const account = administeredAccount(ctx.viewer);
      const where = {
        ...filter,
        locale,
        country: filter?.country ?? account?.country,
        apiVersion: filter?.apiVersion ?? account?.apiVersion,
      };
      const page = await readCatalogPage(ctx.prisma, where, query as CatalogPageArgs);
      // The dashboard's selection is all in the page statement; any other is read by id, as `apps` does.
      const apps: App[] = pageStatementCovers(query)
        ? page
        : await findPage(
            query,
            async () => page,
            (selection, ids) => ctx.prisma.app.findMany({ ...selection, where: { id: { in: ids } } }),
          );
      for (const app of apps) ctx.cache.visibleApps.add(app.id);
      return apps;
    },
  }),
);

builder.queryField('app', (t) =>
  t.prismaField({
    type: 'App',
    nullable: true,
    description: 'An app by its code, when the viewer may see it.',
    args: { code: t.arg.string({ required: true }) },
    resolve: async (query, _root, { code }, ctx) => {
      const app = await ctx.prisma.app.findFirst({ ...query, where: { code, deletedAt: null } });
      return app && (await canSeeApp(ctx, app)) ? app : null;
    },
  }),
);

const AppsFilter = builder.inputType('AppsFilter', {
  fields: (t) => ({
    search: t.string({ required: false, description: 'Matches the code or a name.' }),
    partnerId: t.id({ required: false, description: 'Staff: only this partner’s apps.' }),
    includeDeleted: t.boolean({ required: false }),
  }),
});

builder.queryField('apps', (t) =>
  t.prismaConnection({
    type: 'App',
    cursor: 'id',
    description: "The viewer's apps: a partner member's own partner's, or every app for staff. Newest first.",
    authScopes: { signedIn: true },
    args: { filter: t.arg({ type: AppsFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      const { viewer } = ctx;
      if (viewer.kind !== 'user') return [];
      const where: Prisma.AppWhereInput[] = [];
      if (!viewer.staffRole) where.push({ partnerId: { in: [...viewer.memberships.keys()] } });
      if (filter?.partnerId) where.push({ partnerId: idOf(String(filter.partnerId), 'Partner') });
      if (!filter?.includeDeleted) where.push({ deletedAt: null });
      if (filter?.search?.trim()) {
        const text = filter.search.trim();
        where.push({
          OR: [
            { code: { contains: text, mode: 'insensitive' } },
            { texts: { some: { name: { contains: text, mode: 'insensitive' } } } },
          ],
        });
      }
      return findPage(
        query,
        (page) => ctx.prisma.app.findMany({ ...page, where: { AND: where }, orderBy: NEWEST_FIRST, select: { id: true } }),
        (selection, ids) => ctx.prisma.app.findMany({ ...selection, where: { id: { in: ids } } }),
      );
    },
  }),
);
