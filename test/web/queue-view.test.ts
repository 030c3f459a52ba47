import { describe, expect, it } from 'vitest';
import {
  ageLevel,
  DEFAULT_VIEW,
  parseQueueView,
  queueViewSearch,
  readSavedViews,
  savedViewsKey,
  sortRows,
  withSavedView,
  writeSavedViews,
} from '../../web/src/lib/queue-view.js';

describe('the queue view in the URL', () => {
  it('should read every filter, the search and the sort from the query string', () => {
    expect(parseQueueView('?q=acme&section=payments&status=IN_REVIEW&assignee=me&kind=UPDATE&sort=name')).toEqual({
      q: 'acme',
      section: 'payments',
      status: 'IN_REVIEW',
      assignee: 'me',
      kind: 'UPDATE',
      sort: 'name',
    });
  });

  it('should fall back to the defaults for missing or unknown values', () => {
    expect(parseQueueView('')).toEqual(DEFAULT_VIEW);
    expect(parseQueueView('status=LIVE&assignee=everyone&kind=x&sort=random')).toEqual(DEFAULT_VIEW);
  });

  it('should write only what differs from the defaults, and read back the same view', () => {
    expect(queueViewSearch(DEFAULT_VIEW)).toBe('');
    const view = { ...DEFAULT_VIEW, q: '  Nordlys CRM ', assignee: 'unassigned' as const, sort: 'newest' as const };
    const search = queueViewSearch(view);
    expect(search).toBe('q=Nordlys+CRM&assignee=unassigned&sort=newest');
    expect(parseQueueView(search)).toEqual({ ...view, q: 'Nordlys CRM' });
  });
});

describe('sorting the queue', () => {
  const rows = [
    { id: '1', name: 'beta', waitingSeconds: 100 },
    { id: '2', name: 'Alpha', waitingSeconds: 900 },
    { id: '3', name: 'gamma', waitingSeconds: 500 },
  ];
  it('should put the longest wait first, the newest first, or order by name regardless of case', () => {
    expect(sortRows(rows, 'oldest').map((r) => r.id)).toEqual(['2', '3', '1']);
    expect(sortRows(rows, 'newest').map((r) => r.id)).toEqual(['1', '3', '2']);
    expect(sortRows(rows, 'name').map((r) => r.name)).toEqual(['Alpha', 'beta', 'gamma']);
  });
  it('should leave the given list as it was', () => {
    sortRows(rows, 'name');
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '3']);
  });
});

describe('the age of a submission against the target', () => {
  it('should be on time, near the target from three quarters of it, and overdue from the target on', () => {
    expect(ageLevel(3600, 72)).toBe('normal');
    expect(ageLevel(54 * 3600 - 1, 72)).toBe('normal');
    expect(ageLevel(54 * 3600, 72)).toBe('near');
    expect(ageLevel(72 * 3600 - 1, 72)).toBe('near');
    expect(ageLevel(72 * 3600, 72)).toBe('overdue');
    expect(ageLevel(null, 72)).toBe('normal');
  });
});

describe('saved views', () => {
  const memory = () => {
    const store = new Map<string, string>();
    return { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value), store };
  };
  it('should keep each reviewer’s views apart, replace a view of the same name and ignore broken storage', () => {
    const storage = memory();
    let views = withSavedView([], { name: ' Mine ', search: 'assignee=me' });
    views = withSavedView(views, { name: 'Updates', search: 'kind=UPDATE' });
    views = withSavedView(views, { name: 'Mine', search: 'assignee=me&sort=name' });
    writeSavedViews(storage, 'rita', views);
    expect(readSavedViews(storage, 'rita')).toEqual([
      { name: 'Mine', search: 'assignee=me&sort=name' },
      { name: 'Updates', search: 'kind=UPDATE' },
    ]);
    expect(readSavedViews(storage, 'ivan')).toEqual([]);
    storage.setItem(savedViewsKey('ivan'), '{not json');
    expect(readSavedViews(storage, 'ivan')).toEqual([]);
    expect(withSavedView(views, { name: '   ', search: 'x' })).toEqual(views);
  });
});
