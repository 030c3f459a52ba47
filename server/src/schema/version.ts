import { builder } from './builder.js';
import { ACTION_ERRORS, ReasonRef } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import type { Context } from '../context.js';
import { refusals, reviewTurn, VERSION_ACTIONS, whoseTurn, type Reason, type VersionAction, type VersionFacts } from '../domain/lifecycle.js';
import {
  answerChecklistItem,
  approveVersion,
  assignReview,
  claimReview,
  createVersion,
  passRemainingItems,
  versionFacts,
  versionRulesSelect,
  rejectVersion,
  releaseVersion,
  requestChanges,
  setChecklistVerdict,
  submitVersion,
  updateVersion,
  withdrawVersion,
} from '../domain/versions.js';
import { canManageApp, canManageVersion } from '../domain/visibility.js';
import { diffSnapshots, type SnapshotChange } from '../domain/rounds.js';
import type { RoundSnapshot } from '../domain/snapshot.js';

export const VersionStatusEnum = builder.enumType('VersionStatus', {
  values: ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED', 'LIVE', 'SUPERSEDED', 'WITHDRAWN', 'REJECTED', 'EXPIRED'] as const,
});
export const TurnEnum = builder.enumType('Turn', {
  description: 'Whose move it is: the partner’s, the marketplace’s, or nobody’s.',
  values: ['PARTNER', 'MARKETPLACE', 'NONE'] as const,
});
const ReviewTurnEnum = builder.enumType('ReviewTurn', {
  description: 'Whose move it is, for reviewers: the partner’s, any reviewer’s (nobody holds it), the assigned reviewer’s, or nobody’s.',
  values: ['PARTNER', 'ANY_REVIEWER', 'ASSIGNEE', 'NONE'] as const,
});
export const AnswerKindEnum = builder.enumType('ChecklistAnswerKind', { values: ['CONFIRMATION', 'TEXT', 'URL', 'CREDENTIALS'] as const });
const VerdictEnum = builder.enumType('Verdict', { values: ['PASS', 'FAIL', 'NOT_APPLICABLE'] as const });

/** Whether the viewer may take an action now, and every reason why not. */
export interface Capability {
  allowed: boolean;
  reasons: Reason[];
}

export const CapabilityRef = builder.objectRef<Capability>('Capability').implement({
  description: 'Whether the viewer may take an action now and, where not, why.',
  fields: (t) => ({
    allowed: t.exposeBoolean('allowed'),
    reasons: t.field({ type: [ReasonRef], resolve: (c) => c.reasons }),
  }),
});

export const capability = (reasons: Reason[]): Capability => ({ allowed: reasons.length === 0, reasons });

/**
 * An object type with one `Capability` field per action of a lifecycle table, each evaluated with
 * the table's own refusal function over facts loaded once.
 */
export function capabilitiesType<Action extends string, Facts>(
  name: string,
  description: string,
  actions: Record<Action, { description: string }>,
  evaluate: (action: Action, facts: Facts, viewer: Context['viewer']) => Reason[],
) {
  return builder.objectRef<{ facts: Facts; viewer: Context['viewer'] }>(name).implement({
    description,
    fields: (t) =>
      Object.fromEntries(
        (Object.keys(actions) as Action[]).map((action) => [
          action,
          t.field({
            type: CapabilityRef,
            description: actions[action].description,
            resolve: ({ facts, viewer }) => capability(evaluate(action, facts, viewer)),
          }),
        ]),
      ),
  });
}

const VersionCapabilitiesRef = capabilitiesType<VersionAction, VersionFacts>(
  'VersionCapabilities',
  'What the viewer may do with the version now, from the lifecycle table.',
  VERSION_ACTIONS,
  refusals,
);

