import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { ChecklistAnswerKind } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { label } from '../lib/labels';
import { ActionFeedback, useAction } from './action';
import { threadOfItem } from './review-summary';

export const ChecklistAnswers_VersionFragment = graphql(`
  fragment ChecklistAnswers_Version on AppVersion {
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
      answer {
        allowed
        reasons {
          code
          message
        }
      }
    }
  }
`);

const ChecklistAnswers_AnswerMutation = graphql(`
  mutation ChecklistAnswers_AnswerMutation($versionId: ID!, $key: String!, $answer: String) {
    answerChecklistItem(versionId: $versionId, key: $key, answer: $answer) {
      __typename
      ...ActionResult_Error
      ... on MutationAnswerChecklistItemSuccess {
        data {
          key
          answer
        }
      }
    }
  }
`);

/** The partner answers the checklist, item by item, and sees the reviewer's verdicts. */
export function ChecklistAnswers(props: { version: FragmentType<typeof ChecklistAnswers_VersionFragment>; onChanged: () => void }) {
  const { t } = useTranslation('editor');
  const version = getFragmentData(ChecklistAnswers_VersionFragment, props.version);
  const refusals = refusalMessages(version.viewerCan.answer);
  const answered = version.checklist.filter((item) => item.answer?.trim()).length;
  return (
    <div>
      <p className="muted">
        {t('checklist.answered', { answered, count: version.checklist.length })}
      </p>
      {refusals.length > 0 && <p className="reasons-box">{t('checklist.readOnly', { reasons: refusals.join(' · ') })}</p>}
      <ol className="checklist">
        {version.checklist.map((item) => (
          <li key={item.key} id={`checklist-${item.key}`} className={`checklist-item verdict-${(item.verdict ?? 'none').toLowerCase()}`}>
            <AnswerForm versionId={version.id} item={item} allowed={refusals.length === 0} onChanged={props.onChanged} />
            {item.verdict && (
              <p className="verdict-readonly">
                <Trans t={t} i18nKey="checklist.verdict" values={{ verdict: label('verdict', item.verdict) }} components={{ 1: <strong /> }} />
                {item.verdictComment && <> — {item.verdictComment}</>}
                {item.verdict === 'FAIL' && <ThreadLink threads={version.threads} itemKey={item.key} />}
              </p>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function AnswerForm(props: {
  versionId: string;
  item: { key: string; label: string; help?: string | null; kind: ChecklistAnswerKind; mandatory: boolean; answer?: string | null };
  allowed: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation('editor');
  const { item } = props;
  const [value, setValue] = useState(item.answer ?? '');
  const action = useAction(ChecklistAnswers_AnswerMutation, (d) => d.answerChecklistItem, props.onChanged);
  const dirty = value !== (item.answer ?? '');
  const { reset } = action;
  // "Answer saved." belongs to the round it was saved in: drop it when answering opens or closes.
  useEffect(() => reset(), [props.allowed, reset]);
  const inputId = `answer-${item.key}`;
  const helpId = `answer-help-${item.key}`;
  const save = (answer: string | null) => {
    if (!action.pending) void action.run({ versionId: props.versionId, key: item.key, answer });
  };

  return (
    <form
      className="answer-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (dirty) save(value.trim() ? value.trim() : null);
      }}
    >
      <div className="item-head">
        <label htmlFor={inputId}>
          <strong>{item.label}</strong>
        </label>{' '}
        {item.mandatory ? <span className="tag">{t('checklist.mandatory')}</span> : <span className="tag muted">{t('checklist.optional')}</span>}
        {!item.answer?.trim() && item.mandatory && <span className="tag warn">{t('checklist.notAnswered')}</span>}
      </div>
      {item.help && (
        <p id={helpId} className="muted small">
          {item.help}
        </p>
      )}
      {item.kind === 'CONFIRMATION' ? (
        <label className="inline">
          <input
            id={inputId}
            type="checkbox"
            checked={value === 'yes'}
            disabled={!props.allowed || action.pending}
            aria-describedby={item.help ? helpId : undefined}
            onChange={(event) => {
              const next = event.target.checked ? 'yes' : '';
              setValue(next);
              save(next || null);
            }}
          />
          {t('checklist.confirm')} {action.pending && <span className="muted">{t('saving')}</span>}
        </label>
      ) : (
        <div className="answer-row">
          {item.kind === 'TEXT' || item.kind === 'CREDENTIALS' ? (
            <textarea id={inputId} rows={item.kind === 'TEXT' ? 3 : 2} value={value} disabled={!props.allowed} aria-describedby={item.help ? helpId : undefined} onChange={(event) => setValue(event.target.value)} />
          ) : (
            <input id={inputId} type="url" value={value} disabled={!props.allowed} aria-describedby={item.help ? helpId : undefined} onChange={(event) => setValue(event.target.value)} />
          )}
          {props.allowed && (
            <button type="submit" className="secondary" aria-disabled={!dirty || action.pending || undefined}>
              {action.pending ? t('saving') : t('checklist.save')}
              {/* Every item has a Save button; its name says which answer it saves. */}
              <span className="sr-only">{t('checklist.saveAnswerTo', { item: item.label })}</span>
            </button>
          )}
        </div>
      )}
      <ActionFeedback outcome={action.outcome} success={t('checklist.saved')} />
    </form>
  );
}

/** A failed item's way to its discussion: the thread anchored to it, if one was opened. */
function ThreadLink(props: { threads: readonly { id: string; anchor: string; anchorKey?: string | null; status: string }[]; itemKey: string }) {
  const { t } = useTranslation('editor');
  const thread = threadOfItem(props.threads, props.itemKey);
  if (!thread) return null;
  return (
    <>
      {' '}
      · <a href={`#thread-${thread.id}`}>{thread.status === 'OPEN' ? t('checklist.openThread') : t('checklist.thread')}</a>
    </>
  );
}
