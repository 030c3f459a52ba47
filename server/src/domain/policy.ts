import type { Context } from '../context.js';
import type { Tx } from '../db/client.js';
import { transaction, type IdempotentDeps } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import type { Change } from '../events/types.js';
import { refusalError } from './errors.js';
import { LOCALE_CODE } from './listing.js';
import { Problems } from './validation.js';

/** The policy's columns every reader sees: the one select, so the in-memory mirror and transactions agree. */
export const policySelect = {
  requiredLocales: true,
  consultationEnabled: true,
  currencies: true,
  reviewTargetHours: true,
  listingEditsNeedReview: true,
  approvalExpiryDays: true,
} as const;

/** The marketplace policy row (a migration creates it), read inside a transaction that must see it as of now. */
export function readPolicy(db: Tx) {
  return db.policy.findUniqueOrThrow({ where: { id: 1 }, select: policySelect });
}

/** The marketplace policy, from the instance's memory (kept true by the event stream). */
export function loadPolicy(ctx: Pick<Context, 'reference'>) {
  return ctx.reference.policy;
}

/** Bounds of the policy's numbers (the approval expiry's are a CHECK in the migration too). */
export const POLICY_LIMITS = {
  locales: 20,
  currencies: 20,
  reviewTargetHours: { min: 1, max: 24 * 90 },
  approvalExpiryDays: { min: 1, max: 365 },
} as const;

