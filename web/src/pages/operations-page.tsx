import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { QueryState } from '../components/query-state';
import { formatDuration } from '../lib/format';

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
const count = (value: number | null | undefined) => (value == null ? '—' : value.toLocaleString('en'));

/**
 * The operations page (admins): who is connected, how far live delivery lags, how the queue and
 * the webhooks are doing and how often operations fail — the same numbers `/metrics` exposes,
 * read again every few seconds.
 */
export function OperationsPage() {
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
          <h1 id="operations-title">Operations</h1>
          <p className="muted">
            This instance, refreshed every {REFRESH_MS / 1000} s
            {status && <> · read at {new Date(status.sampledAt as string).toLocaleTimeString('en-GB')}</>}. The same figures are served to Prometheus at{' '}
            <code>/metrics</code>.
          </p>
        </div>
      </div>
      <QueryState fetching={fetching} error={error} hasData={Boolean(status)} what="the operating figures" onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      {status && (
        <div className="ops-grid">
          <article className="card" aria-labelledby="ops-live">
            <h2 id="ops-live">Live connections</h2>
            <dl className="ops-figures">
              <Figure label="Connected users" value={count(status.connectedUsers)} testId="ops-connected-users" />
              <Figure label="WebSocket connections" value={count(status.connections)} testId="ops-connections" />
              <Figure label="Live subscriptions" value={count(status.liveSubscriptions)} />
              <Figure label="Events delivered" value={count(status.eventsDelivered)} />
            </dl>
          </article>
          <article className="card" aria-labelledby="ops-delivery">
            <h2 id="ops-delivery">Delivery</h2>
            <dl className="ops-figures">
              <Figure
                label="Delivery lag, events"
                value={count(status.deliveryLagEvents)}
                tone={status.deliveryLagEvents ? 'warn' : 'ok'}
                testId="ops-delivery-lag"
              />
              <Figure label="Subscriptions catching up" value={count(status.catchUpSubscriptions)} />
              <Figure label="Events waiting behind catch-ups" value={count(status.catchUpBacklogEvents)} />
              <Figure label="Webhooks pending" value={count(status.webhooksPending)} />
              <Figure
                label="Webhooks given up"
                value={count(status.webhooksFailed)}
                tone={status.webhooksFailed ? 'bad' : 'ok'}
                hint={`${count(status.webhookAttemptsFailed)} failed attempts since start`}
              />
            </dl>
          </article>
          <article className="card" aria-labelledby="ops-queue">
            <h2 id="ops-queue">Moderation queue</h2>
            <dl className="ops-figures">
              <Figure label="Waiting" value={count(status.queueWaiting)} testId="ops-queue-waiting" />
              <Figure label="Oldest waiting" value={status.queueWaiting === 0 ? 'none waits' : formatDuration(status.oldestWaitingSeconds)} />
              <Figure label="Median review time" value={formatDuration(status.medianReviewSeconds)} hint="rounds decided in the last day" />
              <Figure
                label="Rounds per approval"
                value={status.roundsPerApproval == null ? '—' : status.roundsPerApproval.toFixed(1)}
                hint="approvals of the last 30 days"
              />
            </dl>
          </article>
          <article className="card" aria-labelledby="ops-errors">
            <h2 id="ops-errors">Errors</h2>
            <dl className="ops-figures">
              <Figure label="Operations, last minute" value={count(status.operationsLastMinute)} />
              <Figure
                label="Failed, last minute"
                value={`${count(status.errorsLastMinute)}${errorShare === null ? '' : ` (${errorShare.toFixed(errorShare < 10 ? 1 : 0)} %)`}`}
                tone={status.errorsLastMinute ? 'warn' : 'ok'}
              />
            </dl>
            {status.errorsByCode.length > 0 ? (
              <table className="table ops-codes">
                <caption className="muted small">Failed operations since start, by code</caption>
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Count</th>
                  </tr>
                </thead>
                <tbody>
                  {status.errorsByCode.map((row) => (
                    <tr key={row.code}>
                      <td>
                        <code>{row.code}</code>
                      </td>
                      <td>{count(row.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted small">No operation has failed since this instance started.</p>
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
