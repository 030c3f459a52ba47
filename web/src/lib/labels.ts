import i18n from '../i18n/index.js';

/** The API's enums that have words in the `common` namespace. */
export type LabelledEnum = 'status' | 'stage' | 'turn' | 'verdict' | 'consultation';

/** An enum value's label in the current language, or the value itself in sentence case when there is none. */
export function label(kind: LabelledEnum, value: string | null | undefined): string {
  if (!value) return '—';
  const key = `${kind}.${value}`;
  return i18n.exists(key) ? i18n.t(key as never) : value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ');
}

/** The path of a round-to-round change in words: `listing.texts.ru.description` → `Listing › texts › ru › description`. */
export function changePath(path: string): string {
  return path
    .split('.')
    .map((part, i) => (i === 0 ? part.charAt(0).toUpperCase() + part.slice(1) : part))
    .join(' › ');
}

/** A JSON value from a snapshot, short enough for a table cell. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return i18n.t('empty');
  if (typeof value === 'string') return value === '' ? i18n.t('empty') : value;
  return JSON.stringify(value);
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
