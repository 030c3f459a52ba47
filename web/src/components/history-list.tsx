import { Trans, useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { describeEvent } from '../lib/events';
import { formatDateTime } from '../lib/format';

export const HistoryList_EventFragment = graphql(`
  fragment HistoryList_Event on Event {
    cursor
    type
    createdAt
    payload
    versionId
    actor {
      id
      name
    }
  }
`);

/** The status timeline: every event with who and when, newest first, and "load older". */
export function HistoryList(props: {
  events: readonly FragmentType<typeof HistoryList_EventFragment>[];
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  /** Version labels by their raw id, to say which version an app event is about. */
  versionLabels?: Record<string, string>;
  /** Checklist item labels by key, for events older than the labels they now carry. */
  itemLabels?: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation('review');
  // The connection holds them oldest first (pages are fetched backwards); people read the latest first.
  const events = props.events.map((event) => getFragmentData(HistoryList_EventFragment, event)).reverse();
  return (
    <div className="history">
      {events.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <ol className="timeline">
          {events.map((event) => (
            <li key={event.cursor}>
              <time dateTime={event.createdAt}>{formatDateTime(event.createdAt)}</time>{' '}
              <Trans
                t={t}
                i18nKey="history.entry"
                values={{ actor: event.actor?.name ?? t('history.system'), what: describeEvent(event.type, event.payload, props.itemLabels) }}
                components={{ 1: <strong /> }}
              />
              {event.versionId && props.versionLabels?.[event.versionId] && (
                <span className="muted">{t('history.ofVersion', { version: props.versionLabels[event.versionId] })}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      {props.hasMore && (
        <button type="button" className="secondary" onClick={props.onLoadMore} aria-disabled={props.loading || undefined}>
          {props.loading ? t('history.loading') : t('history.loadOlder')}
        </button>
      )}
    </div>
  );
}
