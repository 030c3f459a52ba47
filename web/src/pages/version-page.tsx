import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { StatusBadge } from '../components/badges';
import { ChecklistAnswers } from '../components/checklist-answers';
import { HistoryList } from '../components/history-list';
import { ManifestEditor } from '../components/manifest-editor';
import { isMissing, NotFoundPage } from '../components/error-pages';
import { QueryState } from '../components/query-state';
import { JumpBar } from '../components/jump-bar';
import { ReviewSummary } from '../components/review-summary';
import { RoundsView } from '../components/rounds-view';
import { SubmissionPanel } from '../components/submission-panel';
import { ThreadsPanel } from '../components/threads-panel';
import { useLivePage } from '../components/live-notice';
import { useDebounced, useLiveEvents } from '../live';
import { graphql } from '../gql';
import { usePageQuery } from '../page-query';
import { formatDateTime } from '../lib/format';
import { useScrollToHash } from '../lib/scroll-to-hash';

const VersionPage_VersionQuery = graphql(`
  query VersionPage_VersionQuery($id: ID!, $historyBefore: String) {
    scopes {
      key
      label
      description
      polling
    }
    node(id: $id) {
      __typename
      ... on AppVersion {
        id
        version
        status
        submittedAt
        decidedAt
        releasedAt
        openThreadCount
        app {
          id
          code
          listing {
            name
          }
        }
        ...SubmissionPanel_Version
        ...ManifestEditor_Version
        ...ChecklistAnswers_Version
        ...ThreadsPanel_Version
        ...RoundsView_Version
        ...ReviewSummary_Version
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
    }
  }
`);

/** Statuses in which the current round has no decision yet. */
const AWAITING_DECISION = new Set(['SUBMITTED', 'IN_REVIEW']);

/** The page's one query (with the history's "load more"); a live subscription calls `refetch`. */
function useVersionPage(id: string) {
  const { subject: version, ...rest } = usePageQuery(
    VersionPage_VersionQuery,
    { id },
    (data) => (data?.node?.__typename === 'AppVersion' ? data.node : null),
    historyOfVersion,
  );
  return { ...rest, version };
}

const historyOfVersion = <V extends { history: { pageInfo: { startCursor?: string | null } } }>(version: V) => version.history;

/** The partner's workspace for one version: manifest, checklist, submission, threads, timeline. */
export function VersionPage(props: { code: string; versionId: string }) {
  const { t } = useTranslation('partner');
  const { version, data, fetching, error, refetch, loadMoreHistory } = useVersionPage(props.versionId);
  const live = useLivePage('reviewEvents', props.versionId, refetch);
  // The submit gate reads the listing too, and listing edits are app events, not review events.
  const refetchSoon = useDebounced(refetch);
  // Links from the inbox and the summary name a thread (`#thread-…`): go there once it is rendered.
  useScrollToHash(Boolean(version));
  useLiveEvents('appEvents', version?.app.id ?? null, (event) => {
    if (event.type === 'app.listing_updated') refetchSoon();
  });

  if (!version) {
    if ((data && !error) || isMissing(error)) {
      return <NotFoundPage what={t('version.notFoundWhat')} back={{ href: `/apps/${encodeURIComponent(props.code)}`, label: t('version.backToApp') }} />;
    }
    return (
      <section>
        <QueryState fetching={fetching} error={error} hasData={false} what={t('version.what')} onRetry={refetch} />
        <Link href={`/apps/${encodeURIComponent(props.code)}`}>{t('version.backToApp')}</Link>
      </section>
    );
  }
  const appName = version.app.listing?.name || version.app.code;

  return (
    <section aria-labelledby="version-title" className="workspace">
      <nav aria-label={t('app.breadcrumb')} className="breadcrumb">
        <Link href="/apps">{t('apps.titleMine')}</Link> › <Link href={`/apps/${encodeURIComponent(version.app.code)}`}>{appName}</Link> › {version.version}
      </nav>
      <header className="page-head">
        <div>
          <h1 id="version-title">
            {appName} <span className="muted">{version.version}</span>
          </h1>
          <p className="meta">
            <StatusBadge status={version.status} />{' '}
            <span>
              {[
                version.submittedAt && t('version.submitted', { date: formatDateTime(version.submittedAt) }),
                // The API keeps the last round's decision time after a resubmission; it only applies once decided again.
                version.decidedAt && !AWAITING_DECISION.has(version.status) && t('version.decided', { date: formatDateTime(version.decidedAt) }),
                version.releasedAt && t('version.released', { date: formatDateTime(version.releasedAt) }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </p>
        </div>
        <button type="button" className="secondary" onClick={refetch}>
          {t('app.refresh')}
        </button>
      </header>
      {live.element}
      {error && <QueryState fetching={fetching} error={error} hasData what={t('version.whatPage')} onRetry={refetch} />}
      <ReviewSummary version={version} />
      <JumpBar
        label={t('version.jumpTo')}
        links={[
          { href: '#submission-title', text: t('version.jumpModeration') },
          { href: '#threads-title', text: t('version.jumpThreads', { count: version.openThreadCount }) },
          { href: '#checklist-title', text: t('version.jumpChecklist') },
        ]}
      />

      <div className="workspace-grid">
        <div className="workspace-main">
          <section className="card" aria-labelledby="manifest-title">
            <h2 id="manifest-title">{t('version.manifestTitle')}</h2>
            {data && <ManifestEditor key={version.id} version={version} scopes={data.scopes} onChanged={refetch} />}
          </section>
          <section className="card" aria-labelledby="checklist-title">
            <h2 id="checklist-title">{t('version.checklistTitle')}</h2>
            <ChecklistAnswers version={version} onChanged={refetch} />
          </section>
          <section className="card" aria-labelledby="rounds-title">
            <h2 id="rounds-title">{t('version.roundsTitle')}</h2>
            <RoundsView version={version} />
          </section>
        </div>
        <aside className="workspace-side" aria-label={t('version.moderationTitle')}>
          <section className="card" aria-labelledby="submission-title">
            <h2 id="submission-title">{t('version.moderationTitle')}</h2>
            <SubmissionPanel version={version} onChanged={refetch} />
          </section>
          <section className="card" aria-labelledby="threads-title">
            <h2 id="threads-title">{t('version.threadsTitle', { count: version.openThreadCount })}</h2>
            <ThreadsPanel version={version} onChanged={refetch} />
          </section>
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('version.timelineTitle')}</h2>
            <HistoryList
              events={version.history.edges.map((edge) => edge.node)}
              hasMore={version.history.pageInfo.hasPreviousPage}
              loading={fetching}
              onLoadMore={loadMoreHistory}
            />
          </section>
        </aside>
      </div>
    </section>
  );
}
