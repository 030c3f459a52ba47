import i18n, { currentLocale } from '../i18n/index.js';

/**
 * Field names as people read them, in the current language (namespace `review`, `fields.*`): the
 * listing's (`name.ru` → "Name (ru)"), the manifest's and the marketplace policy's, with their values.
 * History, round diffs, listing rounds and thread anchors all name fields through here.
 */

/** `i18n.t` for keys built at run time (the typed `t` wants literal keys). */
export const tr = (key: string, options?: Record<string, unknown>): string =>
  (i18n.t as unknown as (key: string, options?: Record<string, unknown>) => string)(key, options);

/** `reviewTargetHours` → "Review target hours": a last resort for a field without words yet. */
const humanise = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function known(group: 'listing' | 'manifest' | 'policy', field: string): string | null {
  const key = `review:fields.${group}.${field}`;
  return i18n.exists(key) ? tr(key) : null;
}

/** A listing field, localised ones with their locale: `name.ru` → "Name (ru)", `priceMinor` → "Price". */
export function listingFieldLabel(field: string): string {
  const [base = field, locale] = field.split('.');
  const name = known('listing', base) ?? humanise(base);
  return locale ? tr('review:fields.localised', { field: name, locale }) : name;
}

/** A manifest field: `minApiVersion` → "Minimum API version". */
export const manifestFieldLabel = (field: string): string => known('manifest', field) ?? humanise(field);

/** A marketplace policy setting: `reviewTargetHours` → "Target review time". */
export const policyFieldLabel = (field: string): string => known('policy', field) ?? humanise(field);

const yesNo = (value: boolean) => tr(value ? 'review:fields.yes' : 'review:fields.no');

/** A policy setting's value as people read it: `24` hours → "24 h", `true` → "yes", a list → "en, ru". */
export function policyValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return tr('none');
  if (field === 'reviewTargetHours' && typeof value === 'number') return tr('duration.hours', { hours: value });
  if (field === 'approvalExpiryDays' && typeof value === 'number') return tr('review:fields.days', { count: value });
  return plainValue(value);
}

/** A short value for a sentence or a table cell: lists joined, booleans in words, empty as "(empty)". */
export function plainValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return tr('empty');
  if (typeof value === 'boolean') return yesNo(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') : tr('empty');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Prices are stored in minor units (cents): `2900` reads as `29.00` beside the label "Price". */
export function isMinorUnits(field: string): boolean {
  return field === 'priceMinor' || field === 'discountedPriceMinor';
}

/** An amount in minor units as a plain number in the reader's locale, without its currency: `2900` → `29.00`. */
export function minorUnits(value: number): string {
  return new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value / 100);
}
