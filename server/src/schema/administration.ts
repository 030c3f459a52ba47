import { builder } from './builder.js';
import { ACTION_ERRORS, ErrorInterface } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import { AnswerKindEnum } from './version.js';
import { isMemberOf, isStaff } from '../auth/viewer.js';
import type { Context } from '../context.js';
import {
  acceptSectionRequest,
  createSection,
  declineSectionRequest,
  renameSection,
  requestSection,
  retireSection,
  SectionNotEmptyError,
  setChecklistTemplate,
} from '../domain/sections.js';
import type { Prisma, SectionRequest } from '../generated/prisma/client.js';

// Marketplace administration (domain/sections.ts): sections, partners' section requests and
// checklist templates. Admins change them; partners ask for sections and read their own requests.

builder.objectType(SectionNotEmptyError, {
  name: 'SectionNotEmptyError',
  description: 'The section still has apps: retire it with `moveTo`, the section they go to. Nothing changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    sectionKey: t.exposeString('sectionKey'),
    appCount: t.exposeInt('appCount', { description: 'How many apps (not deleted) are in it.' }),
  }),
});

/** The lifecycle errors, and a section that still has apps. */
const ADMINISTRATION_ERRORS = [...ACTION_ERRORS, SectionNotEmptyError] as const;

const LocalizedNameRef = builder.objectRef<{ locale: string; name: string }>('LocalizedName').implement({
  fields: (t) => ({ locale: t.exposeString('locale'), name: t.exposeString('name') }),
});

const LocalizedNameInput = builder.inputType('LocalizedNameInput', {
  fields: (t) => ({ locale: t.string({ required: true }), name: t.string({ required: true }) }),
});

const staffOnly = { authScopes: { staff: true } } as const;

const ChecklistTemplateRef = builder.prismaObject('ChecklistTemplate', {
  description: "A section's checklist template (or the default one): what every new version's checklist is made from.",
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key'),
    name: t.exposeString('name'),
    section: t.relation('section', { nullable: true, description: 'Null for the default template.' }),
    items: t.relation('items', { query: { orderBy: { position: 'asc' } } }),
  }),
});

builder.prismaObjectFields('Section', (t) => ({
  names: t.field({
    type: [LocalizedNameRef],
    description: 'The name in every locale it has.',
    resolve: (section) => Object.entries(section.names as Record<string, string>).map(([locale, name]) => ({ locale, name })),
  }),
  retired: t.exposeBoolean('archived', { description: 'Retired: no longer in the catalog or the choices for apps; its history stays.' }),
  appCount: t.relationCount('apps', { ...staffOnly, description: 'Apps in the section (deleted ones excluded). Staff only.', where: { deletedAt: null } }),
  checklistTemplate: t.field({
    ...staffOnly,
    type: ChecklistTemplateRef,
    nullable: true,
    description: "The section's own checklist template; null when its apps use the default one. Staff only.",
    select: (_args, _ctx, nested) => ({ templates: nested({ take: 1 }) }),
    resolve: (section) => section.templates[0] ?? null,
  }),
}));

builder.prismaObject('ChecklistTemplateItem', {
  description: 'One item of a template.',
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    help: t.exposeString('help', { nullable: true }),
    kind: t.expose('kind', { type: AnswerKindEnum }),
    mandatory: t.exposeBoolean('mandatory'),
    position: t.exposeInt('position'),
  }),
});

const SectionRequestStatusEnum = builder.enumType('SectionRequestStatus', {
  values: {
    OPEN: { description: 'Waiting for an admin.' },
    ACCEPTED: { description: 'The section was created (see `section`).' },
    DECLINED: { description: 'Declined; `decisionNote` says why.' },
  } as const,
});

const canSeeRequest = (request: SectionRequest, ctx: Context) => isStaff(ctx.viewer) || isMemberOf(ctx.viewer, request.partnerId);

builder.prismaNode('SectionRequest', {
  id: { field: 'id' },
  description: "A partner's request for a new section. Its partner's members and staff see it.",
  authScopes: nodeVisibility<SectionRequest>('SectionRequest', canSeeRequest),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The section the partner asks for, in its words.' }),
    reason: t.exposeString('reason'),
    status: t.expose('status', { type: SectionRequestStatusEnum }),
    decisionNote: t.exposeString('decisionNote', { nullable: true, description: 'Why it was declined, or a note on accepting.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    partner: t.relation('partner'),
    app: t.relation('app', { nullable: true, description: 'The app it was asked for, if any.' }),
    requestedBy: t.relation('requestedBy'),
    section: t.relation('section', { nullable: true, description: 'The section made when it was accepted.' }),
  }),
});

