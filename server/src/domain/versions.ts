import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction, type Idempotence, type IdempotentDeps } from '../db/idempotency.js';
import type { ChecklistAnswerKind, Prisma, Verdict } from '../generated/prisma/client.js';
import { recordEvent, type NewEventOf } from '../events/log.js';
import type { EventPayloads, EventType } from '../events/types.js';
import { instantiateChecklist } from './checklist.js';
import { reconcileInstallations } from './installations.js';
import { missingForSubmission } from './completeness.js';
import { NotFoundError, ValidationError, refusalError } from './errors.js';
import { refusals, reviewerOnResubmission, type VersionAction, type VersionFacts } from './lifecycle.js';
import { runAppAction } from './apps.js';
import { readPolicy } from './policy.js';
import { takeSnapshot } from './snapshot.js';
import { Problems, VERSION_STRING, isHttpUrl } from './validation.js';
import { canManageApp } from './visibility.js';
import { withdraw } from './withdrawal.js';
import { privateAddressProblem } from '../webhooks/address-guard.js';

/** What a mutation needs: the database, the viewer and the request's idempotency key, if any. */
export type Deps = IdempotentDeps;

const versionForRules = {
  app: { include: { texts: true } },
  scopes: { include: { scope: true } },
  checklist: { orderBy: { position: 'asc' } },
  threads: { where: { status: 'OPEN' }, select: { id: true, blocking: true, status: true } },
} satisfies Prisma.AppVersionInclude;

type VersionForRules = Prisma.AppVersionGetPayload<{ include: typeof versionForRules }>;

/**
 * What the lifecycle guards read of a version, as a select a GraphQL field merges into the query
 * that loads the version. Relations are ordered as the schema's own fields order them (threads
 * unfiltered), so each shares one join with the field that shows it.
 */
export const versionRulesSelect = {
  status: true,
  assigneeId: true,
  connectionUrl: true,
  simpleConnection: true,
  app: {
    select: {
      partnerId: true,
      deletedAt: true,
      sectionId: true,
      countries: true,
      logoSvg: true,
      supportUrl: true,
      documentationUrl: true,
      texts: { orderBy: { locale: 'asc' } },
    },
  },
  scopes: {
    orderBy: { scopeKey: 'asc' },
    select: { scopeKey: true, justification: true, pollingIntervalSeconds: true, scope: { select: { polling: true } } },
  },
  checklist: { orderBy: { position: 'asc' } },
  threads: { orderBy: { createdAt: 'asc' }, select: { blocking: true, status: true } },
} satisfies Prisma.AppVersionSelect;

/** A version with what its rules read: loaded by a mutation or selected by a query. */
export type VersionRulesSource = Prisma.AppVersionGetPayload<{ select: typeof versionRulesSelect }>;

async function requiredLocales(tx: Tx) {
  return (await readPolicy(tx)).requiredLocales;
}

/** The facts the lifecycle guards read, from a loaded version. */
export function versionFacts(version: VersionRulesSource, locales: string[]): VersionFacts {
  return {
    status: version.status,
    assigneeId: version.assigneeId,
    app: version.app,
    openThreads: version.threads.filter((thread) => thread.status === 'OPEN'),
    failedItems: version.checklist.filter((item) => item.verdict === 'FAIL').map((item) => item.label),
    missing: () => missingForSubmission({ requiredLocales: locales, app: version.app, version }),
  };
}

/** Loads a version with what its rules need, or null when the viewer may not see it. */
export async function loadVersionForRules(db: Tx, viewer: Viewer, versionId: string) {
  const version = await db.appVersion.findUnique({ where: { id: versionId }, include: versionForRules });
  if (!version || !canManageApp(viewer, version.app)) return null;
  return { version, facts: versionFacts(version, await requiredLocales(db)) };
}

/**
 * Runs a lifecycle action in one transaction: locks the version row, checks the lifecycle table,
 * applies the change and records its events. A refusal throws a typed error and changes nothing.
 */
export async function runVersionAction<T extends { id: string }>(
  deps: Deps,
  versionId: string,
  action: VersionAction,
  apply: (tx: Tx, version: VersionForRules) => Promise<T>,
  idempotence?: Idempotence<T>,
): Promise<T> {
  return transaction(deps, idempotence, async (tx) => {
    // Serialises concurrent actions on one version (two reviewers claiming at once).
    await tx.$executeRaw`SELECT 1 FROM "AppVersion" WHERE id = ${versionId} FOR UPDATE`;
    const loaded = await loadVersionForRules(tx, deps.viewer, versionId);
    if (!loaded) throw new NotFoundError('No such version');
    const reasons = refusals(action, loaded.facts, deps.viewer);
    if (reasons.length) throw refusalError(reasons);
    return apply(tx, loaded.version);
  });
}

