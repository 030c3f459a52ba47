import { type ChangeEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { label } from '../lib/labels';
import {
  DEFAULT_VIEW,
  parseQueueView,
  type QueueView,
  queueViewSearch,
  readSavedViews,
  type SavedView,
  sameView,
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
  const { t } = useTranslation('queue');
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
        aria-label={t('filters.label')}
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ ...view, q });
        }}
      >
        <label className="search">
          {t('filters.search')}
          <input
            type="search"
            value={q}
            placeholder={t('filters.searchPlaceholder')}
            onChange={(event) => setQ(event.target.value)}
            onKeyDown={(event) => {
              // Escape leaves the box, so the queue's keys work again.
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
          />
        </label>
        <label>
          {t('filters.section')}
          <select value={view.section} onChange={set('section')}>
            <option value="">{t('filters.all')}</option>
            {props.sections.map((section) => (
              <option key={section.key} value={section.key}>
                {section.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.status')}
          <select value={view.status} onChange={set('status')}>
            <option value="">{t('filters.any')}</option>
            <option value="SUBMITTED">{label('status', 'SUBMITTED')}</option>
            <option value="IN_REVIEW">{label('status', 'IN_REVIEW')}</option>
          </select>
        </label>
        <label>
          {t('filters.assignee')}
          <select value={view.assignee} onChange={set('assignee')}>
            <option value="">{t('filters.anyone')}</option>
            <option value="me">{t('filters.me')}</option>
            <option value="unassigned">{t('filters.unassigned')}</option>
          </select>
        </label>
        <label>
          {t('filters.kind')}
          <select value={view.kind} onChange={set('kind')}>
            <option value="">{t('filters.any')}</option>
            <option value="NEW_APP">{t('filters.newApps')}</option>
            <option value="UPDATE">{t('filters.updates')}</option>
          </select>
        </label>
        <label>
          {t('filters.sort')}
          <select value={view.sort} onChange={set('sort')}>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`sort.${sort}`)}
              </option>
            ))}
          </select>
        </label>
        {!sameView(view, DEFAULT_VIEW) && (
          <button type="button" className="secondary clear" onClick={() => onChange(DEFAULT_VIEW)}>
            {t('filters.clear')}
          </button>
        )}
      </form>
      {props.viewerId && <SavedViews viewerId={props.viewerId} view={view} onChoose={onChange} />}
    </div>
  );
}

/** Named filter sets of one reviewer, kept in this browser. */
function SavedViews(props: { viewerId: string; view: QueueView; onChoose: (view: QueueView) => void }) {
  const { t } = useTranslation(['queue', 'common']);
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
    <div className="saved-views" role="group" aria-label={t('savedViews.label')}>
      <label>
        {t('savedViews.savedView')}
        <select
          value={chosen?.name ?? ''}
          onChange={(event) => {
            const view = views.find((v) => v.name === event.target.value);
            if (view) props.onChoose(parseQueueView(view.search));
          }}
        >
          <option value="">{views.length ? t('savedViews.choose') : t('savedViews.none')}</option>
          {views.map((view) => (
            <option key={view.name} value={view.name}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      {chosen ? (
        <button type="button" className="secondary" onClick={() => store(views.filter((v) => v !== chosen))}>
          {t('savedViews.delete', { name: chosen.name })}
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
            {t('savedViews.name')}
            <input type="text" value={name} maxLength={60} onChange={(event) => setName(event.target.value)} autoFocus />
          </label>
          <button type="submit" className="secondary" aria-disabled={!name.trim() || undefined}>
            {t('savedViews.save')}
          </button>
          <button type="button" className="secondary" onClick={() => setNaming(false)}>
            {t('common:actions.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" className="secondary" onClick={() => setNaming(true)}>
          {t('savedViews.saveThis')}
        </button>
      )}
    </div>
  );
}
