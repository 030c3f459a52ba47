import { type FormEvent, useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { failureSentence, typedErrorMessage, type TransportErrorLike } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { currentLocale } from '../i18n/index.js';
import { useViewer } from '../viewer';

const WebhooksPage_PartnerQuery = graphql(`
  query WebhooksPage_PartnerQuery($id: ID!, $first: Int!) {
    node(id: $id) {
      id
      ... on Partner {
        name
        webhookEndpoint {
          url
          previousSecretExpiresAt
          updatedAt
        }
        webhookDeliveries(first: $first) {
          pageInfo {
            hasNextPage
          }
          edges {
            node {
              id
              webhookId
              type
              status
              failedAttempts
              nextAttemptAt
              deliveredAt
              createdAt
              attempts {
                attemptedAt
                statusCode
                error
                succeeded
              }
            }
          }
        }
      }
    }
  }
`);

const WebhooksPage_SetEndpointMutation = graphql(`
  mutation WebhooksPage_SetEndpointMutation($partnerId: ID!, $url: String!) {
    setWebhookEndpoint(partnerId: $partnerId, url: $url) {
      __typename
      ... on MutationSetWebhookEndpointSuccess {
        data {
          url
          secret
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        problems {
          message
        }
      }
      ... on ActionRefused {
        reasons {
          message
        }
      }
    }
  }
`);

const WebhooksPage_RemoveEndpointMutation = graphql(`
  mutation WebhooksPage_RemoveEndpointMutation($partnerId: ID!) {
    removeWebhookEndpoint(partnerId: $partnerId) {
      __typename
      ... on Error {
        message
      }
      ... on ActionRefused {
        reasons {
          message
        }
      }
    }
  }
`);

const WebhooksPage_RotateSecretMutation = graphql(`
  mutation WebhooksPage_RotateSecretMutation($partnerId: ID!) {
    rotateWebhookSecret(partnerId: $partnerId) {
      __typename
      ... on MutationRotateWebhookSecretSuccess {
        data {
          secret
          previousSecretExpiresAt
        }
      }
      ... on Error {
        message
      }
      ... on ActionRefused {
        reasons {
          message
        }
      }
    }
  }
`);

const WebhooksPage_RedeliverMutation = graphql(`
  mutation WebhooksPage_RedeliverMutation($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      __typename
      ... on Error {
        message
      }
      ... on ActionRefused {
        reasons {
          message
        }
      }
    }
  }
`);

/** Deliveries shown at first, and added by each "Load more". */
const PAGE = 20;
/** While a delivery is pending, the page looks again this often (attempts happen on the server). */
const PENDING_REFRESH_MS = 2_000;

type Payload = { __typename?: string; message?: string; problems?: { message: string }[]; reasons?: { message: string }[] };

/** A mutation's typed error (with its details) or transport failure as one sentence; null on success. */
function failureOf(payload: Payload | undefined, error: TransportErrorLike | undefined): string | null {
  if (error && !payload) return failureSentence(error);
  if (!payload || payload.__typename?.endsWith('Success')) return null;
  const details = [...(payload.reasons ?? []), ...(payload.problems ?? [])].map((d) => d.message);
  return [typedErrorMessage(payload), ...details].join(' ');
}

/** The partner's webhooks: its endpoint and signing secret (owners change them), and every delivery with its attempts. */
export function WebhooksPage() {
  const { t } = useTranslation('webhooks');
  const viewer = useViewer();
  const memberships = viewer?.memberships ?? [];
  return (
    <section aria-labelledby="webhooks-title" className="webhooks-page">
      <h1 id="webhooks-title">{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {memberships.length === 0 && <p className="empty">{t('noPartner')}</p>}
      {memberships.map((m) => (
        <PartnerWebhooks key={m.partner.id} partnerId={m.partner.id} owner={m.role === 'OWNER'} />
      ))}
    </section>
  );
}

function PartnerWebhooks(props: { partnerId: string; owner: boolean }) {
  const { t } = useTranslation('webhooks');
  const [first, setFirst] = useState(PAGE);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: WebhooksPage_PartnerQuery,
    variables: { id: props.partnerId, first },
    requestPolicy: 'cache-and-network',
  });
  const [, setEndpoint] = useMutation(WebhooksPage_SetEndpointMutation);
  const [, removeEndpoint] = useMutation(WebhooksPage_RemoveEndpointMutation);
  const [, rotate] = useMutation(WebhooksPage_RotateSecretMutation);
  const [, redeliver] = useMutation(WebhooksPage_RedeliverMutation);
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** A secret just issued: shown this once, until the page is left. */
  const [secret, setSecret] = useState<{ value: string; rotated: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const partner = data?.node?.__typename === 'Partner' ? data.node : null;
  const endpoint = partner?.webhookEndpoint ?? null;
  const deliveries = partner?.webhookDeliveries.edges.map((e) => e.node) ?? [];
  const pending = deliveries.some((d) => d.status === 'PENDING');
  const reload = () => refetch({ requestPolicy: 'network-only' });

  // Attempts happen on the server: while one is due, look again now and then.
  useEffect(() => {
    if (!pending || fetching) return;
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [pending, fetching, refetch, data]);

  /** Runs a change; shows the refusal it answers, if any, and reloads. */
  async function act(run: () => Promise<string | null>, done?: string) {
    setBusy(true);
    setMessage(null);
    setNotice(null);
    const failure = await run();
    setBusy(false);
    setMessage(failure);
    if (!failure && done) setNotice(done);
    reload();
  }

  function submitEndpoint(event: FormEvent) {
    event.preventDefault();
    void act(async () => {
      const result = await setEndpoint({ partnerId: props.partnerId, url });
      const payload = result.data?.setWebhookEndpoint;
      const failure = failureOf(payload, result.error);
      if (!failure && payload?.__typename === 'MutationSetWebhookEndpointSuccess') {
        setUrl('');
        // Only the first endpoint gets a new secret; changing the URL keeps it.
        if (!endpoint && payload.data.secret) setSecret({ value: payload.data.secret, rotated: false });
      }
      return failure;
    }, endpoint ? t('endpoint.changed') : t('endpoint.added'));
  }

  const remove = () => {
    if (!window.confirm(t('endpoint.removeConfirm'))) return;
    void act(async () => {
      const result = await removeEndpoint({ partnerId: props.partnerId });
      const failure = failureOf(result.data?.removeWebhookEndpoint, result.error);
      if (!failure) setSecret(null);
      return failure;
    }, t('endpoint.removed'));
  };

  const rotateSecret = () =>
    void act(async () => {
      const result = await rotate({ partnerId: props.partnerId });
      const payload = result.data?.rotateWebhookSecret;
      const failure = failureOf(payload, result.error);
      if (!failure && payload?.__typename === 'MutationRotateWebhookSecretSuccess' && payload.data.secret) {
        setSecret({ value: payload.data.secret, rotated: true });
      }
      return failure;
    });

  const redeliverOne = (deliveryId: string) =>
    void act(async () => {
      const result = await redeliver({ deliveryId });
      return failureOf(result.data?.redeliverWebhook, result.error);
    }, t('deliveries.redelivered'));

  if (error && !partner) return <p className="feedback error">{failureSentence(error)}</p>;
  if (!partner) return <p aria-live="polite">{t('loading', { ns: 'common' })}</p>;
  return (
    <article className="card webhooks-partner" aria-label={t('partnerLabel', { partner: partner.name })}>
      <h2>{partner.name}</h2>
      {message && (
        <p className="feedback error" role="alert">
          {message}
        </p>
      )}
      {notice && (
        <p className="feedback" role="status">
          {notice}
        </p>
      )}

      <section aria-labelledby={`endpoint-${props.partnerId}`}>
        <h3 id={`endpoint-${props.partnerId}`}>{t('endpoint.title')}</h3>
        {endpoint ? (
          <>
            <p>
              <Trans t={t} i18nKey="endpoint.current" values={{ url: endpoint.url }} components={{ 1: <code className="webhook-url" style={{ overflowWrap: 'anywhere' }} /> }} />
            </p>
            <p className="muted">
              {endpoint.previousSecretExpiresAt && new Date(endpoint.previousSecretExpiresAt) > new Date()
                ? t('endpoint.overlap', { until: formatDateTime(endpoint.previousSecretExpiresAt) })
                : t('endpoint.oneSecret')}
            </p>
          </>
        ) : (
          <p className="empty">{t('endpoint.none')}</p>
        )}
        {secret && (
          <div className="webhook-secret feedback" role="status">
            <label className="stack">
              {secret.rotated ? t('secret.newRotated') : t('secret.new')}
              <input readOnly value={secret.value} onFocus={(e) => e.currentTarget.select()} />
            </label>
            <p>{secret.rotated ? t('secret.rotatedHint') : t('secret.hint')}</p>
          </div>
        )}
        {props.owner ? (
          <>
            <form className="form-row" onSubmit={submitEndpoint}>
              <label className="grow">
                {endpoint ? t('endpoint.newUrl') : t('endpoint.url')}
                <input
                  type="url"
                  required
                  inputMode="url"
                  placeholder="https://example.com/webhooks"
                  value={url}
                  onChange={(e) => setUrl(e.target.value)}
                />
              </label>
              <button type="submit" className="primary" disabled={busy}>
                {endpoint ? t('endpoint.change') : t('endpoint.add')}
              </button>
            </form>
            {endpoint && (
              <div className="form-row">
                <button type="button" onClick={rotateSecret} disabled={busy}>
                  {t('secret.rotate')}
                </button>
                <button type="button" className="danger" onClick={remove} disabled={busy}>
                  {t('endpoint.remove')}
                </button>
              </div>
            )}
          </>
        ) : (
          <p className="muted">{t('endpoint.ownersOnly')}</p>
        )}
      </section>

      <section aria-labelledby={`deliveries-${props.partnerId}`}>
        <h3 id={`deliveries-${props.partnerId}`}>{t('deliveries.title')}</h3>
        {deliveries.length === 0 ? (
          <p className="empty">{t('deliveries.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table webhook-deliveries">
              <caption className="sr-only">{t('deliveries.caption', { partner: partner.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deliveries.event')}</th>
                  <th scope="col">{t('deliveries.created')}</th>
                  <th scope="col">{t('deliveries.status')}</th>
                  <th scope="col">{t('deliveries.attempts')}</th>
                  <th scope="col">{t('deliveries.lastResponse')}</th>
                  <th scope="col">{t('deliveries.nextRetry')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('deliveries.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => {
                  const last = d.attempts.at(-1);
                  return (
                    <tr key={d.id} aria-label={t('deliveries.rowLabel', { type: d.type, id: d.webhookId })}>
                      <td data-label={t('deliveries.event')}>
                        <code>{d.type}</code>
                        <div className="muted small">
                          <code>{d.webhookId}</code>
                        </div>
                      </td>
                      <td data-label={t('deliveries.created')}>{formatDateTime(d.createdAt)}</td>
                      <td data-label={t('deliveries.status')}>
                        <span className={`badge delivery-${d.status.toLowerCase()}`}>{t(`status.${d.status}`)}</span>
                      </td>
                      <td data-label={t('deliveries.attempts')}>
                        {d.attempts.length === 0 ? (
                          t('deliveries.noAttempts')
                        ) : (
                          <details>
                            <summary>{t('deliveries.attemptCount', { count: d.attempts.length })}</summary>
                            <ol className="webhook-attempts">
                              {d.attempts.map((a, i) => (
                                <li key={i}>
                                  {t('deliveries.attemptLine', { at: attemptTime(a.attemptedAt), outcome: outcomeOf(a, t) })}
                                </li>
                              ))}
                            </ol>
                          </details>
                        )}
                      </td>
                      <td data-label={t('deliveries.lastResponse')}>{last ? outcomeOf(last, t) : '—'}</td>
                      <td data-label={t('deliveries.nextRetry')}>
                        {d.status === 'PENDING' ? formatDateTime(d.nextAttemptAt) : d.deliveredAt ? t('deliveries.deliveredAt', { at: formatDateTime(d.deliveredAt) }) : '—'}
                      </td>
                      <td data-label={t('deliveries.actions')}>
                        <button
                          type="button"
                          onClick={() => redeliverOne(d.id)}
                          disabled={busy}
                          aria-label={t('deliveries.redeliverLabel', { type: d.type, id: d.webhookId })}
                        >
                          {t('deliveries.redeliver')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div className="form-row">
          <button type="button" onClick={reload} disabled={fetching}>
            {t('deliveries.refresh')}
          </button>
          {partner.webhookDeliveries.pageInfo.hasNextPage && (
            <button type="button" onClick={() => setFirst((n) => n + PAGE)} disabled={fetching}>
              {t('actions.loadMore', { ns: 'common' })}
            </button>
          )}
        </div>
      </section>
    </article>
  );
}

/** When an attempt was made, to the second (retries come seconds apart), in the reader's locale. */
function attemptTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

/** What one attempt gave, for people: the status code, or why there was none. */
function outcomeOf(attempt: { statusCode?: number | null; error?: string | null }, t: TFunction<'webhooks'>): string {
  if (attempt.statusCode != null) return t('deliveries.http', { code: attempt.statusCode });
  return t('deliveries.noAnswer', { error: attempt.error ?? '' });
}
