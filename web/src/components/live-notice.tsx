import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeEvent } from '../lib/events';
import { addUnseen, type UnseenGroup } from '../lib/unseen';
import { type LiveEvent, type LiveStream, useDebounced, useLiveEvents } from '../live';
import { useViewer } from '../viewer';

/** Events worth telling the viewer about when someone else causes them. */
const NOTEWORTHY = new Set([
  'thread.opened',
  'thread.comment_posted',
  'thread.addressed',
  'thread.resolved',
  'checklist.verdict_set',
  'version.claimed',
  'version.changes_requested',
  'version.approved',
  'version.rejected',
  'version.submitted',
  'version.withdrawn',
  // Staff only: partners never receive it.
  'version.note_added',
]);

/** Lines the notice shows before "and N more". */
const MAX_LINES = 5;

/**
 * Keeps a page live: refetches its query after each burst of events on `stream`, and says what
 * someone else just did. Returns the notice element to render and the connection state.
 */
export function useLivePage(stream: LiveStream, id: string | null, refetch: () => void) {
  const { t } = useTranslation(['partner', 'review']);
  const viewer = useViewer();
  const refetchSoon = useDebounced(refetch);
  // Everything others did since the viewer last dismissed the notice, newest first.
  const [unseen, setUnseen] = useState<UnseenGroup[]>([]);
  const { connected } = useLiveEvents(
    stream,
    id,
    (event) => {
      refetchSoon();
      if (event.actor && event.actor.id !== viewer?.id && NOTEWORTHY.has(event.type)) notice(event);
    },
    // Back after a drop: the page shows what happened meanwhile, whatever the stream replays.
    refetchSoon,
  );
  const notice = (event: LiveEvent) => setUnseen((groups) => addUnseen(groups, event));
  const dismiss = () => setUnseen([]);
  const shown = unseen.slice(0, MAX_LINES);
  const element = (
    <div className="live-bar">
      {/* The connection, not a version's LIVE status: named apart so the two never read alike. */}
      <span className={connected ? 'live-dot on' : 'live-dot'} title={connected ? t('live.connectedTitle') : t('live.notConnectedTitle')}>
        {connected ? t('live.connected') : t('live.connecting')}
      </span>
      <div aria-live="polite" role="status" className="live-notice-region">
        {shown.length > 0 && (
          <div className="live-notice">
            <strong>{t('live.new')}</strong>{' '}
            <ul className="unseen">
              {shown.map((group) => (
                <li key={group.key}>
                  {t('live.line', { actor: group.actorName ?? t('live.someone'), action: describeEvent(group.type, null) })}
                  {group.cursors.length > 1 && ` ${t('live.times', { count: group.cursors.length })}`}
                </li>
              ))}
              {unseen.length > shown.length && <li>{t('live.andMore', { count: unseen.length - shown.length })}</li>}
            </ul>{' '}
            <button type="button" className="link" onClick={dismiss}>
              {t('live.dismiss')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
  return { element, connected };
}