const actorId = (viewer: Viewer) => (viewer.kind === 'user' ? viewer.id : null);

/** Event types whose payload says how a version's status changed. */
type StatusEventType = {
  [T in EventType]: EventPayloads[T] extends { version: string; status: unknown } ? T : never;
}[EventType];

/** The event of a version's status change, with the type's own details. */
function statusEvent<T extends StatusEventType>(
  version: VersionForRules,
  viewer: Viewer,
  type: T,
  to: string,
  extra: Omit<EventPayloads[T], 'version' | 'status'>,
): NewEventOf<T> {
  return {
    type,
    appId: version.appId,
    versionId: version.id,
    partnerId: version.app.partnerId,
    actorId: actorId(viewer),
    payload: { version: version.version, status: { old: version.status, new: to }, ...extra } as EventPayloads[T],
  };
}

/** Ends the open review round of a version with an outcome. */
async function endRound(
  tx: Tx,
  versionId: string,
  outcome: 'CHANGES_REQUESTED' | 'APPROVED' | 'REJECTED',
  decisionNote: string | null = null,
) {
  await tx.reviewRound.updateMany({ where: { versionId, endedAt: null }, data: { endedAt: new Date(), outcome, decisionNote } });
}

// ─── Partner: manifest, checklist, submission ─────────────────────────────

export interface ManifestInput {
  version?: string | null;
  changelog?: string | null;
  minApiVersion?: number | null;
  connectionUrl?: string | null;
  simpleConnection?: boolean | null;
  scopes?: { key: string; justification: string; pollingIntervalSeconds?: number | null }[] | null;
}

/** Which module addresses the operator lets the marketplace call (`VETLINE_WEBHOOK_ALLOW_PRIVATE`). */
export interface ModuleReach {
  /** Private and loopback hosts, and plain http, are allowed (a development or lab setup). */
  allowPrivate: boolean;
}

/** Longest configuration URL accepted, as for webhook endpoints. */
const MAX_CONFIGURATION_URL_LENGTH = 2_000;

/**
 * Why `url` cannot be a simple-connection version's configuration URL, which receives a customer's
 * API key: https (plain http only where private addresses are allowed), no credentials in it, and a
 * public host (its name is resolved here, so this runs before any transaction opens). An empty or
 * non-http value is left to the manifest's own URL rule.
 */
async function configurationUrlProblems(url: string | null | undefined, reach: ModuleReach): Promise<string[]> {
  if (!url || !isHttpUrl(url)) return [];
  const parsed = new URL(url);
  const problems: string[] = [];
  if (url.length > MAX_CONFIGURATION_URL_LENGTH) problems.push(`must be at most ${MAX_CONFIGURATION_URL_LENGTH} characters`);
  if (parsed.username || parsed.password) problems.push('must not carry credentials');
  if (parsed.protocol !== 'https:' && !reach.allowPrivate) problems.push("must be an https URL: the marketplace sends the account's API key to it");
  const address = await privateAddressProblem(parsed, reach.allowPrivate);
  if (address) problems.push(address);
  return problems;
}

async function validateManifest(tx: Tx, input: ManifestInput, problems = new Problems()) {
  if (input.version != null) problems.check(VERSION_STRING.test(input.version), 'version', 'must look like 1.2 or 1.2.3');
  if (input.changelog != null) problems.check(input.changelog.length <= 10_000, 'changelog', 'must be at most 10000 characters');
  if (input.minApiVersion != null) {
    problems.check(Number.isInteger(input.minApiVersion) && input.minApiVersion >= 1, 'minApiVersion', 'must be a whole number ≥ 1');
  }
  if (input.connectionUrl) problems.check(isHttpUrl(input.connectionUrl), 'connectionUrl', 'must be an http or https URL');
  if (input.scopes) {
    const catalogue = new Map((await tx.scope.findMany()).map((s) => [s.key, s]));
    const seen = new Set<string>();
    for (const [i, scope] of input.scopes.entries()) {
      const known = catalogue.get(scope.key);
      if (!known) problems.add(`scopes.${i}.key`, `${scope.key} is not in the scope catalogue`);
      if (seen.has(scope.key)) problems.add(`scopes.${i}.key`, `${scope.key} is requested twice`);
      seen.add(scope.key);
      problems.check(scope.justification.trim().length > 0, `scopes.${i}.justification`, 'is required');
      if (known?.polling) {
        problems.check(
          scope.pollingIntervalSeconds != null && scope.pollingIntervalSeconds >= 60,
          `scopes.${i}.pollingIntervalSeconds`,
          'is required for polling access, at least 60 seconds',
        );
      } else if (known && scope.pollingIntervalSeconds != null) {
        problems.add(`scopes.${i}.pollingIntervalSeconds`, `${scope.key} is not polling access`);
      }
    }
  }
  problems.throwIfAny();
}

