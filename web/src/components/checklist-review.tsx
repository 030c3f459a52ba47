import { useState } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { Verdict } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { label, VERDICT_LABELS } from '../lib/labels';
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

const VERDICTS: Verdict[] = ['PASS', 'FAIL', 'NOT_APPLICABLE'];

/** The checklist with the partner's answers and a verdict control per item. */
export function ChecklistReview(props: { version: FragmentType<typeof ChecklistReview_VersionFragment>; onChanged: () => void }) {
  const version = getFragmentData(ChecklistReview_VersionFragment, props.version);
  const refusals = refusalMessages(version.viewerCan.setVerdict);
  return (
    <div>
      {refusals.length > 0 && <p className="reasons-box">Verdicts are read-only: {refusals.join(' · ')}</p>}
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
              <VerdictForm
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

function VerdictForm(props: {
  versionId: string;
  itemKey: string;
  itemLabel: string;
  verdict: Verdict | null;
  comment: string;
  allowed: boolean;
  onChanged: () => void;
}) {
  const [verdict, setVerdict] = useState<Verdict | null>(props.verdict);
  const [comment, setComment] = useState(props.comment);
  const action = useAction(ChecklistReview_SetVerdictMutation, (d) => d.setChecklistVerdict, props.onChanged);
  const dirty = verdict !== props.verdict || comment !== props.comment;
  const name = `verdict-${props.itemKey}`;

  if (!props.allowed) {
    return (
      <p className="verdict-readonly">
        Verdict: <strong>{label(VERDICT_LABELS, props.verdict)}</strong>
        {props.comment && <> — {props.comment}</>}
      </p>
    );
  }
  return (
    <form
      className="verdict-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (verdict && !action.pending) void action.run({ versionId: props.versionId, key: props.itemKey, verdict, comment: comment.trim() || null });
      }}
    >
      <fieldset>
        <legend className="sr-only">Verdict on “{props.itemLabel}”</legend>
        <span className="radio-row">
          {VERDICTS.map((value) => (
            <label key={value} className={`radio verdict-choice ${value.toLowerCase()}`}>
              <input type="radio" name={name} value={value} checked={verdict === value} onChange={() => setVerdict(value)} />
              {label(VERDICT_LABELS, value)}
            </label>
          ))}
        </span>
      </fieldset>
      <label className="grow">
        <span className="sr-only">Comment on “{props.itemLabel}”</span>
        <input type="text" placeholder="Comment (optional)" value={comment} onChange={(event) => setComment(event.target.value)} />
      </label>
      <button type="submit" className="secondary" aria-disabled={!verdict || !dirty || action.pending || undefined}>
        {action.pending ? 'Saving…' : 'Save verdict'}
        <span className="sr-only"> on “{props.itemLabel}”</span>
      </button>
      <ActionFeedback outcome={action.outcome} />
    </form>
  );
}