/** An admin's policy edit: only the keys present change. */
export interface PolicyInput {
  requiredLocales?: string[] | null;
  currencies?: string[] | null;
  consultationEnabled?: boolean | null;
  reviewTargetHours?: number | null;
  listingEditsNeedReview?: boolean | null;
  approvalExpiryDays?: number | null;
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A locale code (`en`, `pt-BR`) whose language, and region if any, ICU knows. */
export function isKnownLocale(code: string): boolean {
  if (!LOCALE_CODE.test(code)) return false;
  const [language, region] = code.split('-') as [string, string | undefined];
  return languageNames.of(language) !== language && (!region || regionNames.of(region) !== region);
}

/** An ISO 4217 currency code ICU knows. */
export const isKnownCurrency = (code: string) => CURRENCIES.has(code);

function checkList(
  problems: Problems,
  field: string,
  values: string[] | null,
  { max, normalise, known, what }: { max: number; normalise: (v: string) => string; known: (v: string) => boolean; what: string },
): string[] {
  const list = (values ?? []).map(normalise);
  problems.check(list.length > 0, field, `must name at least one ${what}`);
  problems.check(list.length <= max, field, `may name at most ${max}`);
  const seen = new Set<string>();
  list.forEach((value, i) => {
    if (!known(value)) problems.add(`${field}.${i}`, `"${values?.[i] ?? ''}" is not a known ${what} code`);
    else if (seen.has(value)) problems.add(`${field}.${i}`, `${value} is named twice`);
    seen.add(value);
  });
  return list;
}

function checkWhole(problems: Problems, field: string, value: number | null, { min, max }: { min: number; max: number }, unit: string) {
  problems.check(value !== null && Number.isInteger(value) && value >= min && value <= max, field, `must be a whole number of ${unit} from ${min} to ${max}`);
}

/**
 * Validates a policy edit: every problem at once (unknown locale or currency codes, empty lists,
 * hours or days out of range), as one `ValidationError`.
 */
export function validatePolicy(input: PolicyInput): Record<string, unknown> {
  const problems = new Problems();
  const data: Record<string, unknown> = {};
  if (input.requiredLocales !== undefined) {
    data.requiredLocales = checkList(problems, 'requiredLocales', input.requiredLocales, {
      max: POLICY_LIMITS.locales,
      // `pt-br` reads as `pt-BR`: the language lower-case, the region upper-case.
      normalise: (v) => v.trim().replace(/^([A-Za-z]+)(?:-([A-Za-z]+))?$/, (_m, l: string, r?: string) => (r ? `${l.toLowerCase()}-${r.toUpperCase()}` : l.toLowerCase())),
      known: isKnownLocale,
      what: 'locale',
    });
  }
  if (input.currencies !== undefined) {
    data.currencies = checkList(problems, 'currencies', input.currencies, {
      max: POLICY_LIMITS.currencies,
      normalise: (v) => v.trim().toUpperCase(),
      known: isKnownCurrency,
      what: 'ISO 4217 currency',
    });
  }
  for (const flag of ['consultationEnabled', 'listingEditsNeedReview'] as const) {
    if (input[flag] === null) problems.add(flag, 'must be true or false');
    else if (input[flag] !== undefined) data[flag] = input[flag];
  }
  if (input.reviewTargetHours !== undefined) {
    checkWhole(problems, 'reviewTargetHours', input.reviewTargetHours, POLICY_LIMITS.reviewTargetHours, 'hours');
    data.reviewTargetHours = input.reviewTargetHours;
  }
  if (input.approvalExpiryDays !== undefined) {
    checkWhole(problems, 'approvalExpiryDays', input.approvalExpiryDays, POLICY_LIMITS.approvalExpiryDays, 'days');
    data.approvalExpiryDays = input.approvalExpiryDays;
  }
  problems.throwIfAny();
  return data;
}

/**
 * An admin edits the marketplace policy. Every changed setting is recorded, old and new, in one
 * `policy.updated` event, which every instance's in-memory policy reloads on. An edit that changes
 * nothing records nothing. A currency still used by a listing may be dropped: existing prices
 * stay, and the next edit of such a listing's currency must pick an accepted one.
 */
export async function updatePolicy(deps: IdempotentDeps, input: PolicyInput) {
  const { viewer } = deps;
  if (viewer.kind !== 'user' || viewer.staffRole !== 'ADMIN') {
    throw refusalError([{ code: 'FORBIDDEN', message: 'Only admins may edit the marketplace policy' }]);
  }
  const data = validatePolicy(input);
  const { policy } = await transaction(deps, undefined, async (tx) => ({ id: 'policy', policy: await applyPolicy(tx, viewer.id, data) }));
  return policy;
}

/** Stores a validated edit under the policy row's lock and records what changed. */
async function applyPolicy(tx: Tx, actorId: string, data: Record<string, unknown>) {
  await tx.$executeRaw`SELECT 1 FROM "Policy" WHERE id = 1 FOR UPDATE`;
  const current = await readPolicy(tx);
  const changes: Record<string, Change> = {};
  for (const [key, value] of Object.entries(data)) {
    const old = current[key as keyof typeof current];
    if (JSON.stringify(old) !== JSON.stringify(value)) changes[key] = { old: old as Change['old'], new: value as Change['new'] };
  }
  if (Object.keys(changes).length === 0) return current;
  const updated = await tx.policy.update({ where: { id: 1 }, data, select: policySelect });
  await recordEvent(tx, { type: 'policy.updated', partnerId: null, actorId, payload: { changes } });
  return updated;
}

/** The localised texts of a listing. */
export interface ListingTexts {
  locale: string;
  name: string;
  description: string;
  installationGuide: string;
}

/**
 * The listing in `locale`, field by field: each text comes from `locale` when it is filled there,
 * else from `fallback` (the first required locale), else from any locale that has it. `locale` of
 * the result is the requested one when it has any text, else the fallback's. Null without texts.
 */
export function localizedListing<T extends ListingTexts>(texts: T[], locale: string | null | undefined, fallback: string): T | null {
  const order = [
    texts.find((t) => t.locale === locale),
    texts.find((t) => t.locale === fallback),
    ...texts,
  ].filter((t): t is T => t !== undefined);
  const primary = order[0];
  if (!primary) return null;
  const pick = (field: 'name' | 'description' | 'installationGuide') => order.find((t) => t[field].trim())?.[field] ?? '';
  return { ...primary, name: pick('name'), description: pick('description'), installationGuide: pick('installationGuide') };
}
