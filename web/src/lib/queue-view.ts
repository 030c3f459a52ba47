/**
 * The moderation queue's view: its filters, search and sort as the URL holds them, so a reload
 * keeps them and back/forward walks through them; the age of a row against the policy's target;
 * and reviewers' saved views. Pure, apart from the storage passed in; the words for sorts and ages
 * are in the `queue` texts (`sort.<sort>`, `age.<level>`).
 */

export const SORTS = ['oldest', 'newest', 'name'] as const;
export type QueueSort = (typeof SORTS)[number];

export interface QueueView {
  /** Words in the app's name, its code or its partner's name. */
  q: string;
  section: string;
  status: '' | 'SUBMITTED' | 'IN_REVIEW';
  assignee: '' | 'me' | 'unassigned';
  kind: '' | 'NEW_APP' | 'UPDATE';
  sort: QueueSort;
}

export const DEFAULT_VIEW: QueueView = { q: '', section: '', status: '', assignee: '', kind: '', sort: 'oldest' };

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;

/** The view a URL's query string describes; unknown or malformed values fall back to the defaults. */
export function parseQueueView(search: string | URLSearchParams): QueueView {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    section: (params.get('section') ?? '').slice(0, 100),
    status: oneOf(['SUBMITTED', 'IN_REVIEW'] as const, params.get('status'), '') as QueueView['status'],
    assignee: oneOf(['me', 'unassigned'] as const, params.get('assignee'), '') as QueueView['assignee'],
    kind: oneOf(['NEW_APP', 'UPDATE'] as const, params.get('kind'), '') as QueueView['kind'],
    sort: oneOf(SORTS, params.get('sort'), 'oldest'),
  };
}

/** The query string of a view, without the defaults (so the plain queue is plain `/queue`). */
export function queueViewSearch(view: QueueView): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'section', 'status', 'assignee', 'kind', 'sort'] as const) {
    const value = key === 'q' ? view.q.trim() : view[key];
    if (value && value !== DEFAULT_VIEW[key]) params.set(key, value);
  }
  return params.toString();
}

/** Whether two views show the same rows in the same order. */
export const sameView = (a: QueueView, b: QueueView) => queueViewSearch(a) === queueViewSearch(b);

/** What a row needs for sorting. */
export interface SortableRow {
  waitingSeconds: number | null;
  name: string;
  id: string;
}

/**
 * The rows in the view's order. The server sends them oldest first; `oldest` keeps that order,
 * which is also the order of urgency against the target (one target for every submission).
 */
export function sortRows<R extends SortableRow>(rows: readonly R[], sort: QueueSort): R[] {
  const copy = [...rows];
  const wait = (row: R) => row.waitingSeconds ?? -1;
  if (sort === 'oldest') return copy.sort((a, b) => wait(b) - wait(a));
  if (sort === 'newest') return copy.sort((a, b) => wait(a) - wait(b));
  return copy.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
}

export type AgeLevel = 'normal' | 'near' | 'overdue';

/** From this share of the target on, a submission is near it. */
export const NEAR_TARGET_SHARE = 0.75;

/** How a row's wait stands against the policy's target time. */
export function ageLevel(waitingSeconds: number | null | undefined, targetHours: number): AgeLevel {
  if (waitingSeconds == null || targetHours <= 0) return 'normal';
  const target = targetHours * 3600;
  if (waitingSeconds >= target) return 'overdue';
  return waitingSeconds >= target * NEAR_TARGET_SHARE ? 'near' : 'normal';
}

// ─── Saved views ─────────────────────────────────────────────────────────────

/** A named view a reviewer keeps. */
export interface SavedView {
  name: string;
  /** The view's query string (`queueViewSearch`). */
  search: string;
}

/** Where a reviewer's saved views live: one key per reviewer, so people sharing a browser keep their own. */
export const savedViewsKey = (viewerId: string) => `vetline.queue-views.${viewerId}`;

/** The saved views in storage; anything unreadable counts as none. */
export function readSavedViews(storage: Pick<Storage, 'getItem'>, viewerId: string): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(savedViewsKey(viewerId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (v): v is SavedView => typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.search === 'string',
    );
  } catch {
    return [];
  }
}

/** The list with `view` saved under its name (replacing one of the same name), sorted by name. */
export function withSavedView(views: readonly SavedView[], view: SavedView): SavedView[] {
  const name = view.name.trim().slice(0, 60);
  if (!name) return [...views];
  return [...views.filter((v) => v.name !== name), { name, search: view.search }].sort((a, b) => a.name.localeCompare(b.name));
}

export function writeSavedViews(storage: Pick<Storage, 'setItem'>, viewerId: string, views: readonly SavedView[]) {
  storage.setItem(savedViewsKey(viewerId), JSON.stringify(views));
}
