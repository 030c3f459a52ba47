import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { graphql } from '../gql';
import i18n from '../i18n';
import { describeEvent } from '../lib/events';
import { notify } from '../lib/notifications';
import { type LiveEvent, useDebounced, useLiveEvents } from '../live';
import type { Viewer } from '../viewer';

const InboxBadge_Query = graphql(`
  query InboxBadge_Query {
    inbox {
      unreadCount
    }
  }
`);

/** Follows one partner's inbox stream while mounted; renders nothing. */
function InboxFeed(props: { partnerId: string; onEvent: (event: LiveEvent) => void; onResume: () => void }) {
  useLiveEvents('inboxEvents', props.partnerId, props.onEvent, props.onResume);
  return null;
}

/**
 * Keeps a partner's inbox live: follows the inbox stream of each of the viewer's partners and calls
 * `onChange` after each burst of new items (and after the socket comes back).
 */
export function InboxFeeds(props: { viewer: Viewer; onChange: () => void; onEvent?: (event: LiveEvent) => void }) {
  const changeSoon = useDebounced(props.onChange);
  const { onEvent } = props;
  const handle = useCallback(
    (event: LiveEvent) => {
      changeSoon();
      onEvent?.(event);
    },
    [changeSoon, onEvent],
  );
  return (
    <>
      {props.viewer.memberships.map((m) => (
        <InboxFeed key={m.partner.id} partnerId={m.partner.id} onEvent={handle} onResume={changeSoon} />
      ))}
    </>
  );
}

/**
 * The header's link to the inbox with the unread count. The count is the server's (read state is
 * kept per user), refreshed by the live stream; a new item also raises a browser notification
 * when the user turned those on and the dashboard is in the background.
 */
export function InboxNavLink(props: { viewer: Viewer }) {
  const { t } = useTranslation(['partner', 'review']);
  const [location] = useLocation();
  const [{ data }, reexecute] = useQuery({ query: InboxBadge_Query, requestPolicy: 'cache-and-network' });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const count = data?.inbox.unreadCount ?? 0;
  const onEvent = useCallback((event: LiveEvent) => {
    // Read in the language of the moment the item arrives.
    const body = i18n.t('partner:inbox.line', { actor: event.actor?.name ?? i18n.t('partner:inbox.marketplace'), action: describeEvent(event.type, null) });
    notify(i18n.t('brand'), body, '/inbox');
  }, []);
  return (
    <>
      <InboxFeeds viewer={props.viewer} onChange={refetch} onEvent={onEvent} />
      <Link href="/inbox" aria-current={location === '/inbox' ? 'page' : undefined} className="inbox-link">
        {t('inbox.link')}
        {count > 0 && (
          <span className="count-badge" data-testid="inbox-count">
            {count}
            <span className="sr-only"> {t('inbox.unreadSuffix', { count })}</span>
          </span>
        )}
      </Link>
    </>
  );
}
