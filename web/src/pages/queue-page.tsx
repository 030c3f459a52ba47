import { type ChangeEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { ActionFeedback, CapabilityButton, useAction } from '../components/action';
import { StatusBadge } from '../components/badges';
import { QueryState } from '../components/query-state';
import { useLivePage } from '../components/live-notice';
import { ListingRoundsQueue } from '../components/listing-rounds-queue';
import { graphql } from '../gql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import type { QueueFilter } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { formatDuration } from '../lib/format';
import { label, TURN_LABELS } from '../lib/labels';
import { useViewer } from '../viewer';

const QueuePage_QueueQuery = graphql(`
  query QueuePage_QueueQuery($filter: QueueFilter, $after: String) {
    sections {
      key
      name
    }
    moderationQueue(first: 50, after: $after, filter: $filter) {
      edges {
        node {
          id
          version
          status
          waitingSeconds
          waitingOn
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
          assignee {
            id
            name
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

/** The queue's filters as the form holds them. */
interface Filters {
  section: string;
  status: '' | 'SUBMITTED' | 'IN_REVIEW';
  assignee: '' | 'me' | 'unassigned';
  kind: '' | 'NEW_APP' | 'UPDATE';
}

function toQueueFilter(filters: Filters, viewerId: string | undefined): QueueFilter {
  return {
    section: filters.section || null,
    status: filters.status || null,
    kind: filters.kind || null,
    assigneeId: filters.assignee === 'me' ? (viewerId ?? null) : null,
    unassigned: filters.assignee === 'unassigned' ? true : null,
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

/** Staff desk: submissions waiting for the marketplace, oldest first, with claim. */
export function QueuePage() {
  const viewer = useViewer();
  const [filters, setFilters] = useState<Filters>({ section: '', status: '', assignee: '', kind: '' });
  const filter = useMemo(() => toQueueFilter(filters, viewer?.id), [filters, viewer?.id]);
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
  const [claiming, setClaiming] = useState<string | null>(null);
  const rows = data?.moderationQueue.edges.map((edge) => edge.node) ?? [];
  const set = <K extends keyof Filters>(key: K) => (event: ChangeEvent<HTMLSelectElement>) =>
    setFilters((current) => ({ ...current, [key]: event.target.value }));

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">Moderation queue</h1>
        <button type="button" className="secondary" onClick={refetchAll}>
          Refresh
        </button>
      </div>
      {live.element}
      <ConsultationRequests
        rows={consultations.data?.consultationQueue.edges.map((edge) => edge.node) ?? []}
        viewerId={viewer?.id}
        onChanged={refetchConsultations}
      />
      <ListingRoundsQueue viewerId={viewer?.id} refreshKey={roundsKey} />
      <h2>Submissions</h2>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label="Queue filters">
        <label>
          Section
          <select value={filters.section} onChange={set('section')}>
            <option value="">All sections</option>
            {data?.sections.map((section) => (
              <option key={section.key} value={section.key}>
                {section.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={filters.status} onChange={set('status')}>
            <option value="">Submitted and in review</option>
            <option value="SUBMITTED">Submitted</option>
            <option value="IN_REVIEW">In review</option>
          </select>
        </label>
        <label>
          Assignee
          <select value={filters.assignee} onChange={set('assignee')}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="unassigned">Unassigned</option>
          </select>
        </label>
        <label>
          Kind
          <select value={filters.kind} onChange={set('kind')}>
            <option value="">New apps and updates</option>
            <option value="NEW_APP">New apps</option>
            <option value="UPDATE">Updates</option>
          </select>
        </label>
      </form>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what="the queue" onRetry={refetch} />
      <ActionFeedback outcome={claim.outcome} success="Claimed. The review is yours." />
      {data && rows.length === 0 && <p className="empty">No submission waits with these filters.</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Submissions waiting for the marketplace, oldest first</caption>
            <thead>
              <tr>
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
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link href={`/review/${encodeURIComponent(row.id)}`}>{row.app.listing?.name ?? row.app.code}</Link>
                    <div className="muted small">
                      <code>{row.app.code}</code> · {row.app.partner.name}
                    </div>
                  </td>
                  <td>
                    {row.version} <StatusBadge status={row.status} />
                    {row.openThreadCount > 0 && <div className="muted small">{row.openThreadCount} open thread(s)</div>}
                  </td>
                  <td>{row.app.section?.name ?? '—'}</td>
                  <td>{formatDuration(row.waitingSeconds)}</td>
                  <td>{row.assignee ? (row.assignee.id === viewer?.id ? 'Me' : row.assignee.name) : <span className="muted">Unassigned</span>}</td>
                  <td>{row.isUpdate ? 'Update' : 'New app'}</td>
                  <td>{label(TURN_LABELS, row.waitingOn)}</td>
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
                          {row.app.listing?.name ?? row.app.code} {row.version}
                        </span>
                      </CapabilityButton>
                    ) : (
                      <span className="muted small" title={row.viewerCan.claim.reasons.map((r) => r.message).join('\n')}>
                        {row.viewerCan.claim.reasons[0]?.message ?? 'Cannot claim'}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {hasMore && (
            <button type="button" className="secondary" onClick={loadMore} aria-disabled={fetching || undefined}>
              {fetching ? 'Loading…' : 'Load more'}
            </button>
          )}
        </div>
      )}
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
        <table className="table">
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
                <td>
                  <Link href={`/apps/${encodeURIComponent(row.code)}`}>{row.listing?.name || row.code}</Link>
                  <div className="muted small">
                    <code>{row.code}</code> · {row.partner.name}
                  </div>
                </td>
                <td>{formatDuration(row.consultationWaitingSeconds)}</td>
                <td>
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
