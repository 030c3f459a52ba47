import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import { refusalMessages } from '../lib/capabilities';
import { formatDuration } from '../lib/format';
import { ActionFeedback, CapabilityButton, useAction } from './action';
import { ChangeList } from './listing-changes';

const ListingRoundsQueue_Query = graphql(`
  query ListingRoundsQueue_Query {
    listingChangeQueue(first: 50) {
      edges {
        node {
          id
          changes
          waitingSeconds
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
            approve {
              allowed
              reasons {
                code
                message
              }
            }
            sendBack {
              allowed
              reasons {
                code
                message
              }
            }
            decline {
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

const ListingRoundsQueue_ClaimMutation = graphql(`
  mutation ListingRoundsQueue_ClaimMutation($id: ID!) {
    claimListingChange(listingChangeId: $id) {
      __typename
      ...ActionResult_Error
      ... on MutationClaimListingChangeSuccess {
        data {
          id
        }
      }
    }
  }
`);

const ListingRoundsQueue_DecideMutation = graphql(`
  mutation ListingRoundsQueue_DecideMutation($id: ID!, $decision: ListingChangeDecision!, $note: String) {
    decideListingChange(listingChangeId: $id, decision: $decision, note: $note) {
      __typename
      ...ActionResult_Error
      ... on MutationDecideListingChangeSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

/**
 * Listing rounds: edits of live apps waiting for staff (when the policy asks for review of live
 * edits), oldest first — the queue's third kind of item. Staff claim one, then approve it (it goes
 * live), send it back or decline it with a note. `refreshKey` changes when the queue page refreshes.
 */
export function ListingRoundsQueue(props: { viewerId: string | undefined; refreshKey: number }) {
  const [{ data, error }, reexecute] = useQuery({ query: ListingRoundsQueue_Query, requestPolicy: 'cache-and-network' });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  useEffect(() => {
    if (props.refreshKey > 0) reexecute({ requestPolicy: 'network-only' });
  }, [props.refreshKey, reexecute]);
  const claim = useAction(ListingRoundsQueue_ClaimMutation, (d) => d.claimListingChange, refetch);
  const decide = useAction(ListingRoundsQueue_DecideMutation, (d) => d.decideListingChange, refetch);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const rows = data?.listingChangeQueue.edges.map((edge) => edge.node) ?? [];
  // Hidden while nothing waits, except right after a decision, so its outcome stays in view.
  if (error || (rows.length === 0 && !decide.outcome)) return null;
  return (
    <>
      <h2>Listing changes</h2>
      <p className="muted small">Edits of live apps wait here while the policy asks for review; the catalog shows the live listing until one is approved.</p>
      <ActionFeedback outcome={claim.outcome} success="Claimed. Approve it, or send it back with a note." />
      <ActionFeedback outcome={decide.outcome} success="Decided. The partner sees the outcome." />
      {rows.length === 0 && <p className="empty">No listing change waits.</p>}
      {rows.length > 0 && (
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">Listing changes waiting for staff, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">Changes</th>
              <th scope="col">Waiting</th>
              <th scope="col">Assignee</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const name = row.app.listing?.name || row.app.code;
              const note = notes[row.id] ?? '';
              const mine = row.assignee?.id === props.viewerId;
              return (
                <tr key={row.id}>
                  <td>
                    <Link href={`/apps/${encodeURIComponent(row.app.code)}`}>{name}</Link>
                    <div className="muted small">
                      <code>{row.app.code}</code> · {row.app.partner.name}
                    </div>
                  </td>
                  <td>
                    <ChangeList changes={row.changes} />
                  </td>
                  <td>{formatDuration(row.waitingSeconds)}</td>
                  <td>{row.assignee ? (mine ? 'Me' : row.assignee.name) : <span className="muted">Unassigned</span>}</td>
                  <td className="actions">
                    {row.viewerCan.claim.allowed ? (
                      <CapabilityButton capability={row.viewerCan.claim} kind="primary" pending={claim.pending} onClick={() => void claim.run({ id: row.id })}>
                        Claim<span className="sr-only"> the listing change of {name}</span>
                      </CapabilityButton>
                    ) : mine ? (
                      <div className="stack">
                        <CapabilityButton
                          capability={row.viewerCan.approve}
                          kind="primary"
                          pending={decide.pending}
                          onClick={() => void decide.run({ id: row.id, decision: 'APPROVED', note: null })}
                        >
                          Approve<span className="sr-only"> the listing change of {name}</span>
                        </CapabilityButton>
                        <label className="small">
                          Note for the partner
                          <textarea rows={2} value={note} onChange={(event) => setNotes((all) => ({ ...all, [row.id]: event.target.value }))} />
                        </label>
                        <div className="button-row wrap">
                          <CapabilityButton capability={row.viewerCan.sendBack} pending={decide.pending} onClick={() => void decide.run({ id: row.id, decision: 'SENT_BACK', note })}>
                            Send back
                          </CapabilityButton>
                          <CapabilityButton capability={row.viewerCan.decline} kind="danger" pending={decide.pending} onClick={() => void decide.run({ id: row.id, decision: 'DECLINED', note })}>
                            Decline
                          </CapabilityButton>
                        </div>
                      </div>
                    ) : (
                      <span className="muted small">{refusalMessages(row.viewerCan.claim)[0] ?? 'Cannot claim'}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      )}
    </>
  );
}
