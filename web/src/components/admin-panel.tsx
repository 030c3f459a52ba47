import { useState } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { label } from '../lib/labels';
import { ActionFeedback, CapabilityButton, useAction } from './action';

export const AdminPanel_AppFragment = graphql(`
  fragment AdminPanel_App on App {
    id
    consultation
    consultationNote
    platformState
    platformDisabledReason
    viewerCan {
      decideConsultation {
        allowed
        reasons {
          code
          message
        }
      }
      setPlatformDisabled {
        allowed
        reasons {
          code
          message
        }
      }
    }
  }
`);

const AdminPanel_DecideConsultationMutation = graphql(`
  mutation AdminPanel_DecideConsultationMutation($appId: ID!, $approve: Boolean!, $note: String) {
    decideConsultation(appId: $appId, approve: $approve, note: $note) {
      __typename
      ...ActionResult_Error
      ... on MutationDecideConsultationSuccess {
        data {
          id
          consultation
          stage
        }
      }
    }
  }
`);

const AdminPanel_SetPlatformDisabledMutation = graphql(`
  mutation AdminPanel_SetPlatformDisabledMutation($appId: ID!, $disabled: Boolean!, $reason: String) {
    setPlatformDisabled(appId: $appId, disabled: $disabled, reason: $reason) {
      __typename
      ...ActionResult_Error
      ... on MutationSetPlatformDisabledSuccess {
        data {
          id
          platformState
          platformDisabledReason
          available
        }
      }
    }
  }
`);

/** Admin controls on an app: the consultation outcome, and suspending or reinstating it. */
export function AdminPanel(props: { app: FragmentType<typeof AdminPanel_AppFragment>; onChanged: () => void }) {
  const app = getFragmentData(AdminPanel_AppFragment, props.app);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const decide = useAction(AdminPanel_DecideConsultationMutation, (d) => d.decideConsultation, props.onChanged);
  const suspend = useAction(AdminPanel_SetPlatformDisabledMutation, (d) => d.setPlatformDisabled, () => {
    setReason('');
    props.onChanged();
  });
  const suspended = app.platformState.includes('DISABLED');
  // Nothing to offer a viewer who may do neither (a reviewer): no panel of refusals.
  if (!app.viewerCan.decideConsultation.allowed && !app.viewerCan.setPlatformDisabled.allowed && !decide.outcome && !suspend.outcome) return null;

  return (
    <section className="card admin-panel" aria-labelledby="admin-title">
      <h2 id="admin-title">App administration</h2>
      <section aria-labelledby="consultation-title">
        <h3 id="consultation-title">Consultation</h3>
        <p>
          Status: <strong>{label('consultation', app.consultation)}</strong>
          {app.consultationNote && <> — {app.consultationNote}</>}
        </p>
        {app.viewerCan.decideConsultation.allowed ? (
          <div className="stack">
            <label>
              Note for the partner (optional)
              <textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
            </label>
            <div className="button-row">
              <CapabilityButton capability={app.viewerCan.decideConsultation} kind="primary" pending={decide.pending} onClick={() => void decide.run({ appId: app.id, approve: true, note: note.trim() || null })}>
                Approve: start development
              </CapabilityButton>
              <CapabilityButton capability={app.viewerCan.decideConsultation} kind="danger" pending={decide.pending} onClick={() => void decide.run({ appId: app.id, approve: false, note: note.trim() || null })}>
                Decline for good
              </CapabilityButton>
            </div>
          </div>
        ) : (
          <CapabilityButton capability={app.viewerCan.decideConsultation} onClick={() => {}}>
            Decide consultation
          </CapabilityButton>
        )}
        <ActionFeedback outcome={decide.outcome} success="Consultation decided." />
      </section>
      <section aria-labelledby="suspension-title">
        <h3 id="suspension-title">Suspension</h3>
        {suspended ? (
          <>
            <p>
              <strong>Suspended</strong>
              {app.platformDisabledReason && <>: {app.platformDisabledReason}</>}
            </p>
            <CapabilityButton capability={app.viewerCan.setPlatformDisabled} kind="primary" pending={suspend.pending} onClick={() => void suspend.run({ appId: app.id, disabled: false, reason: null })}>
              Reinstate the app
            </CapabilityButton>
          </>
        ) : (
          <form
            className="stack"
            onSubmit={(event) => {
              event.preventDefault();
              if (reason.trim() && app.viewerCan.setPlatformDisabled.allowed) void suspend.run({ appId: app.id, disabled: true, reason: reason.trim() });
            }}
          >
            {app.viewerCan.setPlatformDisabled.allowed && (
              <label>
                Reason (shown to the partner)
                <textarea rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
              </label>
            )}
            <CapabilityButton
              capability={reason.trim() || !app.viewerCan.setPlatformDisabled.allowed ? app.viewerCan.setPlatformDisabled : { allowed: false, reasons: [{ message: 'Give the reason first' }] }}
              kind="danger"
              pending={suspend.pending}
              onClick={() => void suspend.run({ appId: app.id, disabled: true, reason: reason.trim() })}
            >
              Suspend the app
            </CapabilityButton>
          </form>
        )}
        <ActionFeedback outcome={suspend.outcome} success={suspended ? 'Suspended.' : 'Reinstated.'} />
      </section>
    </section>
  );
}
