import { type ChangeEvent, useEffect, useState } from 'react';
import {
  DEFAULT_VIEW,
  parseQueueView,
  type QueueView,
  queueViewSearch,
  readSavedViews,
  type SavedView,
  sameView,
  SORT_LABELS,
  SORTS,
  withSavedView,
  writeSavedViews,
} from '../lib/queue-view';

/** How long the search box waits for typing to pause before it changes the URL. */
const SEARCH_PAUSE_MS = 300;

/**
 * The queue's search, filters, sort and saved views. Every change goes to the URL (`onChange`):
 * choices as a new history entry, typing in the search box replacing the current one.
 */
export function QueueFilters(props: {
  view: QueueView;
  onChange: (view: QueueView, options?: { replace?: boolean }) => void;
  sections: readonly { key: string; name: string }[];
  viewerId: string | null;
}) {
  const { view, onChange } = props;
  const [q, setQ] = useState(view.q);
  // Back/forward (or a saved view) changes the URL under the box: follow it.
  useEffect(() => setQ(view.q), [view.q]);
  useEffect(() => {
    if (q === view.q) return;
    const timer = setTimeout(() => onChange({ ...view, q }, { replace: true }), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [q, view, onChange]);
  const set = <K extends keyof QueueView>(key: K) => (event: ChangeEvent<HTMLSelectElement>) =>
    onChange({ ...view, q, [key]: event.target.value });

  return (
    <div className="queue-tools">
      <form
        className="filters"
        role="search"
        aria-label="Queue filters"
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ ...view, q });
        }}
      >
        <label className="search">
          Search
          <input
            type="search"
            value={q}
            placeholder="App name, code or partner"
            onChange={(event) => setQ(event.target.value)}
            onKeyDown={(event) => {
              // Escape leaves the box, so the queue's keys work again.
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
          />
        </label>
        <label>
          Section
          <select value={view.section} onChange={set('section')}>
            <option value="">All</option>
            {props.sections.map((section) => (
              <option key={section.key} value={section.key}>
                {section.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={view.status} onChange={set('status')}>
            <option value="">Any</option>
            <option value="SUBMITTED">Submitted</option>
            <option value="IN_REVIEW">In review</option>
          </select>
        </label>
        <label>
          Assignee
          <select value={view.assignee} onChange={set('assignee')}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="unassigned">Unassigned</option>
          </select>
        </label>
        <label>
          Kind
          <select value={view.kind} onChange={set('kind')}>
            <option value="">Any</option>
            <option value="NEW_APP">New apps</option>
            <option value="UPDATE">Updates</option>
          </select>
        </label>
        <label>
          Sort
          <select value={view.sort} onChange={set('sort')}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
        {!sameView(view, DEFAULT_VIEW) && (
          <button type="button" className="secondary clear" onClick={() => onChange(DEFAULT_VIEW)}>
            Clear filters
          </button>
        )}
      </form>
      {props.viewerId && <SavedViews viewerId={props.viewerId} view={view} onChoose={onChange} />}
    </div>
  );
}

/** Named filter sets of one reviewer, kept in this browser. */
function SavedViews(props: { viewerId: string; view: QueueView; onChoose: (view: QueueView) => void }) {
  const [views, setViews] = useState<SavedView[]>(() => readSavedViews(localStorage, props.viewerId));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = queueViewSearch(props.view);
  const chosen = views.find((v) => v.search === current);
  const store = (next: SavedView[]) => {
    setViews(next);
    writeSavedViews(localStorage, props.viewerId, next);
  };

  return (
    <div className="saved-views" role="group" aria-label="Saved views">
      <label>
        Saved view
        <select
          value={chosen?.name ?? ''}
          onChange={(event) => {
            const view = views.find((v) => v.name === event.target.value);
            if (view) props.onChoose(parseQueueView(view.search));
          }}
        >
          <option value="">{views.length ? 'Choose a saved view…' : 'No saved views yet'}</option>
          {views.map((view) => (
            <option key={view.name} value={view.name}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      {chosen ? (
        <button type="button" className="secondary" onClick={() => store(views.filter((v) => v !== chosen))}>
          Delete “{chosen.name}”
        </button>
      ) : naming ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (!name.trim()) return;
            store(withSavedView(views, { name, search: current }));
            setNaming(false);
            setName('');
          }}
        >
          <label>
            Name of this view
            <input type="text" value={name} maxLength={60} onChange={(event) => setName(event.target.value)} autoFocus />
          </label>
          <button type="submit" className="secondary" aria-disabled={!name.trim() || undefined}>
            Save
          </button>
          <button type="button" className="secondary" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => setNaming(true)}>
          Save this view…
        </button>
      )}
    </div>
  );
}