/** Partners read their partners' requests; staff read all; anyone else none. */
function visibleRequests(ctx: Context): Prisma.SectionRequestWhereInput | null {
  if (isStaff(ctx.viewer)) return {};
  if (ctx.viewer.kind === 'user') return { partnerId: { in: [...ctx.viewer.memberships.keys()] } };
  return null;
}

/** The event types of marketplace administration, for its history. */
const ADMINISTRATION_EVENTS: Prisma.EventWhereInput = {
  OR: [{ type: { startsWith: 'section.' } }, { type: { startsWith: 'section_request.' } }, { type: 'checklist.template_updated' }],
};

builder.queryFields((t) => ({
  allSections: t.prismaField({
    type: ['Section'],
    ...staffOnly,
    description: 'Every section, retired ones included, in display order. Staff only.',
    resolve: (query, _root, _args, ctx) => (isStaff(ctx.viewer) ? ctx.prisma.section.findMany({ ...query, orderBy: { position: 'asc' } }) : []),
  }),
  defaultChecklistTemplate: t.prismaField({
    type: 'ChecklistTemplate',
    nullable: true,
    ...staffOnly,
    description: "The template of apps whose section has none of its own. Staff only.",
    resolve: (query, _root, _args, ctx) => (isStaff(ctx.viewer) ? ctx.prisma.checklistTemplate.findFirst({ ...query, where: { sectionId: null } }) : null),
  }),
  sectionRequests: t.prismaField({
    type: ['SectionRequest'],
    description: "Section requests, newest first: staff see every partner's, a partner's members only their own.",
    args: { status: t.arg({ type: SectionRequestStatusEnum, required: false }) },
    resolve: (query, _root, { status }, ctx) => {
      const where = visibleRequests(ctx);
      if (!where) return [];
      return ctx.prisma.sectionRequest.findMany({ ...query, where: { ...where, ...(status ? { status } : {}) }, orderBy: { createdAt: 'desc' } });
    },
  }),
  administrationHistory: t.prismaConnection({
    type: 'Event',
    cursor: 'id',
    ...staffOnly,
    description: 'Every change to sections, section requests and checklist templates, newest first. Staff only.',
    resolve: (query, _root, _args, ctx) =>
      isStaff(ctx.viewer) ? ctx.prisma.event.findMany({ ...query, where: ADMINISTRATION_EVENTS, orderBy: { id: 'desc' } }) : [],
  }),
}));

const ChecklistTemplateItemInput = builder.inputType('ChecklistTemplateItemInput', {
  description: 'One item of a template; the list order is the checklist order.',
  fields: (t) => ({
    key: t.string({ required: true, description: 'Lower-case letters, digits and dashes; unique in the template. Answers follow the key.' }),
    label: t.string({ required: true }),
    help: t.string({ required: false }),
    kind: t.field({ type: AnswerKindEnum, required: true }),
    mandatory: t.boolean({ required: true }),
  }),
});

/** After a section change: this instance's sections are reloaded before the answer, so its next read is fresh. */
const settled = async <T>(ctx: Context, result: T): Promise<T> => {
  await ctx.reference.through();
  return result;
};
const requestId = (id: string | number) => idOf(String(id), 'SectionRequest');
const names = (list: readonly { locale: string; name: string }[]) => list.map((n) => ({ locale: n.locale, name: n.name }));

