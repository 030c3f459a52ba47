import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { Verdict } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { label } from '../lib/labels';
import { ActionFeedback, useAction } from './action';
import { ChecklistAnswer } from './checklist-answer';
import { threadOfItem } from './review-summary';

export const ChecklistReview_VersionFragment = graphql(`
  fragment ChecklistReview_Version on AppVersion {
    id
    checklist {
      key
      label
      help
      kind
      mandatory
      answer
      verdict
      verdictComment
    }
    threads {
      id
      anchor
      anchorKey
      status
    }
    viewerCan {
      setVerdict {
        allowed
        reasons {
          code
          message
        }
      }
    }
  }
`);

const ChecklistReview_SetVerdictMutation = graphql(`
  mutation ChecklistReview_SetVerdictMutation($versionId: ID!, $key: String!, $verdict: Verdict!, $comment: String) {
    setChecklistVerdict(versionId: $versionId, key: $key, verdict: $verdict, comment: $comment) {
      __typename
      ...ActionResult_Error
      ... on MutationSetChecklistVerdictSuccess {
        data {
          key
          verdict
          verdictComment
        }
      }
    }
  }
`);

const ChecklistReview_PassRemainingMutation = graphql(`
  mutation ChecklistReview_PassRemainingMutation($versionId: ID!) {
    passRemainingChecklistItems(versionId: $versionId) {
      __typename
      ...ActionResult_Error
      ... on MutationPassRemainingChecklistItemsSuccess {
        data {
          id
          checklist {
            key
            verdict
            verdictComment
          }
        }
      }
    }
  }
`);

const VERDICTS: Verdict[] = ['PASS', 'FAIL', 'NOT_APPLICABLE'];

/**
 * The checklist with the partner's answers and one-click verdicts, and "pass the remaining items".
 * Each item is a focus target for the page's j/k keys (`data-checklist-item`), and names the
 * thread about it (`data-thread`) for the r key; focusing anything inside an item selects it.
 */
