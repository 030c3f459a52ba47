import { DEFAULT_REQUIRED_LOCALES } from './locales.js';

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Feature description',
  installationGuide: 'Installation description',
  section: 'Section',
  countries: 'Countries',
  logo: 'Logo',
  pricing: 'Pricing',
  supportUrl: 'Support page URL',
  documentationUrl: 'Documentation page URL',
};
const LOCALISED = new Set(['name', 'description', 'installationGuide']);

/**
 * Listing fields a thread can be anchored to; localised ones once per locale (`name.ru`). The
 * API accepts these keys but does not list them, so the dashboard mirrors the server's list.
 */
export const LISTING_ANCHOR_FIELDS: { key: string; label: string }[] = Object.keys(FIELD_LABELS).flatMap((field) =>
  LOCALISED.has(field)
    ? DEFAULT_REQUIRED_LOCALES.map((locale) => ({ key: `${field}.${locale}`, label: `${FIELD_LABELS[field]} (${locale})` }))
    : [{ key: field, label: FIELD_LABELS[field] ?? field }],
);

/** What a thread is about, in words: `checklist item “Test account”`, `listing field Name (ru)`. */
export function anchorLabel(anchor: string, anchorKey: string | null | undefined, itemLabels: Record<string, string> = {}): string {
  if (anchor === 'CHECKLIST_ITEM' && anchorKey) return `checklist item “${itemLabels[anchorKey] ?? anchorKey}”`;
  if (anchor === 'LISTING_FIELD' && anchorKey) {
    const [field = anchorKey, locale] = anchorKey.split('.');
    const name = FIELD_LABELS[field] ?? field;
    return `listing field ${locale ? `${name} (${locale})` : name}`;
  }
  return 'the version in general';
}
