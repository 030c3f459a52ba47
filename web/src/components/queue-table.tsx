import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { reasonSentence, type ReasonTextLike } from '../lib/errors';
import { formatDuration } from '../lib/format';
import type { AgeLevel } from '../lib/queue-view';

/**
 * The markup the queue's tables share (submissions, consultation requests, listing changes): the
 * table with its hidden caption and headings, and the cells every kind of item has. Each cell
 * carries its column's name as `data-label`, which a phone shows above the cell's content.
 */
export function QueueTable(props: { caption: string; columns: readonly string[]; before?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation('queue');
  return (
    <div className="table-wrap">
      <table className="table queue-table">
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.before}
            {props.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">{t('columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The app's name as a link, its code and its partner; `children` adds lines under them. */
export function AppCell(props: {
  href: string;
  app: { code: string; listing?: { name: string } | null; partner: { name: string } };
  /** The row's place for the queue's keys (`data-queue-row`). */
  rowIndex?: number;
  children?: ReactNode;
}) {
  const { t } = useTranslation('queue');
  return (
    <td data-label={t('columns.app')}>
      <Link href={props.href} data-queue-row={props.rowIndex}>
        {props.app.listing?.name || props.app.code}
      </Link>
      <div className="muted small">
        <code>{props.app.code}</code> · {props.app.partner.name}
      </div>
      {props.children}
    </td>
  );
}

/** How long the item has waited, with its standing against the target when it is near or past it. */
export function WaitingCell(props: { seconds: number | null | undefined; age?: AgeLevel }) {
  const { t } = useTranslation('queue');
  const age = props.age ?? 'normal';
  return (
    <td data-label={t('columns.waiting')}>
      <span className={`age age-${age}`}>
        {formatDuration(props.seconds)}
        {age !== 'normal' && <span className="age-tag">{t(`age.${age}`)}</span>}
      </span>
    </td>
  );
}

/** Who has the item: the viewer ("Me"), another staff member, or nobody yet. */
export function AssigneeCell(props: { assignee: { id: string; name: string } | null | undefined; viewerId: string | undefined }) {
  const { t } = useTranslation('queue');
  const { assignee } = props;
  return (
    <td data-label={t('columns.assignee')}>
      {assignee ? assignee.id === props.viewerId ? t('who.me') : assignee.name : <span className="muted">{t('who.unassigned')}</span>}
    </td>
  );
}

/** Why the viewer cannot claim the item: the API's first reason, every reason on hover. */
export function CannotClaim(props: { reasons: readonly ReasonTextLike[] }) {
  const { t } = useTranslation('queue');
  const sentences = props.reasons.map(reasonSentence);
  return (
    <span className="muted small" title={sentences.join('\n') || undefined}>
      {sentences[0] ?? t('row.cannotClaim')}
    </span>
  );
}
