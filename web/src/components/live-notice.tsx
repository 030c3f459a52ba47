import { useState } from 'react';
import { describeEvent } from '../lib/events';
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
]);

/**
 * Keeps a page live: refetches its query after each burst of events on `stream`, and says what
 * someone else just did. Returns the notice element to render and the connection state.
 */
export function useLivePage(stream: LiveStream, id: string | null, refetch: () => void) {
  const viewer = useViewer();
  const refetchSoon = useDebounced(refetch);
  const [notice, setNotice] = useState<LiveEvent | null>(null);
  const { connected } = useLiveEvents(
    stream,
    id,
    (event) => {
      refetchSoon();
      if (event.actor && event.actor.id !== viewer?.id && NOTEWORTHY.has(event.type)) setNotice(event);
    },
    // Back after a drop: the page shows what happened meanwhile, whatever the stream replays.
    refetchSoon,
  );
  const element = (
    <div className="live-bar">
      <span className={connected ? 'live-dot on' : 'live-dot'} title={connected ? 'Updates arrive live' : 'Reconnecting…'}>
        {connected ? 'Live' : 'Connecting…'}
      </span>
      <div aria-live="polite" role="status" className="live-notice-region">
        {notice && (
          <p className="live-notice">
            <strong>New:</strong> {notice.actor?.name} {describeEvent(notice.type, null)}{' '}
            <button type="button" className="link" onClick={() => setNotice(null)}>
              Dismiss
            </button>
          </p>
        )}
      </div>
    </div>
  );
  return { element, connected };
}
