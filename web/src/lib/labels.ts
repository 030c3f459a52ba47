import i18n from '../i18n/index.js';
import { listingFieldLabel, manifestFieldLabel, plainValue, tr } from './fields.js';

/** The API's enums that have words in the `common` namespace. */
export type LabelledEnum = 'status' | 'stage' | 'turn' | 'verdict' | 'consultation';

/** An enum value's label in the current language, or the value itself in sentence case when there is none. */
export function label(kind: LabelledEnum, value: string | null | undefined): string {
  if (!value) return '—';
  const key = `${kind}.${value}`;
  return i18n.exists(key) ? i18n.t(key as never) : value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ');
}

/**
 * The path of a round-to-round change in words, in the current language:
 * `listing.texts.ru.description` → `Listing › Feature description (ru)`, `manifest.minApiVersion` →
 * `Manifest › Minimum API version`, `manifest.scopes.orders.read` → `Manifest › Permission orders.read`,
 * `checklist.test-account` → `Checklist › Test account` (by the item's label when the page knows it).
 */
export function changePath(path: string, itemLabels: Readonly<Record<string, string>> = {}): string {
  const [root = path, ...rest] = path.split('.');
  const head = i18n.exists(`review:fields.root.${root}`) ? tr(`review:fields.root.${root}`) : root.charAt(0).toUpperCase() + root.slice(1);
  const tail = rest.join('.');
  if (!tail) return head;
  let name: string;
  if (root === 'listing' && rest[0] === 'texts' && rest.length === 3) name = listingFieldLabel(`${rest[2]}.${rest[1]}`);
  else if (root === 'listing') name = listingFieldLabel(tail);
  else if (root === 'manifest' && rest[0] === 'scopes' && rest.length > 1) name = tr('review:fields.scope', { scope: rest.slice(1).join('.') });
  else if (root === 'manifest') name = manifestFieldLabel(tail);
  else if (root === 'checklist') name = itemLabels[tail] ?? tail;
  else name = rest.join(' › ');
  return `${head} › ${name}`;
}

/** A JSON value from a snapshot, short enough for a table cell: lists joined, booleans as yes/no. */
export function showValue(value: unknown): string {
  return plainValue(value);
}

/**
 * The database id inside a Relay global id (`base64("AppVersion:abc")` → `abc`), to match events'
 * raw `versionId`. Falls back to the id itself if it is not in that shape.
 */
export function rawId(globalId: string): string {
  try {
    const decoded = atob(globalId);
    const colon = decoded.indexOf(':');
    return colon > 0 ? decoded.slice(colon + 1) : globalId;
  } catch {
    return globalId;
  }
}
