import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { idOf, plannedQuery } from './ids.js';
import { capabilitiesType } from './version.js';
import type { Context } from '../context.js';
import {
  claimConsultation,
  createApp,
  decideConsultation,
  deleteApp,
  appFactsForRules,
  appRulesSelect,
  requestConsultation,
  setPartnerState,
  setPlatformDisabled,
} from '../domain/apps.js';
import { updateListing } from '../domain/listing-rounds.js';
import { APP_ACTIONS, appRefusals, type AppAction, type AppFactsForRules } from '../domain/lifecycle.js';
import { canManageApp } from '../domain/visibility.js';

const ConsultationStatusEnum = builder.enumType('ConsultationStatus', {
  values: ['NOT_REQUESTED', 'REQUESTED', 'APPROVED', 'DECLINED', 'NOT_REQUIRED'] as const,
});

const AppCapabilitiesRef = capabilitiesType<AppAction, AppFactsForRules>(
  'AppCapabilities',
  'What the viewer may do with the app now, from the lifecycle table.',
  APP_ACTIONS,
  appRefusals,
);

const manageOnly = { authScopes: (app: { partnerId: string }, _args: unknown, ctx: Context) => canManageApp(ctx.viewer, app) };

builder.prismaObjectFields('App', (t) => ({
  consultation: t.expose('consultation', { type: ConsultationStatusEnum, ...manageOnly }),
  consultationNote: t.exposeString('consultationNote', { nullable: true, ...manageOnly }),
  consultationAssignee: t.relation('consultationAssignee', {
    nullable: true,
    description: 'The admin who claimed the consultation request from the queue (or decided it).',
    ...manageOnly,
  }),
  consultationRequestedAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When the consultation was requested, while it awaits a decision.',
    select: { consultation: true, consultationAt: true },
    resolve: (app) => (app.consultation === 'REQUESTED' ? app.consultationAt : null),
    ...manageOnly,
  }),
  consultationWaitingSeconds: t.int({
    nullable: true,
    description: 'How long the consultation request has waited for the marketplace; null when none waits.',
    select: { consultation: true, consultationAt: true },
    resolve: (app) =>
      app.consultation === 'REQUESTED' && app.consultationAt ? Math.round((Date.now() - app.consultationAt.getTime()) / 1000) : null,
    ...manageOnly,
  }),
  platformDisabledReason: t.exposeString('platformDisabledWhy', { nullable: true, ...manageOnly }),
  deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true, ...manageOnly }),
  viewerCan: t.field({
    type: AppCapabilitiesRef,
    ...manageOnly,
    // The facts join the query that loads the app; the policy comes from memory.
    select: appRulesSelect,
    resolve: (app, _args, ctx) => ({ facts: appFactsForRules(app, ctx.reference.policy), viewer: ctx.viewer }),
  }),
}));

const ListingTextInput = builder.inputType('ListingTextInput', {
  description: 'One locale of the listing; omitted fields stay as they are.',
  fields: (t) => ({
    locale: t.string({ required: true }),
    name: t.string({ required: false }),
    description: t.string({ required: false, description: 'The feature description.' }),
    installationGuide: t.string({ required: false }),
  }),
});

const ListingInput = builder.inputType('ListingInput', {
  description: 'A listing edit: omitted fields stay as they are; null clears an optional one.',
  fields: (t) => ({
    texts: t.field({ type: [ListingTextInput], required: false }),
    sectionKey: t.string({ required: false }),
    countries: t.stringList({ required: false, description: 'ISO 3166-1 alpha-2 codes.' }),
    logoSvg: t.string({ required: false, description: 'SVG markup only; stored sanitised. Null removes the logo.' }),
    priceMinor: t.int({ required: false, description: 'Monthly price in minor units; 0 is free.' }),
    discountedPriceMinor: t.int({ required: false, description: 'Strictly below the price.' }),
    trialDays: t.int({ required: false, description: 'Only on a paid app.' }),
    currency: t.string({ required: false }),
    supportUrl: t.string({ required: false }),
    documentationUrl: t.string({ required: false }),
  }),
});

const reload = (ctx: Context, query: object, id: string) => ctx.prisma.app.findUniqueOrThrow({ ...plannedQuery(query), where: { id } });
const appId = (id: string | number) => idOf(String(id), 'App');

builder.mutationFields((t) => {
  const field = (description: string) => ({ type: 'App' as const, description, errors: { types: [...ACTION_ERRORS] } });
  const target = { appId: t.arg.id({ required: true }) };
  return {
    createApp: t.prismaField({
      ...field('Creates an app with its integration code, which never changes.'),
      args: {
        code: t.arg.string({ required: true, description: "Latin letters, digits, '-' and '_'." }),
        name: t.arg.string({ required: false, description: 'The name in the first required locale.' }),
        partnerId: t.arg.id({ required: false, description: 'Needed when you are a member of several partners.' }),
      },
      resolve: async (query, _root, args, ctx) => {
        const partnerId = args.partnerId == null ? null : idOf(String(args.partnerId), 'Partner');
        return reload(ctx, query, (await createApp(ctx, { code: args.code, name: args.name ?? null, partnerId })).id);
      },
    }),
    updateListing: t.prismaField({
      ...field('Edits the listing; applies at once, even on a published app, and is recorded in the history.'),
      args: { ...target, listing: t.arg({ type: ListingInput, required: true }) },
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await updateListing(ctx, appId(args.appId), { ...args.listing, texts: args.listing.texts ?? undefined })).id),
    }),
    requestConsultation: t.prismaField({
      ...field("Asks marketplace staff for the consultation about the app's idea."),
      args: target,
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await requestConsultation(ctx, appId(args.appId))).id),
    }),
    claimConsultation: t.prismaField({
      ...field('An admin takes a consultation request from the queue.'),
      args: target,
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await claimConsultation(ctx, appId(args.appId))).id),
    }),
    decideConsultation: t.prismaField({
      ...field('An admin records the consultation outcome: development starts, or the app is declined for good.'),
      args: { ...target, approve: t.arg.boolean({ required: true }), note: t.arg.string({ required: false }) },
      resolve: async (query, _root, args, ctx) =>
        reload(ctx, query, (await decideConsultation(ctx, appId(args.appId), args.approve, args.note ?? null)).id),
    }),
    setPartnerState: t.prismaField({
      ...field('The partner switches the app online (listed while live) or off.'),
      args: { ...target, online: t.arg.boolean({ required: true }) },
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await setPartnerState(ctx, appId(args.appId), args.online)).id),
    }),
    setPlatformDisabled: t.prismaField({
      ...field('An admin suspends the app (with the reason) or reinstates it.'),
      args: { ...target, disabled: t.arg.boolean({ required: true }), reason: t.arg.string({ required: false }) },
      resolve: async (query, _root, args, ctx) =>
        reload(ctx, query, (await setPlatformDisabled(ctx, appId(args.appId), args.disabled, args.reason ?? null)).id),
    }),
    deleteApp: t.prismaField({
      ...field('Deletes an app; refused while an account has it installed.'),
      args: target,
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await deleteApp(ctx, appId(args.appId))).id),
    }),
  };
});
