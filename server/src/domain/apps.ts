import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction, type Idempotence } from '../db/idempotency.js';
import { Prisma } from '../generated/prisma/client.js';
import { recordEvent } from '../events/log.js';
import type { Change } from '../events/types.js';
import { rebuildEditableChecklists } from './checklist.js';
import { missingFromListing, type ListingFacts } from './completeness.js';
import { NotFoundError, ValidationError, refusalError } from './errors.js';
import {
  IN_FLIGHT,
  LISTING_REQUIRED_WHILE,
  appRefusals,
  type AppAction,
  type AppFactsForRules,
} from './lifecycle.js';
import { checkListing, type ListingInput, type NormalizedListing } from './listing.js';
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

type LoadedApp = NonNullable<Awaited<ReturnType<typeof loadAppFacts>>>;

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

const appEvent = (app: LoadedApp, viewer: Viewer) => ({ appId: app.id, partnerId: app.partnerId, actorId: actorId(viewer) });

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

/**
 * Edits the listing. Edits apply at once, even on a published app, without a new review; each
 * changed field is recorded with its old and new value so staff see it in the history.
 *
 * Every problem is reported at once, in one `ValidationError`, and nothing changes: invalid values,
 * an unknown section, a section change while a version's checklist is under review (the
 * `changeSection` rule), and, while the app is published or in review, removing what submission
 * requires (a text in a required locale, the logo, countries, section or URLs). A section change
 * rebuilds the checklist of the version being edited, if any.
 */
export function updateListing(deps: Deps, appId: string, input: ListingInput) {
  return runAppAction(deps, appId, 'updateListing', async (tx, facts) => {
    const app = await tx.app.findUniqueOrThrow({ where: { id: appId }, include: { texts: true, section: true } });
    const policy = await readPolicy(tx);
    const problems = new Problems();
    const listing = checkListing(input, app, policy, problems);

    let sectionId = app.sectionId;
    if (listing.sectionKey !== undefined) {
      const section = listing.sectionKey ? await tx.section.findUnique({ where: { key: listing.sectionKey } }) : null;
      if (listing.sectionKey && (!section || section.archived)) problems.add('sectionKey', `${listing.sectionKey} is not a section`);
      else sectionId = section?.id ?? null;
    }
    const sectionChanged = sectionId !== app.sectionId;
    if (sectionChanged) {
      for (const reason of appRefusals('changeSection', facts, deps.viewer)) problems.add('sectionKey', reason.message);
    }
    if (facts.versionStatuses.some((status) => LISTING_REQUIRED_WHILE.includes(status))) {
      for (const removal of removedRequirements(app, { ...listing, sectionId }, input, policy.requiredLocales)) {
        problems.add(removal.field, removal.message);
      }
    }
    problems.throwIfAny();

    const changes: Record<string, Change> = {};
    const track = (field: string, old: unknown, value: unknown) => {
      if (value !== undefined && JSON.stringify(old) !== JSON.stringify(value)) {
        changes[field] = { old: (old ?? null) as Change['old'], new: (value ?? null) as Change['new'] };
      }
    };
    track('section', app.section?.key ?? null, listing.sectionKey);
    track('countries', app.countries, listing.countries);
    track('logoSvg', app.logoSvg, listing.logoSvg);
    track('priceMinor', app.priceMinor, listing.priceMinor);
    track('discountedPriceMinor', app.discountedPriceMinor, listing.discountedPriceMinor);
    track('trialDays', app.trialDays, listing.trialDays);
    track('currency', app.currency, listing.currency);
    track('supportUrl', app.supportUrl, listing.supportUrl);
    track('documentationUrl', app.documentationUrl, listing.documentationUrl);

    await tx.app.update({
      where: { id: appId },
      data: {
        ...(sectionChanged ? { sectionId } : {}),
        ...(listing.countries !== undefined ? { countries: listing.countries } : {}),
        ...(listing.logoSvg !== undefined ? { logoSvg: listing.logoSvg } : {}),
        ...(listing.priceMinor !== undefined ? { priceMinor: listing.priceMinor } : {}),
        ...(listing.discountedPriceMinor !== undefined ? { discountedPriceMinor: listing.discountedPriceMinor } : {}),
        ...(listing.trialDays !== undefined ? { trialDays: listing.trialDays } : {}),
        ...(listing.currency !== undefined ? { currency: listing.currency } : {}),
        ...(listing.supportUrl !== undefined ? { supportUrl: listing.supportUrl } : {}),
        ...(listing.documentationUrl !== undefined ? { documentationUrl: listing.documentationUrl } : {}),
      },
    });
    for (const text of listing.texts ?? []) {
      const current = app.texts.find((t) => t.locale === text.locale);
      const fields = { name: text.name, description: text.description, installationGuide: text.installationGuide };
      for (const [field, value] of Object.entries(fields)) {
        track(`${field}.${text.locale}`, current?.[field as keyof typeof fields] ?? '', value);
      }
      const data = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      await tx.listingText.upsert({
        where: { appId_locale: { appId, locale: text.locale } },
        create: { appId, locale: text.locale, ...data },
        update: data,
      });
    }
    if (Object.keys(changes).length) {
      await recordEvent(tx, { type: 'app.listing_updated', ...appEvent(facts, deps.viewer), payload: { changes } });
    }
    if (sectionChanged) {
      const section = { old: app.section?.key ?? null, new: listing.sectionKey ?? null };
      await rebuildEditableChecklist(tx, facts, deps.viewer, section, sectionId);
    }
    return app;
  });
}

