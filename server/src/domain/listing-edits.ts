import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { recordEvent } from '../events/log.js';
import type { Change } from '../events/types.js';
import { appEvent, type LoadedApp } from './apps.js';
import { rebuildEditableChecklists } from './checklist.js';
import { missingFromListing, type ListingFacts } from './completeness.js';
import { LISTING_REQUIRED_WHILE, appRefusals } from './lifecycle.js';
import { checkListing, type ListingInput, type NormalizedListing } from './listing.js';
import type { readPolicy } from './policy.js';
import { Problems } from './validation.js';

type Policy = Awaited<ReturnType<typeof readPolicy>>;

/** A listing edit checked against the app as it is now: what it would store and what it would change. */
export interface PlannedListingEdit {
  app: Awaited<ReturnType<typeof loadListing>>;
  listing: NormalizedListing;
  sectionId: string | null;
  sectionChanged: boolean;
  /** `{ field: { old, new } }` for every value the edit changes (`name.en`, `countries`, …). */
  changes: Record<string, Change>;
}

const loadListing = (tx: Tx, appId: string) => tx.app.findUniqueOrThrow({ where: { id: appId }, include: { texts: true, section: true } });

const TEXT_FIELDS = ['name', 'description', 'installationGuide'] as const;

/**
 * Checks a listing edit against the app as it is now, reporting every problem at once in one
 * `ValidationError`: invalid values, an unknown section, a section change while a version's
 * checklist is under review (the `changeSection` rule), and, while the app is published or in
 * review, removing what submission requires (a text in a required locale, the logo, countries,
 * section or URLs). Writes nothing.
 */
export async function planListingEdit(tx: Tx, facts: LoadedApp, viewer: Viewer, input: ListingInput, policy: Policy): Promise<PlannedListingEdit> {
  const app = await loadListing(tx, facts.id);
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
    // Who may edit was checked by the caller (staff approving a listing round apply a partner's edit).
    for (const reason of appRefusals('changeSection', facts, viewer)) if (reason.code !== 'FORBIDDEN') problems.add('sectionKey', reason.message);
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
  // The same countries in another order are no change (they are stored sorted from now on).
  const sameCountries = listing.countries !== undefined && JSON.stringify([...app.countries].sort()) === JSON.stringify(listing.countries);
  track('countries', app.countries, sameCountries ? undefined : listing.countries);
  track('logoSvg', app.logoSvg, listing.logoSvg);
  track('priceMinor', app.priceMinor, listing.priceMinor);
  track('discountedPriceMinor', app.discountedPriceMinor, listing.discountedPriceMinor);
  track('trialDays', app.trialDays, listing.trialDays);
  track('currency', app.currency, listing.currency);
  track('supportUrl', app.supportUrl, listing.supportUrl);
  track('documentationUrl', app.documentationUrl, listing.documentationUrl);
  for (const text of listing.texts ?? []) {
    const current = app.texts.find((t) => t.locale === text.locale);
    for (const field of TEXT_FIELDS) track(`${field}.${text.locale}`, current?.[field] ?? '', text[field]);
  }
  return { app, listing, sectionId, sectionChanged, changes };
}

/**
 * Stores a planned edit and records it (`app.listing_updated`, with every change); a section change
 * rebuilds the checklist of the version being edited, if any.
 */
export async function applyListingEdit(tx: Tx, facts: LoadedApp, viewer: Viewer, plan: PlannedListingEdit) {
  const { app, listing, sectionId, sectionChanged, changes } = plan;
  await tx.app.update({
    where: { id: app.id },
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
    const fields = { name: text.name, description: text.description, installationGuide: text.installationGuide };
    const data = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    await tx.listingText.upsert({
      where: { appId_locale: { appId: app.id, locale: text.locale } },
      create: { appId: app.id, locale: text.locale, ...data },
      update: data,
    });
  }
  if (Object.keys(changes).length) {
    await recordEvent(tx, { type: 'app.listing_updated', ...appEvent(facts, viewer), payload: { changes } });
  }
  if (sectionChanged) {
    const section = { old: app.section?.key ?? null, new: listing.sectionKey ?? null };
    await rebuildEditableChecklists(tx, facts, viewer.kind === 'user' ? viewer.id : null, section, sectionId);
  }
  return app;
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

/**
 * One edit merged over another (a further edit of a pending listing round): keys the later one
 * has win; texts merge per locale and field.
 */
export function mergeListingEdits(earlier: NormalizedListing, later: NormalizedListing): NormalizedListing {
  const merged: NormalizedListing = { ...earlier, ...later };
  if (earlier.texts || later.texts) {
    const byLocale = new Map<string, NonNullable<NormalizedListing['texts']>[number]>();
    for (const text of [...(earlier.texts ?? []), ...(later.texts ?? [])]) {
      const defined = Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined));
      byLocale.set(text.locale, { ...byLocale.get(text.locale), ...defined, locale: text.locale });
    }
    merged.texts = [...byLocale.values()];
  }
  return merged;
}
