import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { AdminPanel } from '../components/admin-panel';
import { JumpBar } from '../components/jump-bar';
import { StatusAndStage, StateFlags } from '../components/badges';
import { ChecklistReview } from '../components/checklist-review';
import { DecisionBar } from '../components/decision-bar';
import { HistoryList } from '../components/history-list';
import { ListingView } from '../components/listing-view';
import { ManifestView } from '../components/manifest-view';
import { isMissing, NotFoundPage } from '../components/error-pages';
import { QueryState } from '../components/query-state';
import { RoundsView } from '../components/rounds-view';
import { ThreadsPanel } from '../components/threads-panel';
import { CannedRepliesManager, CannedReplyPicker } from '../components/canned-replies';
import { PresenceBar } from '../components/presence-bar';
import { ReviewShortcutHelp, useReviewKeys } from '../components/review-keys';
import { StaffNotes } from '../components/staff-notes';
import { useLivePage } from '../components/live-notice';
import { graphql } from '../gql';
import { usePageQuery } from '../page-query';
import { formatDateTime, formatDuration } from '../lib/format';
import { rawId } from '../lib/labels';
import { useViewer } from '../viewer';
import './desk.css';

const ReviewPage_VersionQuery = graphql(`
  query ReviewPage_VersionQuery($id: ID!, $historyBefore: String) {
    node(id: $id) {
      __typename
      ... on AppVersion {
        id
        version
        status
        isUpdate
        submittedAt
        waitingSeconds
        waitingOn
        reviewTurn
        openThreadCount
        checklist {
          key
          label
        }
        assignee {
          id
          name
        }
        app {
          id
          code
          stage
          partnerState
          platformState
          listing {
            name
          }
          partner {
            id
            name
          }
          ...ListingView_App
          ...AdminPanel_App
          history(last: 20, before: $historyBefore) {
            edges {
              node {
                cursor
                ...HistoryList_Event
              }
            }
            pageInfo {
              hasPreviousPage
              startCursor
            }
          }
        }
        ...ManifestView_Version
        ...RoundsView_Version
        ...ChecklistReview_Version
        ...ThreadsPanel_Version
        ...DecisionBar_Version
        ...StaffNotes_Version
      }
    }
  }
`);

/** The viewer's canned replies: theirs, not the version's, so a query of their own beside the workspace's. */
const ReviewPage_CannedRepliesQuery = graphql(`
  query ReviewPage_CannedRepliesQuery {
    cannedReplies {
      ...CannedReplies_Reply
    }
  }
`);

/** The page's one query (with the history's "load more"); a live subscription calls `refetch`. */
function useReviewVersion(id: string) {
  const { subject: version, ...rest } = usePageQuery(
    ReviewPage_VersionQuery,
    { id },
    (data) => (data?.node?.__typename === 'AppVersion' ? data.node : null),
    historyOfReviewedApp,
  );
  return { ...rest, version };
}

const historyOfReviewedApp = <V extends { app: { history: { pageInfo: { startCursor?: string | null } } } }>(version: V) =>
  version.app.history;

const TABS = ['Checklist', 'Listing', 'Manifest', 'Rounds', 'History'] as const;
type Tab = (typeof TABS)[number];

