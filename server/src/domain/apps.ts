import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction, type Idempotence } from '../db/idempotency.js';
import { Prisma } from '../generated/prisma/client.js';
import { recordEvent } from '../events/log.js';
import type { Change } from '../events/types.js';
import { NotFoundError, ValidationError, refusalError } from './errors.js';
import { appRefusals, type AppAction, type AppFactsForRules } from './lifecycle.js';
import { validateListing, type ListingInput } from './listing.js';
import { readPolicy } from './policy.js';
import { APP_CODE, Problems } from './validation.js';
import type { Deps } from './versions.js';
import { canManageApp } from './visibility.js';

const actorId = (viewer: Viewer) => (viewer.kind === 'user' ? viewer.id : null);

/** What the app-level rules read of an app, as a select a GraphQL field merges into its query. */
export const appRulesSelect = {
  id: true,
  code: true,
  partnerId: true,
  deletedAt: true,
  consultation: true,
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
        throw new ValidationError([{ field: 'code', message: `${code} is already taken` }]);
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

/** An admin records the consultation's outcome: development may start, or the app is declined for good. */
export function decideConsultation(deps: Deps, appId: string, approve: boolean, note: string | null) {
  return runAppAction(deps, appId, 'decideConsultation', async (tx, app) => {
    const outcome = approve ? 'APPROVED' : 'DECLINED';
    if (!approve && !note?.trim()) throw new ValidationError([{ field: 'note', message: 'Say why the app is declined' }]);
    const updated = await tx.app.update({
      where: { id: appId },
      data: { consultation: outcome, consultationNote: note?.trim() || null, consultationAt: new Date() },
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

/** Deletes an app without active installations. Its history stays; its code stays taken. */
export function deleteApp(deps: Deps, appId: string) {
  return runAppAction(deps, appId, 'delete', async (tx, app) => {
    const updated = await tx.app.update({ where: { id: appId }, data: { deletedAt: new Date() } });
    await recordEvent(tx, { type: 'app.deleted', ...appEvent(app, deps.viewer), payload: { code: app.code } });
    return updated;
  });
}

/**
 * Edits the listing. Edits apply at once, even on a published app, without a new review; each
 * changed field is recorded with its old and new value so staff see it in the history.
 */
export function updateListing(deps: Deps, appId: string, input: ListingInput) {
  return runAppAction(deps, appId, 'updateListing', async (tx, facts) => {
    const app = await tx.app.findUniqueOrThrow({ where: { id: appId }, include: { texts: true, section: true } });
    const policy = await readPolicy(tx);
    const listing = validateListing(input, app, policy);
    let sectionId: string | null | undefined;
    if (listing.sectionKey !== undefined) {
      const section = listing.sectionKey ? await tx.section.findUnique({ where: { key: listing.sectionKey } }) : null;
      if (listing.sectionKey && (!section || section.archived)) {
        throw new ValidationError([{ field: 'sectionKey', message: `${listing.sectionKey} is not a section` }]);
      }
      sectionId = section?.id ?? null;
    }

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
        ...(sectionId !== undefined ? { sectionId } : {}),
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
    return app;
  });
}
