import { useEffect, useRef, useState } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { Verdict } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { label } from '../lib/labels';
import { ActionFeedback, useAction } from './action';
import { ChecklistAnswer } from './checklist-answer';

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

/** The checklist with the partner's answers and one-click verdicts, and "pass the remaining items". */
export function ChecklistReview(props: { version: FragmentType<typeof ChecklistReview_VersionFragment>; onChanged: () => void }) {
  const version = getFragmentData(ChecklistReview_VersionFragment, props.version);
  const refusals = refusalMessages(version.viewerCan.setVerdict);
  const remaining = version.checklist.filter((item) => !item.verdict).length;
  const passRemaining = useAction(ChecklistReview_PassRemainingMutation, (d) => d.passRemainingChecklistItems, props.onChanged);
  return (
    <div>
      {refusals.length > 0 && <p className="reasons-box">Verdicts are read-only: {refusals.join(' · ')}</p>}
      <div className="checklist-tools">
        <span className="muted small">
          {version.checklist.length - remaining} of {version.checklist.length} items have a verdict
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
            {passRemaining.pending ? 'Passing…' : `Pass remaining (${remaining})`}
          </button>
        )}
        <ActionFeedback outcome={passRemaining.outcome} success="The remaining items passed." />
      </div>
      <ol className="checklist">
        {version.checklist.map((item) => {
          const openThreads = version.threads.filter((t) => t.anchor === 'CHECKLIST_ITEM' && t.anchorKey === item.key && t.status === 'OPEN').length;
          return (
            <li key={item.key} className={`checklist-item verdict-${(item.verdict ?? 'none').toLowerCase()}`}>
              <div className="item-head">
                <strong>{item.label}</strong> {item.mandatory ? <span className="tag">mandatory</span> : <span className="tag muted">optional</span>}
                {openThreads > 0 && <span className="tag warn">{openThreads} open thread(s)</span>}
              </div>
              {item.help && <p className="muted small">{item.help}</p>}
              <div className="answer">
                <span className="answer-label">Partner’s answer:</span> <ChecklistAnswer kind={item.kind} answer={item.answer} />
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
  const [comment, setComment] = useState(props.comment);
  const [askComment, setAskComment] = useState(false);
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
        Verdict: <strong>{label('verdict', props.verdict)}</strong>
        {props.comment && <> — {props.comment}</>}
      </p>
    );
  }
  const choose = async (verdict: Verdict) => {
    if (action.pending) return;
    setSaved('verdict');
    const outcome = await action.run({ versionId: props.versionId, key: props.itemKey, verdict, comment: comment.trim() || null });
    if (outcome.ok && verdict === 'FAIL' && !comment.trim()) setAskComment(true);
  };
  const showComment = props.verdict === 'FAIL' || askComment || Boolean(props.comment);
  const commentDirty = comment.trim() !== props.comment.trim();
  return (
    <div className="verdict-control">
      <div className="verdict-row">
        <span className="verdict-buttons" role="group" aria-label={`Verdict on “${props.itemLabel}”`}>
          {VERDICTS.map((value) => (
            <button
              key={value}
              type="button"
              className={`secondary ${value.toLowerCase()}`}
              aria-pressed={props.verdict === value}
              aria-disabled={action.pending || undefined}
              onClick={() => void choose(value)}
            >
              {label('verdict', value)}
              <span className="sr-only"> “{props.itemLabel}”</span>
            </button>
          ))}
        </span>
        {action.pending && <span className="muted small">Saving…</span>}
        {saved === 'verdict' && <ActionFeedback outcome={action.outcome} success="Saved." />}
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
            {props.verdict === 'FAIL' ? 'Why it fails (the partner reads this)' : 'Comment'}
            <span className="sr-only"> on “{props.itemLabel}”</span>
            <input ref={commentRef} type="text" value={comment} onChange={(event) => setComment(event.target.value)} />
          </label>
          <button type="submit" className="secondary" aria-disabled={!props.verdict || !commentDirty || action.pending || undefined}>
            Save comment<span className="sr-only"> on “{props.itemLabel}”</span>
          </button>
          {saved === 'comment' && <ActionFeedback outcome={action.outcome} success="Comment saved." />}
        </form>
      )}
    </div>
  );
}
