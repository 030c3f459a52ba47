import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { QueryState } from '../components/query-state';
import { formatDuration } from '../lib/format';
import { currentLocale } from '../i18n';

const OperationsPage_StatusQuery = graphql(`
  query OperationsPage_StatusQuery {
    operationsStatus {
      sampledAt
      connections
      connectedUsers
      liveSubscriptions
      eventsDelivered
      deliveryLagEvents
      catchUpSubscriptions
      catchUpBacklogEvents
      queueWaiting
      oldestWaitingSeconds
      medianReviewSeconds
      roundsPerApproval
      webhooksPending
      webhooksFailed
      webhookAttemptsFailed
      operationsLastMinute
      errorsLastMinute
      errorsByCode {
        code
        count
      }
    }
  }
`);

/** How often the figures are read again: about as often as Prometheus would scrape them. */
const REFRESH_MS = 3_000;

/** A number, or a dash when the server could not read it (the database was unavailable). */
const count = (value: number | null | undefined) => (value == null ? '—' : value.toLocaleString(currentLocale()));

/**
 * The operations page (admins): who is connected, how far live delivery lags, how the queue and
 * the webhooks are doing and how often operations fail — the same numbers `/metrics` exposes,
 * read again every few seconds.
 */
export function OperationsPage() {
  const { t } = useTranslation('admin');
  const [{ data, fetching, error }, reexecute] = useQuery({ query: OperationsPage_StatusQuery, requestPolicy: 'network-only' });
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reexecute]);
  const status = data?.operationsStatus;
  const errorShare = status && status.operationsLastMinute > 0 ? (100 * status.errorsLastMinute) / status.operationsLastMinute : null;

  return (
    <section aria-labelledby="operations-title">
      <div className="page-head">
        <div>
          <h1 id="operations-title">{t('operations.title')}</h1>
          <p className="muted">
            {status
              ? t('operations.introReadAt', { seconds: REFRESH_MS / 1000, time: new Date(status.sampledAt as string).toLocaleTimeString(currentLocale()) })
              : t('operations.intro', { seconds: REFRESH_MS / 1000 })}{' '}
            <Trans t={t} i18nKey="operations.prometheus" components={{ 1: <code /> }} />
          </p>
        </div>
      </div>
      <QueryState fetching={fetching} error={error} hasData={Boolean(status)} what={t('operations.what')} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      {status && (
        <div className="ops-grid">
          <article className="card" aria-labelledby="ops-live">
            <h2 id="ops-live">{t('operations.live')}</h2>
            <dl className="ops-figures">
              <Figure label={t('operations.connectedUsers')} value={count(status.connectedUsers)} testId="ops-connected-users" />
              <Figure label={t('operations.connections')} value={count(status.connections)} testId="ops-connections" />
              <Figure label={t('operations.liveSubscriptions')} value={count(status.liveSubscriptions)} />
              <Figure label={t('operations.eventsDelivered')} value={count(status.eventsDelivered)} />
            </dl>
          </article>
          <article className="card" aria-labelledby="ops-delivery">
            <h2 id="ops-delivery">{t('operations.delivery')}</h2>
            <dl className="ops-figures">
              <Figure
                label={t('operations.deliveryLag')}
                value={count(status.deliveryLagEvents)}
                tone={status.deliveryLagEvents ? 'warn' : 'ok'}
                testId="ops-delivery-lag"
              />
              <Figure label={t('operations.catchingUp')} value={count(status.catchUpSubscriptions)} />
              <Figure label={t('operations.catchUpBacklog')} value={count(status.catchUpBacklogEvents)} />
              <Figure label={t('operations.webhooksPending')} value={count(status.webhooksPending)} />
              <Figure
                label={t('operations.webhooksFailed')}
                value={count(status.webhooksFailed)}
                tone={status.webhooksFailed ? 'bad' : 'ok'}
                {...(status.webhookAttemptsFailed == null ? {} : { hint: t('operations.failedAttempts', { count: status.webhookAttemptsFailed }) })}
              />
            </dl>
          </article>
          <article className="card" aria-labelledby="ops-queue">
            <h2 id="ops-queue">{t('operations.queue')}</h2>
            <dl className="ops-figures">
              <Figure label={t('operations.waiting')} value={count(status.queueWaiting)} testId="ops-queue-waiting" />
              <Figure label={t('operations.oldestWaiting')} value={status.queueWaiting === 0 ? t('operations.noneWaits') : formatDuration(status.oldestWaitingSeconds)} />
              <Figure label={t('operations.medianReview')} value={formatDuration(status.medianReviewSeconds)} hint={t('operations.medianHint')} />
              <Figure
                label={t('operations.roundsPerApproval')}
                value={status.roundsPerApproval == null ? '—' : status.roundsPerApproval.toLocaleString(currentLocale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 })}
                hint={t('operations.roundsHint')}
              />
            </dl>
          </article>
          <article className="card" aria-labelledby="ops-errors">
            <h2 id="ops-errors">{t('operations.errors')}</h2>
            <dl className="ops-figures">
              <Figure label={t('operations.operationsLastMinute')} value={count(status.operationsLastMinute)} />
              <Figure
                label={t('operations.failedLastMinute')}
                value={`${count(status.errorsLastMinute)}${errorShare === null ? '' : ` (${errorShare.toLocaleString(currentLocale(), { maximumFractionDigits: errorShare < 10 ? 1 : 0, minimumFractionDigits: errorShare < 10 ? 1 : 0 })} %)`}`}
                tone={status.errorsLastMinute ? 'warn' : 'ok'}
              />
            </dl>
            {status.errorsByCode.length > 0 ? (
              <table className="table ops-codes">
                <caption className="muted small">{t('operations.codesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('operations.code')}</th>
                    <th scope="col">{t('operations.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.errorsByCode.map((row) => (
                    <tr key={row.code}>
                      <td data-label={t('operations.code')}>
                        <code>{row.code}</code>
                      </td>
                      <td data-label={t('operations.count')}>{count(row.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted small">{t('operations.noFailures')}</p>
            )}
          </article>
        </div>
      )}
    </section>
  );
}

function Figure(props: { label: string; value: string; hint?: string; tone?: 'ok' | 'warn' | 'bad'; testId?: string }) {
  return (
    <div className={`ops-figure${props.tone ? ` ops-${props.tone}` : ''}`}>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
      {props.hint && <dd className="muted small">{props.hint}</dd>}
    </div>
  );
}
