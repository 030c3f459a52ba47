import { listingFieldLabel, tr } from './fields.js';
import { DEFAULT_REQUIRED_LOCALES } from './locales.js';

/** Listing fields a thread can be anchored to (the server's `LISTING_FIELDS`); localised ones take `.<locale>`. */
const FIELDS = ['name', 'description', 'installationGuide', 'section', 'countries', 'logo', 'pricing', 'supportUrl', 'documentationUrl'];
const LOCALISED = new Set(['name', 'description', 'installationGuide']);

/**
 * Listing fields a thread can be anchored to, named in the current language; localised ones once
 * per locale (`name.ru`). The API accepts these keys but does not list them, so the dashboard
 * mirrors the server's list. A function, so the names follow a change of language.
 */
export function listingAnchorFields(): { key: string; label: string }[] {
  return FIELDS.flatMap((field) => (LOCALISED.has(field) ? DEFAULT_REQUIRED_LOCALES.map((locale) => `${field}.${locale}`) : [field])).map((key) => ({
    key,
    label: listingFieldLabel(key),
  }));
}

/** What a thread is about, in words: `checklist item “Test account”`, `listing field Name (ru)`. */
export function anchorLabel(anchor: string, anchorKey: string | null | undefined, itemLabels: Record<string, string> = {}): string {
  if (anchor === 'CHECKLIST_ITEM' && anchorKey) return tr('review:anchors.item', { item: itemLabels[anchorKey] ?? anchorKey });
  if (anchor === 'LISTING_FIELD' && anchorKey) return tr('review:anchors.field', { field: listingFieldLabel(anchorKey) });
  return tr('review:anchors.general');
}
