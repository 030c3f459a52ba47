import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { refusalMessages } from '../lib/capabilities';
import { ActionFeedback, CapabilityButton, useAction } from './action';

export const DecisionBar_VersionFragment = graphql(`
  fragment DecisionBar_Version on AppVersion {
    id
    status
    viewerCan {
      claim {
        allowed
        reasons {
          code
          message
        }
      }
      requestChanges {
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
      reject {
        allowed
        reasons {
          code
          message
        }
      }
      assign {
        allowed
        reasons {
          code
          message
        }
      }
    }
    assignee {
      id
    }
  }
`);

const DecisionBar_StaffQuery = graphql(`
  query DecisionBar_StaffQuery {
    staff {
      id
      name
      staffRole
    }
  }
`);

const DecisionBar_AssignMutation = graphql(`
  mutation DecisionBar_AssignMutation($versionId: ID!, $reviewerId: ID!) {
    assignReview(versionId: $versionId, reviewerId: $reviewerId) {
      __typename
      ...ActionResult_Error
      ... on MutationAssignReviewSuccess {
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

/** An admin hands the review to a reviewer; shown only where `viewerCan.assign` allows it. */
function AssignReview(props: { versionId: string; assigneeId: string | null; onChanged: () => void }) {
  const { t } = useTranslation('review');
  const [{ data }] = useQuery({ query: DecisionBar_StaffQuery });
  const [reviewerId, setReviewerId] = useState('');
  const assign = useAction(DecisionBar_AssignMutation, (d) => d.assignReview, props.onChanged);
  const choices = (data?.staff ?? []).filter((user) => user.id !== props.assigneeId);
  return (
    <form
      className="decision inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (reviewerId && !assign.pending) void assign.run({ versionId: props.versionId, reviewerId });
      }}
    >
      <label>
        {t('decision.assignTo')}
        <select value={reviewerId} onChange={(event) => setReviewerId(event.target.value)}>
          <option value="">{t('decision.chooseReviewer')}</option>
          {choices.map((user) => (
            <option key={user.id} value={user.id}>
              {t('decision.reviewerOption', { name: user.name, role: user.staffRole === 'ADMIN' ? t('decision.roleAdmin') : t('decision.roleReviewer') })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="secondary" aria-disabled={!reviewerId || assign.pending || undefined}>
        {assign.pending ? t('decision.assigning') : t('decision.assign')}
      </button>
      <ActionFeedback outcome={assign.outcome} success={t('decision.assigned')} />
    </form>
  );
}

const DecisionBar_ClaimMutation = graphql(`
  mutation DecisionBar_ClaimMutation($versionId: ID!) {
    claimReview(versionId: $versionId) {
      __typename
      ...ActionResult_Error
      ... on MutationClaimReviewSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

const DecisionBar_RequestChangesMutation = graphql(`
  mutation DecisionBar_RequestChangesMutation($versionId: ID!, $summary: String) {
    requestChanges(versionId: $versionId, summary: $summary) {
      __typename
      ...ActionResult_Error
      ... on MutationRequestChangesSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

const DecisionBar_ApproveMutation = graphql(`
  mutation DecisionBar_ApproveMutation($versionId: ID!) {
    approveVersion(versionId: $versionId) {
      __typename
      ...ActionResult_Error
      ... on MutationApproveVersionSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

const DecisionBar_RejectMutation = graphql(`
  mutation DecisionBar_RejectMutation($versionId: ID!, $reason: String!) {
    rejectVersion(versionId: $versionId, reason: $reason) {
      __typename
      ...ActionResult_Error
      ... on MutationRejectVersionSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

/** The statuses each decision leaves the version in, while its confirmation still holds. */
const ACTION_LEADS_TO: Record<'claim' | 'requestChanges' | 'approve' | 'reject', readonly string[]> = {
  claim: ['IN_REVIEW'],
  requestChanges: ['CHANGES_REQUESTED'],
  approve: ['APPROVED', 'LIVE'],
  reject: ['REJECTED'],
};

/** Claim, request changes, approve and reject, each enabled (or explained) by its capability. */
export function DecisionBar(props: { version: FragmentType<typeof DecisionBar_VersionFragment>; onChanged: () => void }) {
  const { t } = useTranslation('review');
  const version = getFragmentData(DecisionBar_VersionFragment, props.version);
  const can = version.viewerCan;
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  // Only the latest action's outcome is shown: an earlier "Claimed." is stale once changes are requested.
  const [last, setLast] = useState<'claim' | 'requestChanges' | 'approve' | 'reject' | null>(null);
  const claim = useAction(DecisionBar_ClaimMutation, (d) => d.claimReview, props.onChanged);
  const requestChanges = useAction(DecisionBar_RequestChangesMutation, (d) => d.requestChanges, () => {
    setSummary('');
    props.onChanged();
  });
  const approve = useAction(DecisionBar_ApproveMutation, (d) => d.approveVersion, props.onChanged);
  const reject = useAction(DecisionBar_RejectMutation, (d) => d.rejectVersion, () => {
    setRejecting(false);
    props.onChanged();
  });

  // A confirmation holds while the status is what the action made it: once the partner resubmits,
  // "Sent back to the partner…" no longer describes the version.
  const current = (action: NonNullable<typeof last>) => ACTION_LEADS_TO[action].includes(version.status);

  // Outside IN_REVIEW every decision is refused for the same reason: say it once, not under each button.
  const decisions = [can.requestChanges, can.approve, can.reject].map((capability) => refusalMessages(capability).join(' · '));
  const shared = decisions[0] && decisions.every((reasons) => reasons === decisions[0]) ? decisions[0] : null;

  return (
    <div className="decision-bar">
      {shared && <p className="reasons-box">{shared}</p>}
      {(can.claim.allowed || version.status === 'SUBMITTED') && (
        <div className="decision">
          <CapabilityButton
            capability={can.claim}
            kind="primary"
            pending={claim.pending}
            pendingLabel={t('decision.claiming')}
            onClick={() => {
              setLast('claim');
              void claim.run({ versionId: version.id });
            }}
          >
            {t('decision.claim')}
          </CapabilityButton>
        </div>
      )}
      {can.assign.allowed && (
        <AssignReview versionId={version.id} assigneeId={version.assignee?.id ?? null} onChanged={props.onChanged} />
      )}
      <div className="decision">
        <label>
          {t('decision.summary')}
          <textarea rows={2} value={summary} onChange={(event) => setSummary(event.target.value)} />
        </label>
        <CapabilityButton
          capability={can.requestChanges}
          hideReasons={Boolean(shared)}
          pending={requestChanges.pending}
          onClick={() => {
            setLast('requestChanges');
            void requestChanges.run({ versionId: version.id, summary: summary.trim() || null });
          }}
        >
          {t('decision.requestChanges')}
        </CapabilityButton>
      </div>
      <div className="decision">
        <CapabilityButton
          capability={can.approve}
          hideReasons={Boolean(shared)}
          kind="primary"
          pending={approve.pending}
          pendingLabel={t('decision.approving')}
          onClick={() => {
            setLast('approve');
            void approve.run({ versionId: version.id });
          }}
        >
          {t('decision.approve')}
        </CapabilityButton>
      </div>
      <div className="decision">
        {!rejecting ? (
          <CapabilityButton capability={can.reject} hideReasons={Boolean(shared)} kind="danger" onClick={() => setRejecting(true)}>
            {t('decision.rejectOpen')}
          </CapabilityButton>
        ) : (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!reason.trim() || reject.pending) return;
              setLast('reject');
              void reject.run({ versionId: version.id, reason: reason.trim() });
            }}
          >
            <label>
              {t('decision.rejectWhy')}
              <textarea rows={2} required value={reason} onChange={(event) => setReason(event.target.value)} autoFocus />
            </label>
            <div className="button-row">
              <button type="submit" className="danger" aria-disabled={!reason.trim() || reject.pending || undefined}>
                {reject.pending ? t('decision.rejecting') : t('decision.reject')}
              </button>
              <button type="button" className="secondary" onClick={() => setRejecting(false)}>
                {t('decision.cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
      {last === 'claim' && (!claim.outcome?.ok || current('claim')) && <ActionFeedback outcome={claim.outcome} success={t('decision.claimed')} />}
      {last === 'requestChanges' && (!requestChanges.outcome?.ok || current('requestChanges')) && (
        <ActionFeedback outcome={requestChanges.outcome} success={t('decision.changesRequested')} />
      )}
      {last === 'approve' && (!approve.outcome?.ok || current('approve')) && <ActionFeedback outcome={approve.outcome} success={t('decision.approved')} />}
      {last === 'reject' && (!reject.outcome?.ok || current('reject')) && <ActionFeedback outcome={reject.outcome} success={t('decision.rejected')} />}
    </div>
  );
}
