/** Words for the API's enums, as the dashboard shows them. */
export const STATUS_LABELS: Record<string, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Submitted',
  IN_REVIEW: 'In review',
  CHANGES_REQUESTED: 'Changes requested',
  APPROVED: 'Approved',
  LIVE: 'Live',
  SUPERSEDED: 'Superseded',
  WITHDRAWN: 'Withdrawn',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
};

export const STAGE_LABELS: Record<string, string> = {
  CREATED: 'Created',
  CONSULTATION: 'Consultation',
  DEVELOPMENT: 'Development',
  IN_REVIEW: 'In review',
  PUBLISHED: 'Published',
  DECLINED: 'Declined',
};

export const TURN_LABELS: Record<string, string> = {
  MARKETPLACE: 'Marketplace',
  PARTNER: 'Partner',
  NONE: '—',
};

export const VERDICT_LABELS: Record<string, string> = { PASS: 'Pass', FAIL: 'Fail', NOT_APPLICABLE: 'N/A' };

export const CONSULTATION_LABELS: Record<string, string> = {
  NOT_REQUESTED: 'Not requested',
  REQUESTED: 'Requested',
  APPROVED: 'Approved',
  DECLINED: 'Declined',
  NOT_REQUIRED: 'Not required',
};

/** An enum value's label, or the value itself in sentence case when the dashboard has none. */
export function label(labels: Record<string, string>, value: string | null | undefined): string {
  if (!value) return '—';
  return labels[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ');
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
  if (value === null || value === undefined) return '(empty)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
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