builder.mutationFields((t) => ({
  createSection: t.prismaField({
    type: 'Section',
    errors: { types: [...ADMINISTRATION_ERRORS] },
    description: 'An admin creates a section: a key (never changes) and a name in every required locale.',
    args: { key: t.arg.string({ required: true }), names: t.arg({ type: [LocalizedNameInput], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const section = await createSection(ctx, { key: args.key, names: names(args.names) });
      return settled(ctx, await ctx.prisma.section.findUniqueOrThrow({ ...plannedQuery(query), where: { id: section.id } }));
    },
  }),
  renameSection: t.prismaField({
    type: 'Section',
    errors: { types: [...ADMINISTRATION_ERRORS] },
    description: 'An admin renames a section; locales left out keep their name.',
    args: { key: t.arg.string({ required: true }), names: t.arg({ type: [LocalizedNameInput], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const section = await renameSection(ctx, args.key, names(args.names));
      return settled(ctx, await ctx.prisma.section.findUniqueOrThrow({ ...plannedQuery(query), where: { id: section.id } }));
    },
  }),
  retireSection: t.prismaField({
    type: 'Section',
    errors: { types: [...ADMINISTRATION_ERRORS] },
    description:
      'An admin retires a section: it leaves the catalog and the choices for apps. Its apps move to `moveTo` (required when it ' +
      'has any: SectionNotEmptyError otherwise); their editable versions get that section’s checklist.',
    args: { key: t.arg.string({ required: true }), moveTo: t.arg.string({ required: false }) },
    resolve: async (query, _root, args, ctx) => {
      const section = await retireSection(ctx, args.key, args.moveTo?.trim() || null);
      return settled(ctx, await ctx.prisma.section.findUniqueOrThrow({ ...plannedQuery(query), where: { id: section.id } }));
    },
  }),
  requestSection: t.prismaField({
    type: 'SectionRequest',
    errors: { types: [...ADMINISTRATION_ERRORS] },
    description: "A partner's member asks the marketplace for a new section, optionally for one of the partner's apps.",
    args: {
      partnerId: t.arg.id({ required: true }),
      appId: t.arg.id({ required: false }),
      name: t.arg.string({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const request = await requestSection(ctx, {
        partnerId: idOf(String(args.partnerId), 'Partner'),
        appId: args.appId == null ? null : idOf(String(args.appId), 'App'),
        name: args.name,
        reason: args.reason,
      });
      return ctx.prisma.sectionRequest.findUniqueOrThrow({ ...plannedQuery(query), where: { id: request.id } });
    },
  }),
  acceptSectionRequest: t.prismaField({
    type: 'SectionRequest',
    errors: { types: [...ADMINISTRATION_ERRORS] },
    description: 'An admin accepts a section request: creates the section and (unless `moveApp` is false) moves the app it was asked for into it.',
    args: {
      requestId: t.arg.id({ required: true }),
      key: t.arg.string({ required: true }),
      names: t.arg({ type: [LocalizedNameInput], required: true }),
      moveApp: t.arg.boolean({ required: false, defaultValue: true }),
      note: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const request = await acceptSectionRequest(ctx, requestId(args.requestId), {
        key: args.key,
        names: names(args.names),
        moveApp: args.moveApp ?? true,
        note: args.note ?? null,
      });
      return settled(ctx, await ctx.prisma.sectionRequest.findUniqueOrThrow({ ...plannedQuery(query), where: { id: request.id } }));
    },
  }),
  declineSectionRequest: t.prismaField({
    type: 'SectionRequest',
    errors: { types: [...ADMINISTRATION_ERRORS] },
    description: 'An admin declines a section request, saying why; the partner reads the reason.',
    args: { requestId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const request = await declineSectionRequest(ctx, requestId(args.requestId), args.reason);
      return ctx.prisma.sectionRequest.findUniqueOrThrow({ ...plannedQuery(query), where: { id: request.id } });
    },
  }),
  setChecklistTemplate: t.prismaField({
    type: 'ChecklistTemplate',
    errors: { types: [...ADMINISTRATION_ERRORS] },
    description:
      "An admin replaces a section's checklist template (`sectionKey` omitted: the default one). New versions get it; editable " +
      'versions (draft, changes requested) that follow it are rebuilt keeping the answers of the items both share; versions in ' +
      'review, approved or live keep theirs.',
    args: { sectionKey: t.arg.string({ required: false }), items: t.arg({ type: [ChecklistTemplateItemInput], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const template = await setChecklistTemplate(
        ctx,
        args.sectionKey?.trim() || null,
        args.items.map((item) => ({ key: item.key, label: item.label, help: item.help ?? null, kind: item.kind, mandatory: item.mandatory })),
      );
      return ctx.prisma.checklistTemplate.findUniqueOrThrow({ ...plannedQuery(query), where: { id: template.id } });
    },
  }),
}));