async function writeScopes(tx: Tx, versionId: string, scopes: NonNullable<ManifestInput['scopes']>) {
  await tx.requestedScope.deleteMany({ where: { versionId } });
  await tx.requestedScope.createMany({
    data: scopes.map((s) => ({
      versionId,
      scopeKey: s.key,
      justification: s.justification.trim(),
      pollingIntervalSeconds: s.pollingIntervalSeconds ?? null,
    })),
  });
}

const manifestData = (input: ManifestInput) => ({
  ...(input.version != null ? { version: input.version } : {}),
  ...(input.changelog != null ? { changelog: input.changelog } : {}),
  ...(input.minApiVersion != null ? { minApiVersion: input.minApiVersion } : {}),
  ...(input.connectionUrl !== undefined ? { connectionUrl: input.connectionUrl || null } : {}),
  ...(input.simpleConnection != null ? { simpleConnection: input.simpleConnection } : {}),
});

/** Whether the requested scopes `next` (as the manifest sends them) are those already stored. */
function sameScopes(
  stored: { scopeKey: string; justification: string; pollingIntervalSeconds: number | null }[],
  next: NonNullable<ManifestInput['scopes']>,
): boolean {
  const key = (s: { key: string; justification: string; pollingIntervalSeconds: number | null }) =>
    JSON.stringify([s.key, s.justification, s.pollingIntervalSeconds]);
  const before = stored.map((s) => key({ key: s.scopeKey, justification: s.justification, pollingIntervalSeconds: s.pollingIntervalSeconds })).sort();
  const after = next.map((s) => key({ key: s.key, justification: s.justification.trim(), pollingIntervalSeconds: s.pollingIntervalSeconds ?? null })).sort();
  return JSON.stringify(before) === JSON.stringify(after);
}

/** Edits a draft's (or a sent-back version's) manifest; records only the fields that changed. */
export async function updateVersion(deps: Deps, versionId: string, input: ManifestInput, reach: ModuleReach) {
  // Switching to simple connection without a URL makes the stored one the configuration URL.
  const candidate =
    input.connectionUrl !== undefined || !input.simpleConnection
      ? input.connectionUrl
      : (await deps.prisma.appVersion.findUnique({ where: { id: versionId }, select: { connectionUrl: true } }))?.connectionUrl;
  const urlProblems = input.simpleConnection === false ? [] : await configurationUrlProblems(candidate, reach);
  return runVersionAction(deps, versionId, 'update', async (tx, version) => {
    const problems = new Problems();
    // A stored configuration URL is not judged again (the operator's settings may have changed
    // since): only a new one, or a URL that becomes one by switching to simple connection.
    const simple = input.simpleConnection ?? version.simpleConnection;
    const url = input.connectionUrl !== undefined ? input.connectionUrl : version.connectionUrl;
    if (simple && url && (url !== version.connectionUrl || !version.simpleConnection)) {
      for (const message of urlProblems) problems.add('connectionUrl', message);
    }
    await validateManifest(tx, input, problems);
    // Only what differs is written and recorded: a form sends every field, the history names the edited ones.
    const data = Object.fromEntries(
      Object.entries(manifestData(input)).filter(([field, value]) => version[field as keyof typeof version] !== value),
    ) as ReturnType<typeof manifestData>;
    const scopesChanged = input.scopes != null && !sameScopes(version.scopes, input.scopes);
    const changed = Object.keys(data).concat(scopesChanged ? ['scopes'] : []);
    if (changed.length === 0) return version;
    const updated = await tx.appVersion.update({ where: { id: versionId }, data });
    if (scopesChanged && input.scopes) await writeScopes(tx, versionId, input.scopes);
    await recordEvent(tx, {
      type: 'version.updated',
      appId: version.appId,
      versionId,
      partnerId: version.app.partnerId,
      actorId: actorId(deps.viewer),
      payload: { version: updated.version, changed },
    });
    return updated;
  });
}

