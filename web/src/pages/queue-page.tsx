import { useCallback, useEffect, useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Link, useLocation, useSearchParams } from 'wouter';
import { ActionFeedback, CapabilityButton, useAction } from '../components/action';
import { StatusBadge } from '../components/badges';
import { QueryState } from '../components/query-state';
import { useLivePage } from '../components/live-notice';
import { QueueFilters } from '../components/queue-filters';
import { QueueShortcutHelp, useQueueKeys } from '../components/queue-keys';
import { ListingRoundsQueue } from '../components/listing-rounds-queue';
import { AppCell, AssigneeCell, CannotClaim, QueueTable, WaitingCell } from '../components/queue-table';
import { getFragmentData, graphql } from '../gql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import type { QueueFilter } from '../gql/graphql';
import { label } from '../lib/labels';
import { ageLevel, parseQueueView, type QueueView, queueViewSearch, sortRows } from '../lib/queue-view';
import { useViewer } from '../viewer';
import './desk.css';

/** A submission in the queue: what its row shows and the actions it offers, read again after each action. */
const QueuePage_RowFragment = graphql(`
  fragment QueuePage_Row on AppVersion {
    id
    version
    status
    waitingSeconds
    reviewTurn
    isUpdate
    openThreadCount
    assignee {
      id
      name
    }
    app {
      id
      code
      listing {
        name
      }
      section {
        key
        name
      }
      partner {
        id
        name
      }
    }
    viewerCan {
      claim {
        allowed
        reasons {
          code
          message
        }
      }
      assign {
        allowed
      }
    }
  }
`);

