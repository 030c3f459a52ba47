import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { anchorLabel } from '../lib/anchors';
import { formatDateTime } from '../lib/format';

export const ReviewSummary_VersionFragment = graphql(`
  fragment ReviewSummary_Version on AppVersion {
    id
    status
    rounds {
      number
      outcome
      decisionNote
      endedAt
    }
    checklist {
      key
      label
      verdict
      verdictComment
    }
    threads {
      id
      title
      status
      blocking
      anchor
      anchorKey
    }
  }
`);

/** The thread about a checklist item, an open one first: where a failed item's discussion is. */
export function threadOfItem<T extends { anchor: string; anchorKey?: string | null; status: string }>(threads: readonly T[], key: string): T | undefined {
  const about = threads.filter((thread) => thread.anchor === 'CHECKLIST_ITEM' && thread.anchorKey === key);
  return about.find((thread) => thread.status === 'OPEN') ?? about[0];
}

/**
 * What the partner must act on, at the top of the version page: the reviewer's change-request
 * summary (or the rejection's reason), the failed checklist items (each linking to its thread),
 * and the open threads. Nothing when there is nothing to act on.
 */
export function ReviewSummary(props: { version: FragmentType<typeof ReviewSummary_VersionFragment> }) {
  const { t } = useTranslation('review');
  const version = getFragmentData(ReviewSummary_VersionFragment, props.version);
  const lastRound = [...version.rounds].sort((a, b) => b.number - a.number)[0];
  const decided = lastRound?.endedAt && (lastRound.outcome === 'CHANGES_REQUESTED' || lastRound.outcome === 'REJECTED') ? lastRound : null;
  const current = version.status === 'CHANGES_REQUESTED' || version.status === 'REJECTED';
  const failed = version.checklist.filter((item) => item.verdict === 'FAIL');
  const open = version.threads.filter((thread) => thread.status === 'OPEN');
  const labels = Object.fromEntries(version.checklist.map((item) => [item.key, item.label]));
  if (!(current && decided) && failed.length === 0 && open.length === 0) return null;

  return (
    <section className="card review-summary" aria-labelledby="review-summary-title">
      <h2 id="review-summary-title">{version.status === 'REJECTED' ? t('summary.rejected') : current ? t('summary.changesRequested') : t('summary.openFeedback')}</h2>
      {current && decided && (
        <div className="summary-note">
          <p className="muted small">
            {t('summary.round', { number: decided.number, when: formatDateTime(decided.endedAt) })}
          </p>
          <p className="prewrap">{decided.decisionNote?.trim() || t('summary.noSummary')}</p>
        </div>
      )}
      <div className="summary-columns">
        {failed.length > 0 && (
          <div>
            <h3>{t('summary.failedItems', { count: failed.length })}</h3>
            <ul className="plain summary-list">
              {failed.map((item) => {
                const thread = threadOfItem(version.threads, item.key);
                return (
                  <li key={item.key}>
                    <a href={thread ? `#thread-${thread.id}` : `#checklist-${item.key}`}>{item.label}</a>
                    {item.verdictComment && <span className="muted"> — {item.verdictComment}</span>}
                    {thread ? (
                      <span className="tag">{thread.status === 'OPEN' ? t('summary.openThread') : t('summary.thread')}</span>
                    ) : (
                      <span className="tag muted">{t('summary.noThread')}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {open.length > 0 && (
          <div>
            <h3>{t('summary.openThreads', { count: open.length })}</h3>
            <ul className="plain summary-list">
              {open.map((thread) => (
                <li key={thread.id}>
                  <a href={`#thread-${thread.id}`}>{thread.title}</a>
                  {thread.blocking && <span className="tag warn">{t('summary.blocking')}</span>}
                  <span className="muted small"> — {anchorLabel(thread.anchor, thread.anchorKey, labels)}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
