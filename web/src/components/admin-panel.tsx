import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('admin');
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
      <h2 id="admin-title">{t('panel.title')}</h2>
      <section aria-labelledby="consultation-title">
        <h3 id="consultation-title">{t('panel.consultation')}</h3>
        <p>
          <Trans t={t} i18nKey="panel.consultationStatus" values={{ status: label('consultation', app.consultation) }} components={{ 1: <strong /> }} />
          {app.consultationNote && <> — {app.consultationNote}</>}
        </p>
        {app.viewerCan.decideConsultation.allowed ? (
          <div className="stack">
            <label>
              {t('panel.note')}
              <textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
            </label>
            <div className="button-row">
              <CapabilityButton capability={app.viewerCan.decideConsultation} kind="primary" pending={decide.pending} onClick={() => void decide.run({ appId: app.id, approve: true, note: note.trim() || null })}>
                {t('panel.approve')}
              </CapabilityButton>
              <CapabilityButton capability={app.viewerCan.decideConsultation} kind="danger" pending={decide.pending} onClick={() => void decide.run({ appId: app.id, approve: false, note: note.trim() || null })}>
                {t('panel.decline')}
              </CapabilityButton>
            </div>
          </div>
        ) : (
          <CapabilityButton capability={app.viewerCan.decideConsultation} onClick={() => {}}>
            {t('panel.decide')}
          </CapabilityButton>
        )}
        <ActionFeedback outcome={decide.outcome} success={t('panel.decided')} />
      </section>
      <section aria-labelledby="suspension-title">
        <h3 id="suspension-title">{t('panel.suspension')}</h3>
        {suspended ? (
          <>
            <p>
              <strong>{t('panel.suspended')}</strong>
              {app.platformDisabledReason && <>: {app.platformDisabledReason}</>}
            </p>
            <CapabilityButton capability={app.viewerCan.setPlatformDisabled} kind="primary" pending={suspend.pending} onClick={() => void suspend.run({ appId: app.id, disabled: false, reason: null })}>
              {t('panel.reinstate')}
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
                {t('panel.reason')}
                <textarea rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
              </label>
            )}
            <CapabilityButton
              capability={reason.trim() || !app.viewerCan.setPlatformDisabled.allowed ? app.viewerCan.setPlatformDisabled : { allowed: false, reasons: [{ message: t('panel.giveReasonFirst') }] }}
              kind="danger"
              pending={suspend.pending}
              onClick={() => void suspend.run({ appId: app.id, disabled: true, reason: reason.trim() })}
            >
              {t('panel.suspend')}
            </CapabilityButton>
          </form>
        )}
        <ActionFeedback outcome={suspend.outcome} success={suspended ? t('panel.suspendedDone') : t('panel.reinstated')} />
      </section>
    </section>
  );
}