const QueuePage_QueueQuery = graphql(`
  query QueuePage_QueueQuery($filter: QueueFilter, $after: String) {
    sections {
      key
      name
    }
    policy {
      reviewTargetHours
    }
    staff {
      id
      name
      staffRole
    }
    moderationQueue(first: 50, after: $after, filter: $filter) {
      edges {
        node {
          ...QueuePage_Row
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const QueuePage_ClaimMutation = graphql(`
  mutation QueuePage_ClaimMutation($versionId: ID!) {
    claimReview(versionId: $versionId) {
      __typename
      ...ActionResult_Error
      ... on MutationClaimReviewSuccess {
        data {
          ...QueuePage_Row
        }
      }
    }
  }
`);

const QueuePage_AssignMutation = graphql(`
  mutation QueuePage_AssignMutation($versionId: ID!, $reviewerId: ID!) {
    assignReview(versionId: $versionId, reviewerId: $reviewerId) {
      __typename
      ...ActionResult_Error
      ... on MutationAssignReviewSuccess {
        data {
          ...QueuePage_Row
        }
      }
    }
  }
`);

const QueuePage_ConsultationsQuery = graphql(`
  query QueuePage_ConsultationsQuery {
    consultationQueue(first: 50) {
      edges {
        node {
          id
          code
          listing {
            name
          }
          partner {
            id
            name
          }
          consultationWaitingSeconds
          consultationAssignee {
            id
            name
          }
          viewerCan {
            claimConsultation {
              allowed
              reasons {
                code
                message
              }
            }
          }
        }
      }
    }
  }
`);

const QueuePage_ClaimConsultationMutation = graphql(`
  mutation QueuePage_ClaimConsultationMutation($appId: ID!) {
    claimConsultation(appId: $appId) {
      __typename
      ...ActionResult_Error
      ... on MutationClaimConsultationSuccess {
        data {
          id
          consultationAssignee {
            id
            name
          }
        }
      }
    }
  }
`);

function toQueueFilter(view: QueueView, viewerId: string | undefined): QueueFilter {
  return {
    section: view.section || null,
    status: view.status || null,
    kind: view.kind || null,
    search: view.q.trim() || null,
    assigneeId: view.assignee === 'me' ? (viewerId ?? null) : null,
    unassigned: view.assignee === 'unassigned' ? true : null,
  };
}

/** The page's one query; a live subscription re-executes it through `refetch`. */
function useQueue(filter: QueueFilter) {
  // Shown from the cache at once and revalidated: what changed while the page was closed
  // (another page's edit, someone else's action) is not in its live stream.
  const [after, setAfter] = useState<string | null>(null);
  // Another filter starts again from the first page.
  useEffect(() => setAfter(null), [filter]);
  const [result, reexecute] = useQuery({ query: QueuePage_QueueQuery, variables: { filter, after }, requestPolicy: 'cache-and-network' });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const pageInfo = result.data?.moderationQueue.pageInfo;
  // The cache appends the next page to the ones it holds (relayPagination in urql.ts).
  const loadMore = useCallback(() => {
    if (pageInfo?.hasNextPage && pageInfo.endCursor) setAfter(pageInfo.endCursor);
  }, [pageInfo]);
  return { ...result, refetch, loadMore, hasMore: Boolean(pageInfo?.hasNextPage) };
}

/** The view in the URL (`/queue?q=acme&sort=name`): a reload keeps it, back and forward walk through it. */
function useQueueView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseQueueView(params), [params]);
  const setView = useCallback(
    (next: QueueView, options?: { replace?: boolean }) => setParams(new URLSearchParams(queueViewSearch(next)), options),
    [setParams],
  );
  return [view, setView] as const;
}

type QueueRow = ResultOf<typeof QueuePage_RowFragment>;

/** A bulk action's result for one row: done, or why not. */
type RowResult = { ok: true; text: string } | { ok: false; text: string };

/** Staff desk: submissions waiting for the marketplace, with search, sort, saved views, keys and bulk actions. */
export function QueuePage() {
  const { t } = useTranslation(['queue', 'common']);
  const viewer = useViewer();
  const [, navigate] = useLocation();
  const [view, setView] = useQueueView();
  const filter = useMemo(() => toQueueFilter(view, viewer?.id), [view, viewer?.id]);
  const { data, fetching, error, refetch, loadMore, hasMore } = useQueue(filter);
  const [consultations, reexecuteConsultations] = useQuery({ query: QueuePage_ConsultationsQuery, requestPolicy: 'cache-and-network' });
  const refetchConsultations = useCallback(() => reexecuteConsultations({ requestPolicy: 'network-only' }), [reexecuteConsultations]);
  // Bumped on every refresh, so the listing changes (their own query) refresh with the rest.
  const [roundsKey, setRoundsKey] = useState(0);
  const refetchAll = useCallback(() => {
    refetch();
    refetchConsultations();
    setRoundsKey((key) => key + 1);
  }, [refetch, refetchConsultations]);
  const live = useLivePage('queueEvents', null, refetchAll);
  const claim = useAction(QueuePage_ClaimMutation, (d) => d.claimReview, refetch);
  const bulkClaim = useAction(QueuePage_ClaimMutation, (d) => d.claimReview);
  const bulkAssign = useAction(QueuePage_AssignMutation, (d) => d.assignReview);
  const [claiming, setClaiming] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<Record<string, RowResult>>({});
  const [bulkSummary, setBulkSummary] = useState<string | null>(null);
  const [bulkPending, setBulkPending] = useState(false);
  const [assignTo, setAssignTo] = useState('');
  const targetHours = data?.policy.reviewTargetHours ?? 72;
  const nameOf = (row: QueueRow) => row.app.listing?.name || row.app.code;
  const rows = useMemo(
    () =>
      sortRows(
        (data?.moderationQueue.edges.map((edge) => getFragmentData(QueuePage_RowFragment, edge.node)) ?? []).map((row) => ({ ...row, name: nameOf(row) })),
        view.sort,
      ),
    [data, view.sort],
  );
  const canAssign = rows.some((row) => row.viewerCan.assign.allowed);
  const keys = useQueueKeys({
    count: rows.length,
    open: (i) => {
      const row = rows[i];
      if (row) navigate(`/review/${encodeURIComponent(row.id)}`);
    },
    claim: (i) => {
      const row = rows[i];
      if (row?.viewerCan.claim.allowed && !claim.pending) {
        setClaiming(row.id);
        void claim.run({ versionId: row.id });
      }
    },
  });

  /** Runs one mutation per checked row, in order, and says per row what came of it. */
  async function runBulk(kind: 'claim' | 'assign') {
    const chosen = rows.filter((row) => checked.has(row.id));
    if (!chosen.length || bulkPending || (kind === 'assign' && !assignTo)) return;
    setBulkPending(true);
    setBulkSummary(null);
    const next: Record<string, RowResult> = {};
    for (const row of chosen) {
      // Each item is authorized on its own by the server: one refusal does not stop the others.
      const outcome = kind === 'claim' ? await bulkClaim.run({ versionId: row.id }) : await bulkAssign.run({ versionId: row.id, reviewerId: assignTo });
      next[row.id] = outcome.ok
        ? { ok: true, text: kind === 'claim' ? t('bulk.claimed') : t('bulk.assigned') }
        : { ok: false, text: [outcome.message, ...outcome.details].join(' ') };
    }
    const done = Object.values(next).filter((r) => r.ok).length;
    const failed = chosen.length - done;
    setResults(next);
    const counts = { done, total: chosen.length, failed };
    if (kind === 'claim') setBulkSummary(failed ? t('bulk.claimedSummaryRefused', counts) : t('bulk.claimedSummary', counts));
    else setBulkSummary(failed ? t('bulk.assignedSummaryRefused', counts) : t('bulk.assignedSummary', counts));
    setChecked(new Set(chosen.filter((row) => !next[row.id]?.ok).map((row) => row.id)));
    setBulkPending(false);
    refetch();
  }

  const toggle = (id: string) =>
    setChecked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allChecked = rows.length > 0 && rows.every((row) => checked.has(row.id));
  const turnText = (row: QueueRow) =>
    row.reviewTurn === 'ASSIGNEE'
      ? row.assignee?.id === viewer?.id
        ? t('who.mine')
        : (row.assignee?.name ?? t('who.reviewer'))
      : row.reviewTurn === 'ANY_REVIEWER'
        ? t('who.anyReviewer')
        : label('turn', row.reviewTurn);

  return (
    <section aria-labelledby="queue-title" className="desk">
      <div className="page-head">
        <h1 id="queue-title">{t('title')}</h1>
        <div className="button-row">
          <button type="button" className="secondary" onClick={keys.openHelp} aria-keyshortcuts="?">
            {t('keyboardShortcuts')}
          </button>
          <button type="button" className="secondary" onClick={refetchAll}>
            {t('refresh')}
          </button>
        </div>
      </div>
      {live.element}
      <ConsultationRequests
        rows={consultations.data?.consultationQueue.edges.map((edge) => edge.node) ?? []}
        viewerId={viewer?.id}
        onChanged={refetchConsultations}
      />
      <ListingRoundsQueue viewerId={viewer?.id} refreshKey={roundsKey} />
      <h2>{t('submissions.title')}</h2>
      <QueueFilters view={view} onChange={setView} sections={data?.sections ?? []} viewerId={viewer?.id ?? null} />
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('theQueue')} onRetry={refetch} />
      <ActionFeedback outcome={claim.outcome} success={t('submissions.claimed')} />
      {data && rows.length === 0 && <p className="empty">{t('submissions.empty')}</p>}
      {rows.length > 0 && (
        <>
          <div className="bulk-bar" role="group" aria-label={t('bulk.label')}>
            <span className="muted small">{checked.size ? t('bulk.selected', { count: checked.size }) : t('bulk.hint')}</span>
            <button type="button" className="secondary" aria-disabled={!checked.size || bulkPending || undefined} onClick={() => void runBulk('claim')}>
              {bulkPending ? t('bulk.working') : t('bulk.claimSelected')}
            </button>
            {canAssign && (
              <>
                <label className="inline">
                  <span className="sr-only">{t('bulk.assignLabel')}</span>
                  <select value={assignTo} onChange={(event) => setAssignTo(event.target.value)}>
                    <option value="">{t('bulk.assignTo')}</option>
                    {(data?.staff ?? []).map((user) => (
                      <option key={user.id} value={user.id}>
                        {user.staffRole === 'ADMIN' ? t('bulk.admin', { name: user.name }) : t('bulk.reviewer', { name: user.name })}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className="secondary"
                  aria-disabled={!checked.size || !assignTo || bulkPending || undefined}
                  onClick={() => void runBulk('assign')}
                >
                  {t('bulk.assignSelected')}
                </button>
              </>
            )}
            {bulkSummary && (
              <p className="feedback ok small" role="status">
                {bulkSummary}
              </p>
            )}
          </div>
          <QueueTable
            caption={t('submissions.caption')}
            columns={[t('columns.app'), t('columns.version'), t('columns.section'), t('columns.waiting'), t('columns.assignee'), t('columns.kind'), t('columns.turn')]}
            before={
              <th scope="col" className="check">
                <input
                  type="checkbox"
                  aria-label={t('row.selectAll')}
                  checked={allChecked}
                  onChange={() => setChecked(allChecked ? new Set() : new Set(rows.map((row) => row.id)))}
                />
              </th>
            }
          >
                {rows.map((row, i) => {
                  const mine = row.assignee?.id === viewer?.id;
                  const result = results[row.id];
                  return (
                    <tr key={row.id} className={keys.selected === i ? 'selected' : undefined} aria-current={keys.selected === i || undefined} onFocusCapture={() => keys.select(i)}>
                      <td className="check" data-label={t('columns.select')}>
                        <input type="checkbox" aria-label={t('row.select', { name: nameOf(row), version: row.version })} checked={checked.has(row.id)} onChange={() => toggle(row.id)} />
                      </td>
                      <AppCell href={`/review/${encodeURIComponent(row.id)}`} app={row.app} rowIndex={i}>
                        {result && (
                          <p className={`small ${result.ok ? 'row-ok' : 'row-error'}`} role={result.ok ? undefined : 'alert'}>
                            {result.ok ? '✓ ' : '✗ '}
                            {result.text}
                          </p>
                        )}
                      </AppCell>
                      <td data-label={t('columns.version')}>
                        {row.version} <StatusBadge status={row.status} />
                        {row.openThreadCount > 0 && <div className="muted small">{t('row.openThreads', { count: row.openThreadCount })}</div>}
                      </td>
                      <td data-label={t('columns.section')}>{row.app.section?.name ?? '—'}</td>
                      <WaitingCell seconds={row.waitingSeconds} age={ageLevel(row.waitingSeconds, targetHours)} />
                      <AssigneeCell assignee={row.assignee} viewerId={viewer?.id} />
                      <td data-label={t('columns.kind')}>{row.isUpdate ? t('kind.update') : t('kind.newApp')}</td>
                      <td data-label={t('columns.turn')}>{turnText(row)}</td>
                      <td className="actions" data-label={t('columns.actions')}>
                        {row.viewerCan.claim.allowed ? (
                          <CapabilityButton
                            capability={row.viewerCan.claim}
                            kind="primary"
                            pending={claim.pending && claiming === row.id}
                            pendingLabel={t('row.claiming')}
                            onClick={() => {
                              setClaiming(row.id);
                              void claim.run({ versionId: row.id });
                            }}
                          >
                            <Trans t={t} i18nKey="row.claim" values={{ name: nameOf(row), version: row.version }} components={{ 1: <span className="sr-only" /> }} />
                          </CapabilityButton>
                        ) : mine ? (
                          <Link className="continue-link" href={`/review/${encodeURIComponent(row.id)}`}>
                            <Trans t={t} i18nKey="row.continue" values={{ name: nameOf(row), version: row.version }} components={{ 1: <span className="sr-only" /> }} />
                          </Link>
                        ) : (
                          <CannotClaim reasons={row.viewerCan.claim.reasons} />
                        )}
                      </td>
                    </tr>
                  );
                })}
          </QueueTable>
          {hasMore && (
              <button type="button" className="secondary" onClick={loadMore} aria-disabled={fetching || undefined}>
                {fetching ? t('common:loading') : t('common:actions.loadMore')}
              </button>
            )}
        </>
      )}
      <p className="muted small">
        <Trans t={t} i18nKey="target" values={{ hours: targetHours }} components={{ 1: <kbd /> }} />
      </p>
      <QueueShortcutHelp open={keys.helpOpen} onClose={keys.closeHelp} />
    </section>
  );
}

type ConsultationRow = NonNullable<ResultOf<typeof QueuePage_ConsultationsQuery>['consultationQueue']['edges'][number]['node']>;

/** Consultation requests: the queue's other kind of item, oldest first; an admin claims one and decides it on the app's page. */
function ConsultationRequests(props: { rows: ConsultationRow[]; viewerId: string | undefined; onChanged: () => void }) {
  const { t } = useTranslation('queue');
  const claim = useAction(QueuePage_ClaimConsultationMutation, (d) => d.claimConsultation, props.onChanged);
  const [claiming, setClaiming] = useState<string | null>(null);
  if (props.rows.length === 0) return null;
  return (
    <>
      <h2>{t('consultations.title')}</h2>
      <ActionFeedback outcome={claim.outcome} success={t('consultations.claimed')} />
      <QueueTable caption={t('consultations.caption')} columns={[t('columns.app'), t('columns.waiting'), t('columns.assignee')]}>
            {props.rows.map((row) => (
              <tr key={row.id}>
                <AppCell href={`/apps/${encodeURIComponent(row.code)}`} app={row} />
                <WaitingCell seconds={row.consultationWaitingSeconds} />
                <AssigneeCell assignee={row.consultationAssignee} viewerId={props.viewerId} />
                <td className="actions" data-label={t('columns.actions')}>
                  {row.viewerCan.claimConsultation.allowed ? (
                    <CapabilityButton
                      capability={row.viewerCan.claimConsultation}
                      kind="primary"
                      pending={claim.pending && claiming === row.id}
                      pendingLabel={t('row.claiming')}
                      onClick={() => {
                        setClaiming(row.id);
                        void claim.run({ appId: row.id });
                      }}
                    >
                      <Trans t={t} i18nKey="consultations.claim" values={{ name: row.listing?.name || row.code }} components={{ 1: <span className="sr-only" /> }} />
                    </CapabilityButton>
                  ) : row.consultationAssignee?.id === props.viewerId ? (
                    <Link href={`/apps/${encodeURIComponent(row.code)}`}>{t('consultations.decide')}</Link>
                  ) : (
                    <CannotClaim reasons={row.viewerCan.claimConsultation.reasons} />
                  )}
                </td>
              </tr>
            ))}
      </QueueTable>
    </>
  );
}
