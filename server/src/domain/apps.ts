import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction, type Idempotence } from '../db/idempotency.js';
import { Prisma } from '../generated/prisma/client.js';
import { recordEvent } from '../events/log.js';
import { NotFoundError, ValidationError, refusalError } from './errors.js';
import { IN_FLIGHT, appRefusals, type AppAction, type AppFactsForRules } from './lifecycle.js';
import { readPolicy } from './policy.js';
import { APP_CODE, Problems } from './validation.js';
import type { Deps } from './versions.js';
import { canManageApp } from './visibility.js';
import { withdraw } from './withdrawal.js';

const actorId = (viewer: Viewer) => (viewer.kind === 'user' ? viewer.id : null);

/** What the app-level rules read of an app, as a select a GraphQL field merges into its query. */
export const appRulesSelect = {
  id: true,
  code: true,
  partnerId: true,
  deletedAt: true,
  consultation: true,
  consultationAssigneeId: true,
  partnerDisabled: true,
  platformDisabled: true,
  versions: { select: { status: true } },
  _count: { select: { installations: { where: { disconnectedAt: null } } } },
} satisfies Prisma.AppSelect;

/** The facts the app-level guards read, from a selected app and the policy. */
export function appFactsForRules(
  app: Prisma.AppGetPayload<{ select: typeof appRulesSelect }>,
  policy: { consultationEnabled: boolean },
): AppFactsForRules & { id: string; code: string } {
  return {
    id: app.id,
    code: app.code,
    partnerId: app.partnerId,
    deletedAt: app.deletedAt,
    consultation: app.consultation,
    consultationAssigneeId: app.consultationAssigneeId,
    partnerDisabled: app.partnerDisabled,
    platformDisabled: app.platformDisabled,
    versionStatuses: app.versions.map((v) => v.status),
    activeInstallations: app._count.installations,
    consultationEnabled: policy.consultationEnabled,
  };
}

/** Loads an app with what its rules need (inside a transaction), or null when the viewer may not manage it. */
export async function loadAppFacts(db: Tx, viewer: Viewer, appId: string): Promise<(AppFactsForRules & { id: string; code: string }) | null> {
  const app = await db.app.findUnique({ where: { id: appId }, select: appRulesSelect });
  if (!app || !canManageApp(viewer, app)) return null;
  return appFactsForRules(app, await readPolicy(db));
}

export type LoadedApp = NonNullable<Awaited<ReturnType<typeof loadAppFacts>>>;

/**
 * Runs an app-level action in one transaction: locks the app row, checks the rules, applies the
 * change and records its event. A refusal throws a typed error and changes nothing.
 */