/** The version the partner is editing gets the checklist of the app's new section. */
async function rebuildEditableChecklist(tx: Tx, app: LoadedApp, viewer: Viewer, section: Change<string>, sectionId: string | null) {
  await rebuildEditableChecklists(tx, app, actorId(viewer), section, sectionId);
}

/** Input paths of the listing requirements, as `updateListing` names its problems. */
function requirementField(field: string, input: ListingInput): string {
  const [, part, locale] = field.split('.');
  if (locale) {
    const index = input.texts?.findIndex((t) => t.locale.trim() === locale) ?? -1;
    return index >= 0 ? `texts.${index}.${part}` : `texts.${part}.${locale}`;
  }
  return { section: 'sectionKey', logo: 'logoSvg' }[part as string] ?? (part as string);
}

/**
 * What submission requires of the listing that the edit would remove: missing after the edit
 * but not before. Requirements already missing (a locale the policy added later) are not blamed
 * on an unrelated edit.
 */
function removedRequirements(
  app: ListingFacts,
  edit: NormalizedListing & { sectionId: string | null },
  input: ListingInput,
  requiredLocales: string[],
) {
  const after: ListingFacts = {
    texts: requiredLocales.map((locale) => {
      const stored = app.texts.find((t) => t.locale === locale);
      const edited = edit.texts?.find((t) => t.locale === locale);
      return {
        locale,
        name: edited?.name ?? stored?.name ?? '',
        description: edited?.description ?? stored?.description ?? '',
        installationGuide: edited?.installationGuide ?? stored?.installationGuide ?? '',
      };
    }),
    sectionId: edit.sectionId,
    countries: edit.countries ?? app.countries,
    logoSvg: edit.logoSvg === undefined ? app.logoSvg : edit.logoSvg,
    supportUrl: edit.supportUrl === undefined ? app.supportUrl : edit.supportUrl,
    documentationUrl: edit.documentationUrl === undefined ? app.documentationUrl : edit.documentationUrl,
  };
  const before = new Set(missingFromListing(requiredLocales, app).map((m) => m.field));
  return missingFromListing(requiredLocales, after)
    .filter((m) => !before.has(m.field))
    .map((m) => ({
      field: requirementField(m.field, input),
      message: `${m.message}: it cannot be removed while the app is published or in review`,
    }));
}
