import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { ActionFeedback, CapabilityButton, useAction } from './action';
import { ChangeList } from './listing-changes';
import { AppCell, AssigneeCell, CannotClaim, QueueTable, WaitingCell } from './queue-table';

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
  const { t } = useTranslation('queue');
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
      <h2>{t('listingChanges.title')}</h2>
      <p className="muted small">{t('listingChanges.intro')}</p>
      <ActionFeedback outcome={claim.outcome} success={t('listingChanges.claimed')} />
      <ActionFeedback outcome={decide.outcome} success={t('listingChanges.decided')} />
      {rows.length === 0 && <p className="empty">{t('listingChanges.empty')}</p>}
      {rows.length > 0 && (
        <QueueTable
          caption={t('listingChanges.caption')}
          columns={[t('columns.app'), t('columns.changes'), t('columns.waiting'), t('columns.assignee')]}
        >
            {rows.map((row) => {
              const name = row.app.listing?.name || row.app.code;
              const note = notes[row.id] ?? '';
              const mine = row.assignee?.id === props.viewerId;
              return (
                <tr key={row.id}>
                  <AppCell href={`/apps/${encodeURIComponent(row.app.code)}`} app={row.app} />
                  <td data-label={t('columns.changes')}>
                    <ChangeList changes={row.changes} />
                  </td>
                  <WaitingCell seconds={row.waitingSeconds} />
                  <AssigneeCell assignee={row.assignee} viewerId={props.viewerId} />
                  <td className="actions" data-label={t('columns.actions')}>
                    {row.viewerCan.claim.allowed ? (
                      <CapabilityButton capability={row.viewerCan.claim} kind="primary" pending={claim.pending} onClick={() => void claim.run({ id: row.id })}>
                        <Trans t={t} i18nKey="listingChanges.claim" values={{ name }} components={{ 1: <span className="sr-only" /> }} />
                      </CapabilityButton>
                    ) : mine ? (
                      <div className="stack">
                        <CapabilityButton
                          capability={row.viewerCan.approve}
                          kind="primary"
                          pending={decide.pending}
                          onClick={() => void decide.run({ id: row.id, decision: 'APPROVED', note: null })}
                        >
                          <Trans t={t} i18nKey="listingChanges.approve" values={{ name }} components={{ 1: <span className="sr-only" /> }} />
                        </CapabilityButton>
                        <label className="small">
                          {t('listingChanges.note')}
                          <textarea rows={2} value={note} onChange={(event) => setNotes((all) => ({ ...all, [row.id]: event.target.value }))} />
                        </label>
                        <div className="button-row wrap">
                          <CapabilityButton capability={row.viewerCan.sendBack} pending={decide.pending} onClick={() => void decide.run({ id: row.id, decision: 'SENT_BACK', note })}>
                            {t('listingChanges.sendBack')}
                          </CapabilityButton>
                          <CapabilityButton capability={row.viewerCan.decline} kind="danger" pending={decide.pending} onClick={() => void decide.run({ id: row.id, decision: 'DECLINED', note })}>
                            {t('listingChanges.decline')}
                          </CapabilityButton>
                        </div>
                      </div>
                    ) : (
                      <CannotClaim reasons={row.viewerCan.claim.reasons} />
                    )}
                  </td>
                </tr>
              );
            })}
        </QueueTable>
      )}
    </>
  );
}