function validateAnswer(kind: ChecklistAnswerKind, answer: string): string | null {
  if (kind === 'URL' && !isHttpUrl(answer)) return 'must be an http or https URL';
  if (kind === 'CONFIRMATION' && !['yes', 'no'].includes(answer)) return 'must be yes or no';
  if (answer.length > 10_000) return 'must be at most 10000 characters';
  return null;
}

/** Answers (or clears, with null) one checklist item of a version. */
export function answerChecklistItem(deps: Deps, versionId: string, key: string, answer: string | null) {
  return runVersionAction(deps, versionId, 'answer', async (tx, version) => {
    const item = version.checklist.find((i) => i.key === key);
    if (!item) throw new NotFoundError(`The checklist has no item ${key}`);
    const trimmed = answer?.trim() || null;
    // A confirmation is stored as `yes` or `no` however it was typed.
    const value = trimmed && item.kind === 'CONFIRMATION' ? trimmed.toLowerCase() : trimmed;
    const problem = value ? validateAnswer(item.kind, value) : null;
    if (problem) throw new ValidationError([{ field: 'answer', message: problem }]);
    const updated = await tx.checklistItem.update({
      where: { id: item.id },
      data: { answer: value, answeredAt: value ? new Date() : null, answeredById: value ? actorId(deps.viewer) : null },
    });
    await recordEvent(tx, {
      type: 'checklist.answered',
      appId: version.appId,
      versionId,
      partnerId: version.app.partnerId,
      actorId: actorId(deps.viewer),
      payload: { key, label: item.label, answer: { old: item.answer, new: value } },
    });
    return updated;
  });
}

/** Sends a version to moderation: a new review round with a snapshot of what was sent. */
export function submitVersion(deps: Deps, versionId: string, autoRelease: boolean) {
  return runVersionAction(deps, versionId, 'submit', async (tx, version) => {
    const rounds = await tx.reviewRound.count({ where: { versionId } });
    const round = await tx.reviewRound.create({
      data: { versionId, number: rounds + 1, snapshot: (await takeSnapshot(tx, versionId)) as unknown as Prisma.InputJsonObject },
    });
    const updated = await tx.appVersion.update({
      where: { id: versionId },
      // A new round: the previous round's decision no longer describes the version.
      data: { status: 'SUBMITTED', submittedAt: new Date(), autoRelease, decidedAt: null },
    });
    await recordEvent(tx, statusEvent(version, deps.viewer, 'version.submitted', 'SUBMITTED', { round: round.number, autoRelease }));
    const assignee = version.assigneeId
      ? await tx.user.findUnique({ where: { id: version.assigneeId }, select: { id: true, staffRole: true } })
      : null;
    const reviewerId = reviewerOnResubmission(version.status, assignee);
    if (!reviewerId) return updated;
    const resumed = await tx.appVersion.update({ where: { id: versionId }, data: { status: 'IN_REVIEW', claimedAt: new Date() } });
    // The system, not the partner, hands it back: no actor.
    await recordEvent(tx, {
      ...statusEvent({ ...version, status: 'SUBMITTED' }, deps.viewer, 'version.assigned', 'IN_REVIEW', {
        assigneeId: { old: reviewerId, new: reviewerId },
        automatic: true,
      }),
      actorId: null,
    });
    return resumed;
  });
}

/** Pulls a submission back before a decision, or an approved version before its release. */
export function withdrawVersion(deps: Deps, versionId: string) {
  return runVersionAction(deps, versionId, 'withdraw', (tx, version) =>
    withdraw(tx, { ...version, partnerId: version.app.partnerId }, actorId(deps.viewer)),
  );
}

/** Releases an approved version: it goes LIVE and the previous LIVE one is SUPERSEDED. */
export function releaseVersion(deps: Deps, versionId: string) {
  return runVersionAction(deps, versionId, 'release', (tx, version) => release(tx, version, deps.viewer));
}

