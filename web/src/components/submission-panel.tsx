import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { groupMissing, missingItems, type Outcome } from '../lib/capabilities';
import { formatDuration } from '../lib/format';
import { label } from '../lib/labels';
import { ActionFeedback, CapabilityButton, useAction } from './action';

export const SubmissionPanel_VersionFragment = graphql(`
  fragment SubmissionPanel_Version on AppVersion {
    id
    status
    waitingOn
    waitingSeconds
    queue {
      position
      length
      estimatedWaitSeconds
      medianReviewSeconds
    }
    viewerCan {
      submit {
        allowed
        reasons {
          code
          message
          missing {
            field
            message
          }
        }
      }
      withdraw {
        allowed
        reasons {
          code
          message
        }
      }
      release {
        allowed
        reasons {
          code
          message
        }
      }
    }
  }
`);

const SubmissionPanel_SubmitMutation = graphql(`
  mutation SubmissionPanel_SubmitMutation($versionId: ID!, $autoRelease: Boolean) {
    submitVersion(versionId: $versionId, autoRelease: $autoRelease) {
      __typename
      ...ActionResult_Error
      ... on MutationSubmitVersionSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

const SubmissionPanel_WithdrawMutation = graphql(`
  mutation SubmissionPanel_WithdrawMutation($versionId: ID!) {
    withdrawVersion(versionId: $versionId) {
      __typename
      ...ActionResult_Error
      ... on MutationWithdrawVersionSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

const SubmissionPanel_ReleaseMutation = graphql(`
  mutation SubmissionPanel_ReleaseMutation($versionId: ID!) {
    releaseVersion(versionId: $versionId) {
      __typename
      ...ActionResult_Error
      ... on MutationReleaseVersionSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

/** The part of the app a missing item belongs to, by the first segment of its path (`listing.name.ru`). */
function areaOf(field: string | undefined): 'listing' | 'manifest' | 'checklist' | 'other' {
  const head = field?.split('.')[0];
  return head === 'listing' || head === 'manifest' || head === 'checklist' ? head : 'other';
}

/**
 * Send to moderation (disabled with the exact missing items until complete), the queue position
 * and estimated wait, and withdraw / release, all from the version's capabilities.
 */
export function SubmissionPanel(props: { version: FragmentType<typeof SubmissionPanel_VersionFragment>; onChanged: () => void }) {
  const { t } = useTranslation('editor');
  const version = getFragmentData(SubmissionPanel_VersionFragment, props.version);
  const can = version.viewerCan;
  const [autoRelease, setAutoRelease] = useState(false);
  const missingId = useId();
  const submit = useAction(SubmissionPanel_SubmitMutation, (d) => d.submitVersion, props.onChanged);
  const withdraw = useAction(SubmissionPanel_WithdrawMutation, (d) => d.withdrawVersion, props.onChanged);
  const release = useAction(SubmissionPanel_ReleaseMutation, (d) => d.releaseVersion, props.onChanged);
  const groups = groupMissing(missingItems(can.submit));
  // A success says what the action did; once the version has moved on (claimed, sent back, live) it is stale.
  const current = <T extends { status: string }>(outcome: Outcome<T> | null) => (outcome?.ok && outcome.data.status !== version.status ? null : outcome);
  const otherReasons = can.submit.reasons.filter((reason) => reason.missing.length === 0);

  return (
    <div className="submission">
      {version.queue && (
        <div className="queue-box" role="status">
          <p className="queue-position">
            <Trans t={t} i18nKey="submission.position" values={{ position: version.queue.position, length: version.queue.length }} components={{ 1: <strong /> }} />
          </p>
          <p>
            {version.queue.estimatedWaitSeconds != null ? (
              <Trans t={t} i18nKey="submission.estimatedWait" values={{ wait: formatDuration(version.queue.estimatedWaitSeconds) }} components={{ 1: <strong /> }} />
            ) : (
              <Trans t={t} i18nKey="submission.estimatedWaitUnknown" components={{ 1: <strong /> }} />
            )}
          </p>
          {version.queue.medianReviewSeconds != null && (
            <p className="muted small">{t('submission.medianReview', { duration: formatDuration(version.queue.medianReviewSeconds) })}</p>
          )}
        </div>
      )}
      {version.waitingOn !== 'NONE' && (
        <p>
          <Trans t={t} i18nKey="submission.whoseTurn" values={{ turn: label('turn', version.waitingOn) }} components={{ 1: <strong /> }} />
          {/* The wait counts from the submission, so it only means something while the marketplace has the turn. */}
          {version.waitingOn === 'MARKETPLACE' && version.waitingSeconds != null && t('submission.waiting', { duration: formatDuration(version.waitingSeconds) })}
        </p>
      )}

      {(can.submit.allowed || groups.length > 0) && (
        <div className="submit-block">
          <label className="inline">
            <input type="checkbox" checked={autoRelease} onChange={(event) => setAutoRelease(event.target.checked)} disabled={!can.submit.allowed} />
            {t('submission.autoRelease')}
          </label>
          <span className="capability">
            <button
              type="button"
              className="primary"
              aria-disabled={!can.submit.allowed || submit.pending || undefined}
              aria-describedby={groups.length ? missingId : undefined}
              onClick={() => {
                if (can.submit.allowed && !submit.pending) void submit.run({ versionId: version.id, autoRelease });
              }}
            >
              {submit.pending ? t('sending') : t('submission.send')}
            </button>
          </span>
          {groups.length > 0 && (
            <div id={missingId} className="missing-box">
              <p>
                <strong>{t('submission.fillThese')}</strong>
              </p>
              {groups.map((group) => (
                <div key={group.area}>
                  <h4>{t(`submission.areas.${areaOf(group.items[0]?.field)}`)}</h4>
                  <ul>
                    {group.items.map((item) => (
                      <li key={item.field}>
                        {item.field.startsWith('checklist.') ? <a href={`#checklist-${item.field.slice('checklist.'.length)}`}>{item.message}</a> : item.message}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          )}
          {!can.submit.allowed && otherReasons.length > 0 && groups.length === 0 && (
            <p className="reasons">{otherReasons.map((reason) => reason.message).join(' · ')}</p>
          )}
        </div>
      )}
      <div className="button-row wrap">
        {(can.withdraw.allowed || version.status === 'SUBMITTED' || version.status === 'IN_REVIEW') && (
          <CapabilityButton
            capability={can.withdraw}
            kind="danger"
            pending={withdraw.pending}
            pendingLabel={t('submission.withdrawing')}
            onClick={() => {
              const question =
                version.status === 'APPROVED'
                  ? t('submission.withdrawApprovedQuestion')
                  : t('submission.withdrawQuestion');
              if (window.confirm(question)) void withdraw.run({ versionId: version.id });
            }}
          >
            {version.status === 'APPROVED' ? t('submission.withdrawApproved') : t('submission.withdraw')}
          </CapabilityButton>
        )}
        {(can.release.allowed || version.status === 'APPROVED') && (
          <CapabilityButton capability={can.release} kind="primary" pending={release.pending} pendingLabel={t('submission.releasing')} onClick={() => void release.run({ versionId: version.id })}>
            {t('submission.release')}
          </CapabilityButton>
        )}
      </div>
      <ActionFeedback outcome={current(submit.outcome)} success={t('submission.sent')} />
      <ActionFeedback outcome={current(withdraw.outcome)} success={t('submission.withdrawn')} />
      <ActionFeedback outcome={current(release.outcome)} success={t('submission.live')} />
    </div>
  );
}