export const AppVersionRef = builder.prismaNode('AppVersion', {
  id: { field: 'id' },
  description: 'A reviewable version of an app: its manifest and checklist.',
  // The partner joins every load of a version, so authorizing it costs no statement of its own.
  include: { app: { select: { partnerId: true } } },
  authScopes: nodeVisibility('AppVersion', (version, ctx) => canManageVersion(ctx, version)),
  fields: (t) => ({
    version: t.exposeString('version'),
    changelog: t.exposeString('changelog'),
    minApiVersion: t.exposeInt('minApiVersion', { description: 'The oldest platform API version it works with.' }),
    connectionUrl: t.exposeString('connectionUrl', { nullable: true }),
    simpleConnection: t.exposeBoolean('simpleConnection'),
    status: t.expose('status', { type: VersionStatusEnum }),
    waitingOn: t.field({ type: TurnEnum, description: 'Whose move it is.', resolve: (v) => whoseTurn(v.status) }),
    reviewTurn: t.field({
      type: ReviewTurnEnum,
      description: 'Whose move it is among the marketplace’s people; with ASSIGNEE, `assignee` says who.',
      select: { status: true, assigneeId: true },
      resolve: (v) => reviewTurn(v.status, v.assigneeId),
    }),
    autoRelease: t.exposeBoolean('autoRelease', { description: 'Goes live as soon as it is approved.' }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    releasedAt: t.expose('releasedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    app: t.relation('app'),
    assignee: t.relation('assignee', { nullable: true, description: 'The reviewer who claimed the review.' }),
    scopes: t.relation('scopes', { query: { orderBy: { scopeKey: 'asc' } } }),
    checklist: t.relation('checklist', { query: { orderBy: { position: 'asc' } } }),
    threads: t.relation('threads', { query: { orderBy: { createdAt: 'asc' } } }),
    rounds: t.field({
      type: [ReviewRoundRef],
      description: 'Each submission, oldest first.',
      // Loaded together, so each round's diff reads the previous round's snapshot from this list.
      select: { rounds: { orderBy: { number: 'asc' } } },
      resolve: (version) => withPreviousSnapshots(version.rounds),
    }),
    viewerCan: t.field({
      type: VersionCapabilitiesRef,
      // The facts join the query that loads the version; the policy comes from memory.
      select: versionRulesSelect,
      resolve: (version, _args, ctx) => ({ facts: versionFacts(version, ctx.reference.policy.requiredLocales), viewer: ctx.viewer }),
    }),
  }),
});

builder.prismaObject('RequestedScope', {
  fields: (t) => ({
    scope: t.relation('scope'),
    justification: t.exposeString('justification'),
    pollingIntervalSeconds: t.exposeInt('pollingIntervalSeconds', { nullable: true }),
  }),
});

builder.prismaObject('ChecklistItem', {
  description: "A checklist item with the partner's answer and the reviewer's verdict.",
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    help: t.exposeString('help', { nullable: true }),
    mandatory: t.exposeBoolean('mandatory'),
    kind: t.expose('kind', { type: AnswerKindEnum }),
    answer: t.exposeString('answer', { nullable: true }),
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
    verdict: t.expose('verdict', { type: VerdictEnum, nullable: true }),
    verdictComment: t.exposeString('verdictComment', { nullable: true }),
    verdictAt: t.expose('verdictAt', { type: 'DateTime', nullable: true }),
  }),
});

export const SnapshotChangeRef = builder.objectRef<SnapshotChange>('SnapshotChange').implement({
  description: 'A difference between a round and the one before it.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'e.g. `listing.texts.ru.description`, `manifest.scopes.orders.read`, `checklist.test-account`.' }),
    old: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.old }),
    new: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.new }),
  }),
});

/** Each round's predecessor's snapshot, set where a version's rounds are loaded together. */
const previousSnapshot = new WeakMap<object, RoundSnapshot>();

/** Links each round to the snapshot of the one before it (the rounds come ordered by number). */
function withPreviousSnapshots<R extends { number: number; snapshot: unknown }>(rounds: R[]): R[] {
  const byNumber = new Map(rounds.map((round) => [round.number, round]));
  for (const round of rounds) {
    const previous = byNumber.get(round.number - 1);
    if (previous) previousSnapshot.set(round, previous.snapshot as RoundSnapshot);
  }
  return rounds;
}