async function release(tx: Tx, version: VersionForRules, viewer: Viewer | null) {
  const previous = await tx.appVersion.findFirst({ where: { appId: version.appId, status: 'LIVE' } });
  if (previous) {
    await tx.appVersion.update({ where: { id: previous.id }, data: { status: 'SUPERSEDED' } });
    await recordEvent(tx, {
      type: 'version.superseded',
      appId: version.appId,
      versionId: previous.id,
      partnerId: version.app.partnerId,
      actorId: viewer ? actorId(viewer) : null,
      payload: { version: previous.version, status: { old: 'LIVE', new: 'SUPERSEDED' }, by: version.id },
    });
  }
  const updated = await tx.appVersion.update({ where: { id: version.id }, data: { status: 'LIVE', releasedAt: new Date() } });
  await recordEvent(tx, {
    type: 'version.released',
    appId: version.appId,
    versionId: version.id,
    partnerId: version.app.partnerId,
    actorId: viewer ? actorId(viewer) : null,
    payload: {
      version: version.version,
      status: { old: 'APPROVED', new: 'LIVE' },
      automatic: viewer === null,
      supersedes: previous?.id ?? null,
    },
  });
  // Installations follow the live version: narrowed at once, new permissions awaiting consent.
  await reconcileInstallations(tx, version, viewer ? actorId(viewer) : null);
  return updated;
}

// ─── Staff: claim, verdicts, decisions ───────────────────────────────────

/** Takes a review: the viewer becomes its assignee and the version is IN_REVIEW. */
export function claimReview(deps: Deps, versionId: string) {
  return runVersionAction(deps, versionId, 'claim', async (tx, version) => {
    const updated = await tx.appVersion.update({
      where: { id: versionId },
      data: { status: 'IN_REVIEW', assigneeId: actorId(deps.viewer), claimedAt: new Date() },
    });
    await recordEvent(tx, statusEvent(version, deps.viewer, 'version.claimed', 'IN_REVIEW', { assigneeId: actorId(deps.viewer) }));
    return updated;
  });
}

/** An admin assigns a review to a reviewer (or another admin). */
export function assignReview(deps: Deps, versionId: string, reviewerId: string) {
  return runVersionAction(deps, versionId, 'assign', async (tx, version) => {
    const reviewer = await tx.user.findUnique({ where: { id: reviewerId } });
    if (!reviewer?.staffRole) throw new ValidationError([{ field: 'reviewerId', message: 'must be a reviewer or an admin' }]);
    const updated = await tx.appVersion.update({
      where: { id: versionId },
      data: { status: 'IN_REVIEW', assigneeId: reviewerId, claimedAt: new Date() },
    });
    await recordEvent(
      tx,
      statusEvent(version, deps.viewer, 'version.assigned', 'IN_REVIEW', { assigneeId: { old: version.assigneeId, new: reviewerId } }),
    );
    return updated;
  });
}

/** Gives one checklist item the reviewer's verdict, with an optional comment. */
export function setChecklistVerdict(deps: Deps, versionId: string, key: string, verdict: Verdict, comment: string | null) {
  return runVersionAction(deps, versionId, 'setVerdict', async (tx, version) => {
    const item = version.checklist.find((i) => i.key === key);
    if (!item) throw new NotFoundError(`The checklist has no item ${key}`);
    const updated = await tx.checklistItem.update({
      where: { id: item.id },
      data: { verdict, verdictComment: comment?.trim() || null, verdictAt: new Date(), verdictById: actorId(deps.viewer) },
    });
    await recordEvent(tx, {
      type: 'checklist.verdict_set',
      appId: version.appId,
      versionId,
      partnerId: version.app.partnerId,
      actorId: actorId(deps.viewer),
      payload: { key, label: item.label, verdict: { old: item.verdict, new: verdict }, comment: comment?.trim() || null },
    });
    return updated;
  });
}

/**
 * Passes every checklist item that has no verdict yet, in one transaction, with the same rule as a
 * single verdict (the assigned reviewer, in review) and one `checklist.verdict_set` event per item.
 * Items already judged keep their verdict. Returns the keys it passed.
 */