export function ChecklistReview(props: {
  version: FragmentType<typeof ChecklistReview_VersionFragment>;
  onChanged: () => void;
  /** The item the keyboard shortcuts act on (its index), and how focus inside an item selects it. */
  selected?: number | null;
  onSelect?: (index: number) => void;
}) {
  const { t } = useTranslation('review');
  const version = getFragmentData(ChecklistReview_VersionFragment, props.version);
  const refusals = refusalMessages(version.viewerCan.setVerdict);
  const remaining = version.checklist.filter((item) => !item.verdict).length;
  const passRemaining = useAction(ChecklistReview_PassRemainingMutation, (d) => d.passRemainingChecklistItems, props.onChanged);
  return (
    <div>
      {refusals.length > 0 && <p className="reasons-box">{t('checklist.readOnly', { reasons: refusals.join(' · ') })}</p>}
      <div className="checklist-tools">
        <span className="muted small">
          {t('checklist.progress', { done: version.checklist.length - remaining, count: version.checklist.length })}
        </span>
        {refusals.length === 0 && (
          <button
            type="button"
            className="secondary"
            aria-disabled={remaining === 0 || passRemaining.pending || undefined}
            onClick={() => {
              if (remaining > 0 && !passRemaining.pending) void passRemaining.run({ versionId: version.id });
            }}
          >
            {passRemaining.pending ? t('checklist.passing') : t('checklist.passRemaining', { count: remaining })}
          </button>
        )}
        <ActionFeedback outcome={passRemaining.outcome} success={t('checklist.passedRemaining')} />
      </div>
      <ol className="checklist">
        {version.checklist.map((item, index) => {
          const openThreads = version.threads.filter((th) => th.anchor === 'CHECKLIST_ITEM' && th.anchorKey === item.key && th.status === 'OPEN').length;
          const selected = props.selected === index;
          return (
            <li
              key={item.key}
              className={`checklist-item verdict-${(item.verdict ?? 'none').toLowerCase()}${selected ? ' selected' : ''}`}
              tabIndex={-1}
              aria-current={selected || undefined}
              aria-label={item.label}
              data-checklist-item={index}
              data-item-key={item.key}
              data-current-verdict={item.verdict ?? ''}
              data-thread={threadOfItem(version.threads, item.key)?.id}
              onFocus={() => props.onSelect?.(index)}
            >
              <div className="item-head">
                <strong>{item.label}</strong>{' '}
                {item.mandatory ? <span className="tag">{t('checklist.mandatory')}</span> : <span className="tag muted">{t('checklist.optional')}</span>}
                {openThreads > 0 && <span className="tag warn">{t('checklist.openThreads', { count: openThreads })}</span>}
              </div>
              {item.help && <p className="muted small">{item.help}</p>}
              <div className="answer">
                <span className="answer-label">{t('checklist.partnerAnswer')}</span> <ChecklistAnswer kind={item.kind} answer={item.answer} />
              </div>
              <VerdictControl
                versionId={version.id}
                itemKey={item.key}
                itemLabel={item.label}
                verdict={item.verdict ?? null}
                comment={item.verdictComment ?? ''}
                allowed={refusals.length === 0}
                onChanged={props.onChanged}
              />
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/**
 * One click per verdict: choosing saves at once, keeping the comment. A fail asks for a comment
 * (what the partner reads), focused and saved with Enter.
 */
function VerdictControl(props: {
  versionId: string;
  itemKey: string;
  itemLabel: string;
  verdict: Verdict | null;
  comment: string;
  allowed: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation('review');
  const [comment, setComment] = useState(props.comment);
  // Bumped by each fail: the comment field takes the focus (again), since a fail wants its reason.
  const [askComment, setAskComment] = useState(0);
  const commentRef = useRef<HTMLInputElement>(null);
  const [saved, setSaved] = useState<'verdict' | 'comment' | null>(null);
  const action = useAction(ChecklistReview_SetVerdictMutation, (d) => d.setChecklistVerdict, props.onChanged);
  // Another reviewer's (or another tab's) change arrives live: show it unless this one is being edited.
  useEffect(() => {
    if (document.activeElement !== commentRef.current) setComment(props.comment);
  }, [props.comment]);
  useEffect(() => {
    if (askComment) commentRef.current?.focus();
  }, [askComment]);

  if (!props.allowed) {
    return (
      <p className="verdict-readonly">
        {t('checklist.verdict')} <strong>{label('verdict', props.verdict)}</strong>
        {props.comment && <> — {props.comment}</>}
      </p>
    );
  }
  const choose = async (verdict: Verdict) => {
    if (action.pending) return;
    setSaved('verdict');
    const outcome = await action.run({ versionId: props.versionId, key: props.itemKey, verdict, comment: comment.trim() || null });
    if (outcome.ok && verdict === 'FAIL') setAskComment((n) => n + 1);
  };
  const showComment = props.verdict === 'FAIL' || askComment > 0 || Boolean(props.comment);
  const commentDirty = comment.trim() !== props.comment.trim();
  return (
    <div className="verdict-control">
      <div className="verdict-row">
        <span className="verdict-buttons" role="group" aria-label={t('checklist.verdictOn', { item: props.itemLabel })}>
          {VERDICTS.map((value) => (
            <button
              key={value}
              type="button"
              className={`secondary ${value.toLowerCase()}`}
              aria-pressed={props.verdict === value}
              data-verdict={value}
              aria-disabled={action.pending || undefined}
              onClick={() => void choose(value)}
            >
              {label('verdict', value)}
              <span className="sr-only"> “{props.itemLabel}”</span>
            </button>
          ))}
        </span>
        {action.pending && <span className="muted small">{t('checklist.saving')}</span>}
        {saved === 'verdict' && <ActionFeedback outcome={action.outcome} success={t('checklist.saved')} />}
      </div>
      {showComment && (
        <form
          className="verdict-comment"
          onSubmit={(event) => {
            event.preventDefault();
            if (!props.verdict || action.pending || !commentDirty) return;
            setSaved('comment');
            void action.run({ versionId: props.versionId, key: props.itemKey, verdict: props.verdict, comment: comment.trim() || null });
          }}
        >
          <label>
            {props.verdict === 'FAIL' ? t('checklist.whyFails') : t('checklist.comment')}
            <span className="sr-only">{t('checklist.onItem', { item: props.itemLabel })}</span>
            <input ref={commentRef} type="text" value={comment} onChange={(event) => setComment(event.target.value)} />
          </label>
          <button type="submit" className="secondary" aria-disabled={!props.verdict || !commentDirty || action.pending || undefined}>
            {t('checklist.saveComment')}
            <span className="sr-only">{t('checklist.onItem', { item: props.itemLabel })}</span>
          </button>
          {saved === 'comment' && <ActionFeedback outcome={action.outcome} success={t('checklist.commentSaved')} />}
        </form>
      )}
    </div>
  );
}
