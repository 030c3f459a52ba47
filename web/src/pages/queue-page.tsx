import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Link, useLocation, useSearchParams } from 'wouter';
import { ActionFeedback, CapabilityButton, useAction } from '../components/action';
import { StatusBadge } from '../components/badges';
import { QueryState } from '../components/query-state';
import { useLivePage } from '../components/live-notice';
import { QueueFilters } from '../components/queue-filters';
import { ShortcutHelp, useQueueKeys } from '../components/queue-keys';
import { ListingRoundsQueue } from '../components/listing-rounds-queue';
import { graphql } from '../gql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import type { QueueFilter } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { formatDuration } from '../lib/format';
import { label } from '../lib/labels';
import { AGE_LABELS, ageLevel, parseQueueView, type QueueView, queueViewSearch, sortRows } from '../lib/queue-view';
import { useViewer } from '../viewer';
import './desk.css';

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
          id
          status
          reviewTurn
          assignee {
            id
            name
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
          id
          status
          reviewTurn
          assignee {
            id
            name
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

type QueueRow = NonNullable<ResultOf<typeof QueuePage_QueueQuery>['moderationQueue']['edges'][number]['node']>;

/** A bulk action's result for one row: done, or why not. */
type RowResult = { ok: true; text: string } | { ok: false; text: string };

/** Staff desk: submissions waiting for the marketplace, with search, sort, saved views, keys and bulk actions. */
export function QueuePage() {
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
        (data?.moderationQueue.edges.map((edge) => edge.node) ?? []).map((row) => ({ ...row, name: row.app.listing?.name || row.app.code })),
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
        ? { ok: true, text: kind === 'claim' ? 'Claimed' : 'Assigned' }
        : { ok: false, text: [outcome.message, ...outcome.details].join(' ') };
    }
    const done = Object.values(next).filter((r) => r.ok).length;
    const failed = chosen.length - done;
    setResults(next);
    setBulkSummary(`${done} of ${chosen.length} ${kind === 'claim' ? 'claimed' : 'assigned'}${failed ? `; ${failed} refused (see the rows)` : ''}.`);
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
        ? 'Mine'
        : (row.assignee?.name ?? 'Reviewer')
      : row.reviewTurn === 'ANY_REVIEWER'
        ? 'Any reviewer'
        : label('turn', row.reviewTurn);

  return (
    <section aria-labelledby="queue-title" className="desk">
      <div className="page-head">
        <h1 id="queue-title">Moderation queue</h1>
        <div className="button-row">
          <button type="button" className="secondary" onClick={keys.openHelp} aria-keyshortcuts="?">
            Keyboard shortcuts
          </button>
          <button type="button" className="secondary" onClick={refetchAll}>
            Refresh
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
      <h2>Submissions</h2>
      <QueueFilters view={view} onChange={setView} sections={data?.sections ?? []} viewerId={viewer?.id ?? null} />
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what="the queue" onRetry={refetch} />
      <ActionFeedback outcome={claim.outcome} success="Claimed. The review is yours." />
      {data && rows.length === 0 && <p className="empty">No submission waits with these filters.</p>}
      {rows.length > 0 && (
        <>
          <div className="bulk-bar" role="group" aria-label="Bulk actions">
            <span className="muted small">{checked.size ? `${checked.size} selected` : 'Select rows for bulk actions'}</span>
            <button type="button" className="secondary" aria-disabled={!checked.size || bulkPending || undefined} onClick={() => void runBulk('claim')}>
              {bulkPending ? 'Working…' : 'Claim selected'}
            </button>
            {canAssign && (
              <>
                <label className="inline">
                  <span className="sr-only">Assign the selected reviews to</span>
                  <select value={assignTo} onChange={(event) => setAssignTo(event.target.value)}>
                    <option value="">Assign to…</option>
                    {(data?.staff ?? []).map((user) => (
                      <option key={user.id} value={user.id}>
                        {user.name} ({user.staffRole === 'ADMIN' ? 'admin' : 'reviewer'})
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
                  Assign selected
                </button>
              </>
            )}
            {bulkSummary && (
              <p className="feedback ok small" role="status">
                {bulkSummary}
              </p>
            )}
          </div>
          <div className="table-wrap">
            <table className="table queue-table">
              <caption className="sr-only">
                Submissions waiting for the marketplace. Keys: j and k move, Enter opens, c claims, question mark shows help.
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="check">
                    <input
                      type="checkbox"
                      aria-label="Select every row"
                      checked={allChecked}
                      onChange={() => setChecked(allChecked ? new Set() : new Set(rows.map((row) => row.id)))}
                    />
                  </th>
                  <th scope="col">App</th>
                  <th scope="col">Version</th>
                  <th scope="col">Section</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">Assignee</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Whose turn</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => {
                  const age = ageLevel(row.waitingSeconds, targetHours);
                  const mine = row.assignee?.id === viewer?.id;
                  const result = results[row.id];
                  return (
                    <tr key={row.id} className={keys.selected === i ? 'selected' : undefined} aria-current={keys.selected === i || undefined} onFocusCapture={() => keys.select(i)}>
                      <td className="check">
                        <input type="checkbox" aria-label={`Select ${nameOf(row)} ${row.version}`} checked={checked.has(row.id)} onChange={() => toggle(row.id)} />
                      </td>
                      <td data-label="App">
                        <Link href={`/review/${encodeURIComponent(row.id)}`} data-queue-row={i}>
                          {nameOf(row)}
                        </Link>
                        <div className="muted small">
                          <code>{row.app.code}</code> · {row.app.partner.name}
                        </div>
                        {result && (
                          <p className={`small ${result.ok ? 'row-ok' : 'row-error'}`} role={result.ok ? undefined : 'alert'}>
                            {result.ok ? '✓ ' : '✗ '}
                            {result.text}
                          </p>
                        )}
                      </td>
                      <td data-label="Version">
                        {row.version} <StatusBadge status={row.status} />
                        {row.openThreadCount > 0 && <div className="muted small">{row.openThreadCount} open thread(s)</div>}
                      </td>
                      <td data-label="Section">{row.app.section?.name ?? '—'}</td>
                      <td data-label="Waiting">
                        <span className={`age age-${age}`}>
                          {formatDuration(row.waitingSeconds)}
                          {age !== 'normal' && <span className="age-tag">{AGE_LABELS[age]}</span>}
                        </span>
                      </td>
                      <td data-label="Assignee">{row.assignee ? (mine ? 'Me' : row.assignee.name) : <span className="muted">Unassigned</span>}</td>
                      <td data-label="Kind">{row.isUpdate ? 'Update' : 'New app'}</td>
                      <td data-label="Whose turn">{turnText(row)}</td>
                      <td className="actions">
                        {row.viewerCan.claim.allowed ? (
                          <CapabilityButton
                            capability={row.viewerCan.claim}
                            kind="primary"
                            pending={claim.pending && claiming === row.id}
                            pendingLabel="Claiming…"
                            onClick={() => {
                              setClaiming(row.id);
                              void claim.run({ versionId: row.id });
                            }}
                          >
                            Claim
                            <span className="sr-only">
                              {' '}
                              {nameOf(row)} {row.version}
                            </span>
                          </CapabilityButton>
                        ) : mine ? (
                          <Link className="continue-link" href={`/review/${encodeURIComponent(row.id)}`}>
                            Continue<span className="sr-only"> {nameOf(row)} {row.version}</span>
                          </Link>
                        ) : (
                          <span className="muted small" title={row.viewerCan.claim.reasons.map((r) => r.message).join('\n')}>
                            {row.viewerCan.claim.reasons[0]?.message ?? 'Cannot claim'}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {hasMore && (
              <button type="button" className="secondary" onClick={loadMore} aria-disabled={fetching || undefined}>
                {fetching ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </>
      )}
      <p className="muted small">
        Target: a decision within {targetHours} h of submission. Press <kbd>?</kbd> for keyboard shortcuts.
      </p>
      <ShortcutHelp open={keys.helpOpen} onClose={keys.closeHelp} />
    </section>
  );
}

type ConsultationRow = NonNullable<ResultOf<typeof QueuePage_ConsultationsQuery>['consultationQueue']['edges'][number]['node']>;

/** Consultation requests: the queue's other kind of item, oldest first; an admin claims one and decides it on the app's page. */
function ConsultationRequests(props: { rows: ConsultationRow[]; viewerId: string | undefined; onChanged: () => void }) {
  const claim = useAction(QueuePage_ClaimConsultationMutation, (d) => d.claimConsultation, props.onChanged);
  const [claiming, setClaiming] = useState<string | null>(null);
  if (props.rows.length === 0) return null;
  return (
    <>
      <h2>Consultation requests</h2>
      <ActionFeedback outcome={claim.outcome} success="Claimed. Decide it on the app's page." />
      <div className="table-wrap">
        <table className="table queue-table">
          <caption className="sr-only">Consultation requests waiting for an admin, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Waiting</th>
              <th scope="col">Assignee</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.id}>
                <td data-label="App">
                  <Link href={`/apps/${encodeURIComponent(row.code)}`}>{row.listing?.name || row.code}</Link>
                  <div className="muted small">
                    <code>{row.code}</code> · {row.partner.name}
                  </div>
                </td>
                <td data-label="Waiting">{formatDuration(row.consultationWaitingSeconds)}</td>
                <td data-label="Assignee">
                  {row.consultationAssignee ? (
                    row.consultationAssignee.id === props.viewerId ? 'Me' : row.consultationAssignee.name
                  ) : (
                    <span className="muted">Unassigned</span>
                  )}
                </td>
                <td className="actions">
                  {row.viewerCan.claimConsultation.allowed ? (
                    <CapabilityButton
                      capability={row.viewerCan.claimConsultation}
                      kind="primary"
                      pending={claim.pending && claiming === row.id}
                      pendingLabel="Claiming…"
                      onClick={() => {
                        setClaiming(row.id);
                        void claim.run({ appId: row.id });
                      }}
                    >
                      Claim<span className="sr-only"> the consultation of {row.listing?.name || row.code}</span>
                    </CapabilityButton>
                  ) : row.consultationAssignee?.id === props.viewerId ? (
                    <Link href={`/apps/${encodeURIComponent(row.code)}`}>Decide</Link>
                  ) : (
                    <span className="muted small">{refusalMessages(row.viewerCan.claimConsultation)[0] ?? 'Cannot claim'}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