export async function passRemainingItems(deps: Deps, versionId: string) {
  let passed: string[] = [];
  await runVersionAction(deps, versionId, 'setVerdict', async (tx, version) => {
    const remaining = version.checklist.filter((item) => item.verdict === null);
    passed = remaining.map((item) => item.key);
    if (remaining.length) {
      await tx.checklistItem.updateMany({
        where: { id: { in: remaining.map((item) => item.id) } },
        data: { verdict: 'PASS', verdictComment: null, verdictAt: new Date(), verdictById: actorId(deps.viewer) },
      });
    }
    for (const item of remaining) {
      await recordEvent(tx, {
        type: 'checklist.verdict_set',
        appId: version.appId,
        versionId,
        partnerId: version.app.partnerId,
        actorId: actorId(deps.viewer),
        payload: { key: item.key, label: item.label, verdict: { old: null, new: 'PASS' }, comment: null },
      });
    }
    return version;
  });
  return passed;
}

/** Sends the version back to the partner; names the failed items and the open threads. */
export function requestChanges(deps: Deps, versionId: string, summary: string | null) {
  return runVersionAction(deps, versionId, 'requestChanges', async (tx, version) => {
    await endRound(tx, versionId, 'CHANGES_REQUESTED', summary?.trim() || null);
    const updated = await tx.appVersion.update({ where: { id: versionId }, data: { status: 'CHANGES_REQUESTED', decidedAt: new Date() } });
    await recordEvent(
      tx,
      statusEvent(version, deps.viewer, 'version.changes_requested', 'CHANGES_REQUESTED', {
        summary: summary?.trim() || null,
        failedItems: version.checklist.filter((i) => i.verdict === 'FAIL').map((i) => i.key),
        openThreads: version.threads.map((t) => t.id),
      }),
    );
    return updated;
  });
}

/** Approves the version; with automatic release it goes LIVE at once. */
export function approveVersion(deps: Deps, versionId: string) {
  return runVersionAction(deps, versionId, 'approve', async (tx, version) => {
    await endRound(tx, versionId, 'APPROVED');
    const approved = await tx.appVersion.update({ where: { id: versionId }, data: { status: 'APPROVED', decidedAt: new Date() } });
    await recordEvent(tx, statusEvent(version, deps.viewer, 'version.approved', 'APPROVED', {}));
    return approved.autoRelease ? release(tx, { ...version, status: 'APPROVED' }, null) : approved;
  });
}

/** Rejects the version for good, with the reason. */
export function rejectVersion(deps: Deps, versionId: string, reason: string) {
  return runVersionAction(deps, versionId, 'reject', async (tx, version) => {
    const problems = new Problems();
    problems.check(reason.trim().length > 0, 'reason', 'is required');
    problems.throwIfAny();
    await endRound(tx, versionId, 'REJECTED', reason.trim());
    const updated = await tx.appVersion.update({ where: { id: versionId }, data: { status: 'REJECTED', decidedAt: new Date() } });
    await recordEvent(tx, statusEvent(version, deps.viewer, 'version.rejected', 'REJECTED', { reason: reason.trim() }));
    return updated;
  });
}

// ─── Creating a version ───────────────────────────────────────────────────

/** Starts a new draft version, with a fresh checklist from the section's template. */
export async function createVersion(deps: Deps, appId: string, input: ManifestInput & { version: string }, reach: ModuleReach) {
  const urlProblems = input.simpleConnection ? await configurationUrlProblems(input.connectionUrl, reach) : [];
  return runAppAction(deps, appId, 'createVersion', async (tx, app) => {
    const problems = new Problems();
    for (const message of urlProblems) problems.add('connectionUrl', message);
    const duplicate = await tx.appVersion.findUnique({ where: { appId_version: { appId, version: input.version } } });
    if (duplicate) problems.add('version', `version ${input.version} already exists`);
    await validateManifest(tx, input, problems);
    const version = await tx.appVersion.create({
      data: { appId, createdById: actorId(deps.viewer) ?? '', ...manifestData(input), version: input.version },
    });
    if (input.scopes) await writeScopes(tx, version.id, input.scopes);
    const { sectionId } = await tx.app.findUniqueOrThrow({ where: { id: appId }, select: { sectionId: true } });
    await instantiateChecklist(tx, version.id, sectionId);
    await recordEvent(tx, {
      type: 'version.created',
      appId,
      versionId: version.id,
      partnerId: app.partnerId,
      actorId: actorId(deps.viewer),
      payload: { version: version.version, status: { old: null, new: 'DRAFT' } },
    });
    return version;
  }, { operation: 'createVersion', load: (tx, id) => tx.appVersion.findUniqueOrThrow({ where: { id } }) });
}
