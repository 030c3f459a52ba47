import { Trans, useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { isMinorUnits, listingFieldLabel, minorUnits, tr } from '../lib/fields';
import { formatDateTime } from '../lib/format';

export const ListingChanges_AppFragment = graphql(`
  fragment ListingChanges_App on App {
    id
    pendingListingChange {
      id
      changes
      createdAt
      updatedAt
      assignee {
        id
        name
      }
    }
    listingChanges(last: 3) {
      id
      status
      changes
      decidedAt
      decisionNote
    }
  }
`);

/** How the dashboard names a listing round's outcome, in the current language. */
export function listingChangeStatusLabel(status: string): string {
  return tr(`review:listingChanges.status.${status}`, { defaultValue: status });
}

function shown(field: string, value: unknown): string {
  if (typeof value === 'number' && isMinorUnits(field.split('.')[0] ?? field)) return minorUnits(value);
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ') || '—';
  const text = String(value);
  if (text.startsWith('<svg')) return tr('review:listingChanges.svgLogo');
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** A listing round's `{ field: { old, new } }` as a short list of "field: old → new". */
export function ChangeList(props: { changes: unknown }) {
  const { t } = useTranslation('review');
  const entries = Object.entries((props.changes ?? {}) as Record<string, { old?: unknown; new?: unknown }>);
  if (entries.length === 0) return <p className="muted small">{t('listingChanges.noChange')}</p>;
  return (
    <ul className="plain change-list">
      {entries.map(([field, change]) => (
        <li key={field}>
          <strong>{listingFieldLabel(field)}</strong>: <s className="muted">{shown(field, change.old)}</s> → <span>{shown(field, change.new)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A live app's listing rounds as its partner (and staff) see them: the edit waiting for review
 * (the catalog still shows the live listing) and the outcome of the last ones.
 */
export function ListingChangesPanel(props: { app: FragmentType<typeof ListingChanges_AppFragment> }) {
  const { t } = useTranslation('review');
  const app = getFragmentData(ListingChanges_AppFragment, props.app);
  const pending = app.pendingListingChange;
  const decided = app.listingChanges.filter((change) => change.status !== 'PENDING');
  if (!pending && decided.length === 0) return null;
  return (
    <section className="card" aria-labelledby="listing-rounds-title">
      <h2 id="listing-rounds-title">{t('listingChanges.title')}</h2>
      {pending ? (
        <div className="feedback warn" role="status">
          <p>
            <Trans
              t={t}
              i18nKey={pending.assignee ? 'listingChanges.waitingWith' : 'listingChanges.waitingUnclaimed'}
              values={{ when: formatDateTime(pending.createdAt as string), name: pending.assignee?.name }}
              components={{ 1: <strong /> }}
            />
          </p>
          <ChangeList changes={pending.changes} />
        </div>
      ) : (
        <p className="muted">{t('listingChanges.noneWaiting')}</p>
      )}
      {decided.length > 0 && (
        <>
          <h3>{t('listingChanges.recent')}</h3>
          <ul className="plain">
            {decided.map((change) => (
              <li key={change.id}>
                <span className={`badge listing-change-${change.status.toLowerCase()}`}>{listingChangeStatusLabel(change.status)}</span>{' '}
                {formatDateTime(change.decidedAt as string)}
                {change.decisionNote && <> · “{change.decisionNote}”</>}
                <ChangeList changes={change.changes} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
