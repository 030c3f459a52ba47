import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import i18n from '../i18n';
import type { InboxPage_QueryQuery } from '../gql/graphql';
import { InboxFeeds } from '../components/inbox-badge';
import { QueryState } from '../components/query-state';
import { describeEvent } from '../lib/events';
import { formatDateTime } from '../lib/format';
import { type NotificationSetting, notificationSetting, setNotifications } from '../lib/notifications';
import { useViewer } from '../viewer';

const InboxPage_Query = graphql(`
  query InboxPage_Query($before: String) {
    inbox {
      unreadCount
      items(first: 50, before: $before) {
        hasMore
        items {
          cursor
          read
          event {
            type
            payload
            createdAt
            actor {
              id
              name
            }
          }
          app {
            id
            code
            listing {
              name
            }
          }
          version {
            id
            version
          }
          thread {
            id
            title
          }
        }
      }
    }
  }
`);

const InboxPage_MarkReadMutation = graphql(`
  mutation InboxPage_MarkReadMutation($cursor: String!) {
    markInboxRead(cursor: $cursor) {
      __typename
      ... on MutationMarkInboxReadSuccess {
        data {
          unreadCount
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const InboxPage_MarkAllReadMutation = graphql(`
  mutation InboxPage_MarkAllReadMutation {
    markInboxAllRead {
      unreadCount
    }
  }
`);

type Item = InboxPage_QueryQuery['inbox']['items']['items'][number];

/** Where an item leads: its thread on the version page, the version, or the app. */
function placeOf(item: Item): string | null {
  if (!item.app) return null;
  const app = `/apps/${encodeURIComponent(item.app.code)}`;
  if (!item.version) return app;
  const version = `${app}/versions/${encodeURIComponent(item.version.id)}`;
  return item.thread ? `${version}#thread-${item.thread.id}` : version;
}

/** What the item is about, in words: `Acme Pay 1.1 · “Chargebacks are not reported”`. */
function subjectOf(item: Item): string {
  const parts = [
    item.app ? `${item.app.listing?.name || item.app.code}${item.version ? ` ${item.version.version}` : ''}` : i18n.t('partner:inbox.deletedApp'),
  ];
  if (item.thread) parts.push(i18n.t('partner:inbox.threadTitle', { title: item.thread.title }));
  return parts.join(' · ');
}

/** A partner's inbox: everything the marketplace did on its apps, newest first, unread marked. */
export function InboxPage() {
  const { t } = useTranslation(['partner', 'review']);
  const viewer = useViewer();
  const [before, setBefore] = useState<string | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: InboxPage_Query, variables: { before }, requestPolicy: 'cache-and-network' });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const [, markRead] = useMutation(InboxPage_MarkReadMutation);
  const [markAll, markAllRead] = useMutation(InboxPage_MarkAllReadMutation);
  const [notifications, setSetting] = useState<NotificationSetting>(notificationSetting);

  const read = async (item: Item) => {
    if (item.read) return;
    await markRead({ cursor: item.cursor });
    refetch();
  };
  const page = data?.inbox.items;
  const unread = data?.inbox.unreadCount ?? 0;

  return (
    <section aria-labelledby="inbox-title">
      {viewer && <InboxFeeds viewer={viewer} onChange={refetch} />}
      <header className="page-head">
        <div>
          <h1 id="inbox-title">{t('inbox.title')}</h1>
          <p className="muted">
            {t('inbox.intro')} {unread > 0 ? t('inbox.unreadCount', { count: unread }) : t('inbox.allRead')}
          </p>
        </div>
        <div className="button-row wrap">
          <button
            type="button"
            className="secondary"
            aria-disabled={unread === 0 || markAll.fetching || undefined}
            onClick={async () => {
              if (unread === 0 || markAll.fetching) return;
              await markAllRead({});
              refetch();
            }}
          >
            {t('inbox.markAllRead')}
          </button>
        </div>
      </header>
      <NotificationToggle setting={notifications} onChange={setSetting} />
      {error && <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('inbox.what')} onRetry={refetch} />}
      {!data && !error && <p className="loading">{t('inbox.loading')}</p>}
      {page && page.items.length === 0 && <p className="empty">{t('inbox.empty')}</p>}
      {page && page.items.length > 0 && (
        <ol className="inbox-list">
          {page.items.map((item) => {
            const href = placeOf(item);
            const what = t('inbox.line', { actor: item.event.actor?.name ?? t('inbox.marketplace'), action: describeEvent(item.event.type, item.event.payload) });
            return (
              <li key={item.cursor} className={item.read ? 'inbox-item' : 'inbox-item unread'} data-testid="inbox-item">
                <div className="inbox-text">
                  {!item.read && <span className="unread-dot" aria-hidden="true" />}
                  {href ? (
                    <Link href={href} onClick={() => void read(item)}>
                      {what}
                    </Link>
                  ) : (
                    <span>{what}</span>
                  )}
                  <span className="inbox-meta">
                    {!item.read && <strong className="unread-label">{t('inbox.unread')} · </strong>}
                    {subjectOf(item)} · <time dateTime={item.event.createdAt as string}>{formatDateTime(item.event.createdAt as string)}</time>
                  </span>
                </div>
                {!item.read && (
                  <button type="button" className="secondary small-button" onClick={() => void read(item)}>
                    {t('inbox.markRead')}
                    <span className="sr-only">: {what}</span>
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <div className="button-row wrap">
        {before && (
          <button type="button" className="secondary" onClick={() => setBefore(null)}>
            {t('inbox.newest')}
          </button>
        )}
        {page?.hasMore && (
          <button type="button" className="secondary" onClick={() => setBefore(page.items[page.items.length - 1]?.cursor ?? null)}>
            {t('inbox.older')}
          </button>
        )}
      </div>
    </section>
  );
}

/** Browser notifications: off until the user turns them on here (the browser asks only then). */
function NotificationToggle(props: { setting: NotificationSetting; onChange: (setting: NotificationSetting) => void }) {
  const { t } = useTranslation(['partner', 'review']);
  const { setting } = props;
  if (setting === 'unsupported') return null;
  return (
    <p className="notification-toggle">
      {setting === 'on' && (
        <>
          {t('inbox.notifications.on')}{' '}
          <button type="button" className="link-button" onClick={async () => props.onChange(await setNotifications(false))}>
            {t('inbox.notifications.turnOff')}
          </button>
        </>
      )}
      {setting === 'off' && (
        <>
          {t('inbox.notifications.off')}{' '}
          <button type="button" className="link-button" onClick={async () => props.onChange(await setNotifications(true))}>
            {t('inbox.notifications.turnOn')}
          </button>
        </>
      )}
      {setting === 'blocked' && <>{t('inbox.notifications.blocked')}</>}
    </p>
  );
}