const ReviewRoundRef = builder.prismaObject('ReviewRound', {
  description: 'One submission of a version, with an immutable snapshot of what was sent.',
  fields: (t) => ({
    changesSincePreviousRound: t.field({
      type: [SnapshotChangeRef],
      description: 'What changed since the previous round (empty for the first): what a reviewer re-checks.',
      resolve: async (round, _args, ctx) => {
        if (round.number === 1) return [];
        // Rounds reached other than through `AppVersion.rounds` read their predecessor here.
        const previous =
          previousSnapshot.get(round) ??
          ((
            await ctx.prisma.reviewRound.findUnique({
              where: { versionId_number: { versionId: round.versionId, number: round.number - 1 } },
              select: { snapshot: true },
            })
          )?.snapshot as unknown as RoundSnapshot | undefined);
        return previous ? diffSnapshots(previous, round.snapshot as unknown as RoundSnapshot) : [];
      },
    }),
    number: t.exposeInt('number'),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    outcome: t.exposeString('outcome', { nullable: true }),
    decisionNote: t.exposeString('decisionNote', {
      nullable: true,
      description: "The reviewer's summary when changes were requested, or the reason of a rejection.",
    }),
    snapshot: t.expose('snapshot', { type: 'JSON' }),
  }),
});

// ─── Mutations ─────────────────────────────────────────────────────────────

const ScopeRequestInput = builder.inputType('ScopeRequestInput', {
  fields: (t) => ({
    key: t.string({ required: true }),
    justification: t.string({ required: true }),
    pollingIntervalSeconds: t.int({ required: false }),
  }),
});

const ManifestInput = builder.inputType('ManifestInput', {
  description: 'The reviewable part of a version. Omitted fields stay as they are.',
  fields: (t) => ({
    version: t.string({ required: false }),
    changelog: t.string({ required: false }),
    minApiVersion: t.int({ required: false }),
    connectionUrl: t.string({ required: false }),
    simpleConnection: t.boolean({ required: false }),
    scopes: t.field({ type: [ScopeRequestInput], required: false, description: 'Replaces the requested scopes.' }),
  }),
});

const versionId = (id: string | number) => idOf(String(id), 'AppVersion');
const deps = (ctx: Context) => ({ prisma: ctx.prisma, viewer: ctx.viewer });

/** The version after a mutation, selected as the client asked. */
const reload = (ctx: Context, query: object, id: string) =>
  ctx.prisma.appVersion.findUniqueOrThrow({ ...plannedQuery(query), where: { id } });

builder.mutationFields((t) => {
  const field = (description: string) => ({
    type: 'AppVersion' as const,
    description,
    errors: { types: [...ACTION_ERRORS] },
  });
  const target = { versionId: t.arg.id({ required: true }) };
  return {
    submitVersion: t.prismaField({
      ...field('Sends the version to moderation. Refused with every missing item until it is complete.'),
      args: { ...target, autoRelease: t.arg.boolean({ required: false, description: 'Go live as soon as approved.' }) },
      resolve: async (query, _root, args, ctx) =>
        reload(ctx, query, (await submitVersion(deps(ctx), versionId(args.versionId), args.autoRelease ?? false)).id),
    }),
    withdrawVersion: t.prismaField({
      ...field('Pulls a submission back before a decision.'),
      args: target,
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await withdrawVersion(deps(ctx), versionId(args.versionId))).id),
    }),
    claimReview: t.prismaField({
      ...field('Takes the review of a submission.'),
      args: target,
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await claimReview(deps(ctx), versionId(args.versionId))).id),
    }),
    assignReview: t.prismaField({
      ...field('An admin assigns the review to a reviewer.'),
      args: { ...target, reviewerId: t.arg.id({ required: true }) },
      resolve: async (query, _root, args, ctx) =>
        reload(ctx, query, (await assignReview(deps(ctx), versionId(args.versionId), idOf(String(args.reviewerId), 'User'))).id),
    }),
    requestChanges: t.prismaField({
      ...field('Sends the version back to the partner; needs at least one open thread.'),
      args: { ...target, summary: t.arg.string({ required: false }) },
      resolve: async (query, _root, args, ctx) =>
        reload(ctx, query, (await requestChanges(deps(ctx), versionId(args.versionId), args.summary ?? null)).id),
    }),
    approveVersion: t.prismaField({
      ...field('Approves the version; refused while a blocking thread is open or an item failed.'),
      args: target,
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await approveVersion(deps(ctx), versionId(args.versionId))).id),
    }),
    rejectVersion: t.prismaField({
      ...field('Rejects the version for good.'),
      args: { ...target, reason: t.arg.string({ required: true }) },
      resolve: async (query, _root, args, ctx) =>
        reload(ctx, query, (await rejectVersion(deps(ctx), versionId(args.versionId), args.reason)).id),
    }),
    releaseVersion: t.prismaField({
      ...field('Makes an approved version live; the previous live one is superseded.'),
      args: target,
      resolve: async (query, _root, args, ctx) => reload(ctx, query, (await releaseVersion(deps(ctx), versionId(args.versionId))).id),
    }),
  };
});

