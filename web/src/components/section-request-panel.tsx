import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { ActionFeedback, useAction } from './action';

export const SectionRequestPanel_RequestFragment = graphql(`
  fragment SectionRequestPanel_Request on SectionRequest {
    id
    name
    status
    decisionNote
    createdAt
    app {
      id
      code
    }
    section {
      key
      name
    }
  }
`);

const SectionRequestPanel_RequestMutation = graphql(`
  mutation SectionRequestPanel_RequestMutation($partnerId: ID!, $appId: ID, $name: String!, $reason: String!) {
    requestSection(partnerId: $partnerId, appId: $appId, name: $name, reason: $reason) {
      __typename
      ...ActionResult_Error
      ... on MutationRequestSectionSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

const OUTCOMES = ['OPEN', 'ACCEPTED', 'DECLINED'] as const;
const isOutcome = (status: string): status is (typeof OUTCOMES)[number] => (OUTCOMES as readonly string[]).includes(status);

/**
 * A partner asks the marketplace for a section its apps need, optionally for one app, and sees
 * how its requests came out.
 */
export function SectionRequestPanel(props: {
  memberships: readonly { partner: { id: string; name: string } }[];
  apps: readonly { id: string; code: string; partnerId: string }[];
  requests: readonly FragmentType<typeof SectionRequestPanel_RequestFragment>[];
  onRequested: () => void;
}) {
  const { t } = useTranslation('editor');
  const requests = props.requests.map((r) => getFragmentData(SectionRequestPanel_RequestFragment, r));
  const [partnerId, setPartnerId] = useState(props.memberships[0]?.partner.id ?? '');
  const [appId, setAppId] = useState('');
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const ask = useAction(SectionRequestPanel_RequestMutation, (d) => d.requestSection, () => {
    setName('');
    setReason('');
    setAppId('');
    props.onRequested();
  });
  const problems = ask.outcome && !ask.outcome.ok ? ask.outcome.problems : {};
  const apps = props.apps.filter((a) => a.partnerId === partnerId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ask.pending) void ask.run({ partnerId, appId: appId || null, name, reason });
  }

  return (
    <details className="card section-requests" open={requests.length > 0 || undefined}>
      <summary>{t('sectionRequest.summary')}</summary>
      <p className="muted small">{t('sectionRequest.intro')}</p>
      <form className="form-row" onSubmit={submit} noValidate>
        {props.memberships.length > 1 && (
          <label>
            {t('sectionRequest.partner')}
            <select value={partnerId} onChange={(event) => setPartnerId(event.target.value)}>
              {props.memberships.map((m) => (
                <option key={m.partner.id} value={m.partner.id}>
                  {m.partner.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('sectionRequest.name')}
          <input type="text" value={name} onChange={(event) => setName(event.target.value)} aria-invalid={Boolean(problems.name) || undefined} />
          {problems.name && <span className="field-error">{problems.name.join(' ')}</span>}
        </label>
        <label className="grow">
          {t('sectionRequest.reason')}
          <input type="text" value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={Boolean(problems.reason) || undefined} />
          {problems.reason && <span className="field-error">{problems.reason.join(' ')}</span>}
        </label>
        <label>
          {t('sectionRequest.app')}
          <select value={appId} onChange={(event) => setAppId(event.target.value)}>
            <option value="">{t('sectionRequest.noApp')}</option>
            {apps.map((app) => (
              <option key={app.id} value={app.id}>
                {app.code}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {ask.pending ? t('sending') : t('sectionRequest.send')}
        </button>
      </form>
      <ActionFeedback outcome={ask.outcome} success={t('sectionRequest.sent')} />
      {requests.length > 0 && (
        <>
          <h3>{t('sectionRequest.yours')}</h3>
          <ul className="plain">
            {requests.map((request) => (
              <li key={request.id} aria-label={t('sectionRequest.request', { name: request.name })}>
                <strong>{request.name}</strong>
                {request.app && (
                  <>
                    {' '}
                    <Trans t={t} i18nKey="sectionRequest.forApp" values={{ code: request.app.code }} components={{ 1: <code /> }} />
                  </>
                )}{' '}
                · <span className={`badge request-${request.status.toLowerCase()}`}>{isOutcome(request.status) ? t(`sectionRequest.status.${request.status}`) : request.status}</span>
                {request.status === 'ACCEPTED' && request.section && <> {t('sectionRequest.asSection', { section: request.section.name })}</>}
                {request.decisionNote && <span className="muted"> — {request.decisionNote}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