/** A reviewer's workspace for one version: everything to check, the threads and the decision. */
export function ReviewPage(props: { versionId: string }) {
  const { t } = useTranslation('review');
  const viewer = useViewer();
  const { version, data, fetching, error, refetch, loadMoreHistory } = useReviewVersion(props.versionId);
  const live = useLivePage('reviewEvents', props.versionId, refetch);
  const [tab, setTab] = useState<Tab>('Checklist');
  const [canned, refetchCanned] = useQuery({ query: ReviewPage_CannedRepliesQuery });
  const cannedReplies = canned.data?.cannedReplies ?? [];
  const cannedChanged = () => refetchCanned({ requestPolicy: 'network-only' });
  const [compose, setCompose] = useState<{ anchor: string; n: number } | null>(null);
  const keys = useReviewKeys({
    count: version?.checklist.length ?? 0,
    checklistShown: tab === 'Checklist',
    showChecklist: () => setTab('Checklist'),
    compose: (itemKey) => setCompose((current) => ({ anchor: `CHECKLIST_ITEM:${itemKey}`, n: (current?.n ?? 0) + 1 })),
  });

  if (!version) {
    if ((data && !error) || isMissing(error)) return <NotFoundPage what={t('page.notFoundWhat')} back={{ href: '/queue', label: t('page.backToQueue') }} />;
    return (
      <section>
        <QueryState fetching={fetching} error={error} hasData={false} what={t('page.theVersion')} onRetry={refetch} />
        <Link href="/queue">{t('page.backToQueue')}</Link>
      </section>
    );
  }
  const { app } = version;
  // `app.versions` is left out of this query: selecting it here trips a server error (see report).
  const versionLabels = { [rawId(version.id)]: version.version };
  const itemLabels = Object.fromEntries(version.checklist.map((item) => [item.key, item.label]));
  const assignee = version.assignee ? (version.assignee.id === viewer?.id ? t('page.me') : version.assignee.name) : t('page.nobody');
  const turn =
    version.reviewTurn === 'ASSIGNEE'
      ? t('page.turnAssignee', { name: assignee })
      : version.reviewTurn === 'ANY_REVIEWER'
        ? t('page.turnAnyReviewer')
        : version.reviewTurn === 'PARTNER'
          ? t('page.turnPartner')
          : t('page.nobody');

  return (
    <section aria-labelledby="review-title" className="workspace">
      <nav aria-label={t('page.breadcrumb')} className="breadcrumb">
        <Link href="/queue">{t('page.queue')}</Link> › {app.listing?.name ?? app.code} {version.version}
      </nav>
      <header className="page-head review-head">
        <div>
          <h1 id="review-title">
            {app.listing?.name ?? app.code} <span className="muted">{version.version}</span>
          </h1>
          <p className="meta">
            <StatusAndStage status={version.status} stage={app.stage} /> <code>{app.code}</code>
            {/* One span per run of text: .meta is a wrapping flex row, and bare text would break at odd places. */}
            <span>
              {app.partner.name} · {version.isUpdate ? t('page.update') : t('page.newApp')}
            </span>
          </p>
          <p className="meta">
            <span>{t('page.submitted', { when: formatDateTime(version.submittedAt) })}</span>
            {version.waitingOn === 'MARKETPLACE' && <span>· {t('page.waiting', { duration: formatDuration(version.waitingSeconds) })}</span>}
            <span>· {t('page.turn', { who: turn })}</span>
            <span>· {t('page.assigneeLabel', { who: assignee })}</span>
            <StateFlags name={t('page.partnerState')} flags={app.partnerState} /> <StateFlags name={t('page.platformState')} flags={app.platformState} />
          </p>
          <p className="meta muted small keys-hint">
            <span>
              <Trans t={t} i18nKey="keys.hint" components={{ 1: <kbd /> }} />
            </span>
          </p>
        </div>
        <button type="button" className="secondary" onClick={refetch}>
          {t('page.refresh')}
        </button>
      </header>
      {live.element}
      <PresenceBar versionId={version.id} assigneeId={version.assignee?.id ?? null} />
      {error && <QueryState fetching={fetching} error={error} hasData what={t('page.thisPage')} onRetry={refetch} />}
      {fetching && <p className="sr-only" aria-live="polite">{t('page.updating')}</p>}
      <p className="sr-only" role="status" aria-live="polite">
        {keys.announcement}
      </p>
      <ReviewShortcutHelp open={keys.helpOpen} onClose={keys.closeHelp} />

      <JumpBar
        label={t('page.jumpTo')}
        links={[
          { href: '#decision-title', text: t('page.jumpDecision') },
          { href: '#threads-title', text: t('page.jumpThreads', { count: version.openThreadCount }) },
          { href: '#review-title', text: t('page.jumpTop') },
        ]}
      />
      <div className="workspace-grid">
        <div className="workspace-main">
          <div role="tablist" aria-label={t('page.sections')} className="tabs">
            {TABS.map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                id={`tab-${name}`}
                aria-selected={tab === name}
                aria-controls={`panel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                onClick={() => setTab(name)}
                onKeyDown={(event) => {
                  const i = TABS.indexOf(name);
                  const next = event.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : event.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : null;
                  if (next) {
                    setTab(next);
                    document.getElementById(`tab-${next}`)?.focus();
                  }
                }}
              >
                {t(`tabs.${name}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="panel">
            {tab === 'Checklist' && <ChecklistReview version={version} onChanged={refetch} selected={keys.selected} onSelect={keys.select} />}
            {tab === 'Listing' && <ListingView app={app} />}
            {tab === 'Manifest' && <ManifestView version={version} />}
            {tab === 'Rounds' && <RoundsView version={version} itemLabels={itemLabels} />}
            {tab === 'History' && (
              <HistoryList
                events={app.history.edges.map((edge) => edge.node)}
                hasMore={app.history.pageInfo.hasPreviousPage}
                loading={fetching}
                onLoadMore={loadMoreHistory}
                versionLabels={versionLabels}
                itemLabels={itemLabels}
              />
            )}
          </div>
        </div>
        <aside className="workspace-side" aria-label={t('page.side')}>
          <section id="decision" className="card decision-card" aria-labelledby="decision-title">
            <h2 id="decision-title">{t('page.decision')}</h2>
            <DecisionBar version={version} onChanged={refetch} />
          </section>
          <section id="threads" className="card" aria-labelledby="threads-title">
            <h2 id="threads-title">{t('page.threads', { count: version.openThreadCount })}</h2>
            <ThreadsPanel
              version={version}
              onChanged={refetch}
              replyTools={(insert) => <CannedReplyPicker replies={cannedReplies} onInsert={insert} />}
              compose={compose}
            />
          </section>
          <StaffNotes version={version} onChanged={refetch} />
          <CannedRepliesManager replies={cannedReplies} onChanged={cannedChanged} />
          <AdminPanel app={app} onChanged={refetch} />
        </aside>
      </div>
    </section>
  );
}