export function runAppAction<T extends { id: string }>(
  deps: Deps,
  appId: string,
  action: AppAction,
  apply: (tx: Tx, app: LoadedApp) => Promise<T>,
  idempotence?: Idempotence<T>,
) {
  return transaction(deps, idempotence, async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "App" WHERE id = ${appId} FOR UPDATE`;
    const app = await loadAppFacts(tx, deps.viewer, appId);
    if (!app) throw new NotFoundError('No such app');
    const reasons = appRefusals(action, app, deps.viewer);
    if (reasons.length) throw refusalError(reasons);
    return apply(tx, app);
  });
}

/** The subject and actor columns of an app's event. */
export const appEvent = (app: LoadedApp, viewer: Viewer) => ({ appId: app.id, partnerId: app.partnerId, actorId: actorId(viewer) });

const takenMessage = (code: string, existing: string) =>
  existing === code ? `${code} is already taken` : `${code} is already taken (as ${existing}; codes differ by more than case)`;

/** A partner member creates an app with its immutable code; it starts in CREATED (or DEVELOPMENT without consultation). */
export async function createApp(deps: Deps, input: { code: string; partnerId?: string | null; name?: string | null }) {
  const { viewer } = deps;
  const problems = new Problems();
  const code = input.code.trim();
  problems.check(APP_CODE.test(code), 'code', "may hold only Latin letters, digits, '-' and '_'");
  problems.check(code.length >= 2 && code.length <= 64, 'code', 'must be 2 to 64 characters long');
  if (viewer.kind !== 'user' || viewer.memberships.size === 0) {
    throw refusalError([{ code: 'FORBIDDEN', message: "Only partners' members may create apps" }]);
  }
  const partnerId = input.partnerId ?? (viewer.memberships.size === 1 ? [...viewer.memberships.keys()][0] : undefined);
  if (!partnerId) problems.add('partnerId', 'is required: you are a member of several partners');
  else if (!viewer.memberships.has(partnerId)) problems.add('partnerId', 'must be a partner you are a member of');
  problems.throwIfAny();

  const idempotence = { operation: 'createApp', load: (tx: Tx, id: string) => tx.app.findUniqueOrThrow({ where: { id } }) };
  return transaction(deps, idempotence, async (tx) => {
    const policy = await readPolicy(tx);
    // Codes are unique whatever their case (an index on lower("code") backs this up under races).
    const taken = await tx.app.findFirst({ where: { code: { equals: code, mode: 'insensitive' } }, select: { code: true } });
    if (taken) throw new ValidationError([{ field: 'code', message: takenMessage(code, taken.code) }]);
    try {
      const app = await tx.app.create({
        data: {
          code,
          partnerId: partnerId!,
          createdById: viewer.id,
          consultation: policy.consultationEnabled ? 'NOT_REQUESTED' : 'NOT_REQUIRED',
          texts: {
            create: policy.requiredLocales.map((locale, i) => ({ locale, name: i === 0 ? (input.name?.trim() ?? '') : '' })),
          },
        },
      });
      await recordEvent(tx, {
        type: 'app.created',
        appId: app.id,
        partnerId: app.partnerId,
        actorId: viewer.id,
        payload: { code, consultation: app.consultation },
      });
      return app;
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new ValidationError([{ field: 'code', message: takenMessage(code, code) }]);
      }
      throw error;
    }
  });
}

/** The partner asks for the consultation about the app's idea. */
export function requestConsultation(deps: Deps, appId: string) {
  return runAppAction(deps, appId, 'requestConsultation', async (tx, app) => {
    const updated = await tx.app.update({ where: { id: appId }, data: { consultation: 'REQUESTED', consultationAt: new Date() } });
    await recordEvent(tx, {
      type: 'app.consultation_requested',
      ...appEvent(app, deps.viewer),
      payload: { consultation: { old: app.consultation, new: 'REQUESTED' } },
    });
    return updated;
  });
}

/** An admin takes a consultation request from the queue: it shows them as its assignee. */
export function claimConsultation(deps: Deps, appId: string) {
  return runAppAction(deps, appId, 'claimConsultation', async (tx, app) => {
    const assigneeId = actorId(deps.viewer);
    const updated = await tx.app.update({ where: { id: appId }, data: { consultationAssigneeId: assigneeId } });
    await recordEvent(tx, {
      type: 'app.consultation_claimed',
      ...appEvent(app, deps.viewer),
      payload: { assigneeId: { old: app.consultationAssigneeId, new: assigneeId } },
    });
    return updated;
  });
}

/** An admin records the consultation's outcome: development may start, or the app is declined for good. */
export function decideConsultation(deps: Deps, appId: string, approve: boolean, note: string | null) {
  return runAppAction(deps, appId, 'decideConsultation', async (tx, app) => {
    const outcome = approve ? 'APPROVED' : 'DECLINED';
    if (!approve && !note?.trim()) throw new ValidationError([{ field: 'note', message: 'Say why the app is declined' }]);
    const updated = await tx.app.update({
      where: { id: appId },
      // The admin who decides is the request's assignee, whether they claimed it first or not.
      data: {
        consultation: outcome,
        consultationNote: note?.trim() || null,
        consultationAt: new Date(),
        consultationAssigneeId: actorId(deps.viewer),
      },
    });
    await recordEvent(tx, {
      type: 'app.consultation_decided',
      ...appEvent(app, deps.viewer),
      payload: { consultation: { old: app.consultation, new: outcome }, note: note?.trim() || null },
    });
    return updated;
  });
}

/** The partner switches its app online (listed when live) or off. */
export function setPartnerState(deps: Deps, appId: string, online: boolean) {
  return runAppAction(deps, appId, 'setPartnerState', async (tx, app) => {
    const updated = await tx.app.update({ where: { id: appId }, data: { partnerDisabled: !online } });
    if (app.partnerDisabled !== !online) {
      await recordEvent(tx, {
        type: 'app.partner_state_changed',
        ...appEvent(app, deps.viewer),
        payload: { partnerDisabled: { old: app.partnerDisabled, new: !online } },
      });
    }
    return updated;
  });
}

/** Staff suspend an app (platform state DISABLED) or reinstate it. */
export function setPlatformDisabled(deps: Deps, appId: string, disabled: boolean, reason: string | null) {
  return runAppAction(deps, appId, 'setPlatformDisabled', async (tx, app) => {
    if (disabled && !reason?.trim()) throw new ValidationError([{ field: 'reason', message: 'Say why the app is suspended' }]);
    const updated = await tx.app.update({
      where: { id: appId },
      data: { platformDisabled: disabled, platformDisabledWhy: disabled ? reason!.trim() : null },
    });
    if (app.platformDisabled !== disabled) {
      await recordEvent(tx, {
        type: 'app.platform_disabled_changed',
        ...appEvent(app, deps.viewer),
        payload: { platformDisabled: { old: app.platformDisabled, new: disabled }, reason: reason?.trim() || null },
      });
    }
    return updated;
  });
}

/**
 * Deletes an app without active installations; its version in flight is withdrawn first, so it
 * leaves the queue and its reviewer. Its history stays; its code stays taken.
 */
export function deleteApp(deps: Deps, appId: string) {
  return runAppAction(deps, appId, 'delete', async (tx, app) => {
    const inFlight = await tx.appVersion.findMany({ where: { appId, status: { in: [...IN_FLIGHT] } } });
    for (const version of inFlight) await withdraw(tx, { ...version, partnerId: app.partnerId }, actorId(deps.viewer), true);
    const updated = await tx.app.update({ where: { id: appId }, data: { deletedAt: new Date() } });
    await recordEvent(tx, { type: 'app.deleted', ...appEvent(app, deps.viewer), payload: { code: app.code } });
    return updated;
  });
}
