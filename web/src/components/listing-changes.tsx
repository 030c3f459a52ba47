import { type FragmentType, getFragmentData, graphql } from '../gql';
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

/** How the dashboard names a listing round's outcome. */
export const LISTING_CHANGE_STATUS_LABELS: Record<string, string> = {
  PENDING: 'Waiting for review',
  APPROVED: 'Approved and live',
  SENT_BACK: 'Sent back',
  DECLINED: 'Declined',
};

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  installationGuide: 'Installation guide',
  section: 'Section',
  countries: 'Countries',
  logoSvg: 'Logo',
  priceMinor: 'Price (minor units)',
  discountedPriceMinor: 'Discounted price (minor units)',
  trialDays: 'Trial days',
  currency: 'Currency',
  supportUrl: 'Support URL',
  documentationUrl: 'Documentation URL',
};

/** A changed field's name as people read it: `name.ru` → "Name (ru)". */
function fieldLabel(field: string): string {
  const [base = field, locale] = field.split('.');
  const name = FIELD_LABELS[base] ?? base;
  return locale ? `${name} (${locale})` : name;
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ') || '—';
  const text = String(value);
  if (text.startsWith('<svg')) return 'an SVG logo';
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** A listing round's `{ field: { old, new } }` as a short list of "field: old → new". */
export function ChangeList(props: { changes: unknown }) {
  const entries = Object.entries((props.changes ?? {}) as Record<string, { old?: unknown; new?: unknown }>);
  if (entries.length === 0) return <p className="muted small">No change.</p>;
  return (
    <ul className="plain change-list">
      {entries.map(([field, change]) => (
        <li key={field}>
          <strong>{fieldLabel(field)}</strong>: <s className="muted">{shown(change.old)}</s> → <span>{shown(change.new)}</span>
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
  const app = getFragmentData(ListingChanges_AppFragment, props.app);
  const pending = app.pendingListingChange;
  const decided = app.listingChanges.filter((change) => change.status !== 'PENDING');
  if (!pending && decided.length === 0) return null;
  return (
    <section className="card" aria-labelledby="listing-rounds-title">
      <h2 id="listing-rounds-title">Listing changes under review</h2>
      {pending ? (
        <div className="feedback warn" role="status">
          <p>
            <strong>Waiting for marketplace review</strong> since {formatDateTime(pending.createdAt as string)}
            {pending.assignee ? `, with ${pending.assignee.name}` : ', not claimed yet'}. The catalog shows the live listing until it is approved;
            further saves are added to this change.
          </p>
          <ChangeList changes={pending.changes} />
        </div>
      ) : (
        <p className="muted">No listing change is waiting.</p>
      )}
      {decided.length > 0 && (
        <>
          <h3>Recent outcomes</h3>
          <ul className="plain">
            {decided.map((change) => (
              <li key={change.id}>
                <span className={`badge listing-change-${change.status.toLowerCase()}`}>{LISTING_CHANGE_STATUS_LABELS[change.status] ?? change.status}</span>{' '}
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