builder.mutationField('updateVersion', (t) =>
  t.prismaField({
    type: 'AppVersion',
    description: "Edits the manifest of a draft or of a version sent back for changes.",
    errors: { types: [...ACTION_ERRORS] },
    args: { versionId: t.arg.id({ required: true }), manifest: t.arg({ type: ManifestInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await updateVersion(deps(ctx), versionId(args.versionId), args.manifest, { allowPrivate: ctx.webhooks.allowPrivate });
      return reload(ctx, query, id);
    },
  }),
);

builder.mutationField('createVersion', (t) =>
  t.prismaField({
    type: 'AppVersion',
    description: 'Starts a new draft version with a fresh checklist.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      appId: t.arg.id({ required: true }),
      version: t.arg.string({ required: true }),
      manifest: t.arg({ type: ManifestInput, required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await createVersion(deps(ctx), idOf(String(args.appId), 'App'), { ...(args.manifest ?? {}), version: args.version }, {
        allowPrivate: ctx.webhooks.allowPrivate,
      });
      return reload(ctx, query, id);
    },
  }),
);

builder.mutationField('answerChecklistItem', (t) =>
  t.prismaField({
    type: 'ChecklistItem',
    description: 'Answers (or, with null, clears) a checklist item.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      versionId: t.arg.id({ required: true }),
      key: t.arg.string({ required: true }),
      answer: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await answerChecklistItem(deps(ctx), versionId(args.versionId), args.key, args.answer ?? null);
      return ctx.prisma.checklistItem.findUniqueOrThrow({ ...plannedQuery(query), where: { id } });
    },
  }),
);

builder.mutationField('setChecklistVerdict', (t) =>
  t.prismaField({
    type: 'ChecklistItem',
    description: "Gives a checklist item the reviewer's verdict.",
    errors: { types: [...ACTION_ERRORS] },
    args: {
      versionId: t.arg.id({ required: true }),
      key: t.arg.string({ required: true }),
      verdict: t.arg({ type: VerdictEnum, required: true }),
      comment: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await setChecklistVerdict(
        deps(ctx),
        versionId(args.versionId),
        args.key,
        args.verdict,
        args.comment ?? null,
      );
      return ctx.prisma.checklistItem.findUniqueOrThrow({ ...plannedQuery(query), where: { id } });
    },
  }),
);

builder.mutationField('passRemainingChecklistItems', (t) =>
  t.prismaField({
    type: 'AppVersion',
    description:
      'Passes every checklist item without a verdict, in one step; items already judged keep their verdict. The same rule as `setChecklistVerdict`.',
    errors: { types: [...ACTION_ERRORS] },
    args: { versionId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = versionId(args.versionId);
      await passRemainingItems(deps(ctx), id);
      return reload(ctx, query, id);
    },
  }),
);

// ─── The app's versions ────────────────────────────────────────────────────

builder.prismaObjectField('App', 'versions', (t) =>
  t.relation('versions', {
    description: 'Every version, newest first.',
    query: { orderBy: { createdAt: 'desc' } },
    authScopes: (app, _args, ctx) => canManageApp(ctx.viewer, app),
  }),
);
