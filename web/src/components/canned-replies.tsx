import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { CannedReplies_ReplyFragment as Reply } from '../gql/graphql';
import { useViewer } from '../viewer';
import { ActionFeedback, useAction } from './action';

export const CannedReplies_ReplyFragment = graphql(`
  fragment CannedReplies_Reply on CannedReply {
    id
    title
    body
    shared
    viewerCanEdit
  }
`);

type Replies = readonly FragmentType<typeof CannedReplies_ReplyFragment>[];

/** Inserts a canned reply into a comment box in one action: choosing it. */
export function CannedReplyPicker(props: { replies: Replies; onInsert: (text: string) => void }) {
  const { t } = useTranslation('queue');
  const replies = props.replies.map((reply) => getFragmentData(CannedReplies_ReplyFragment, reply));
  const id = useId();
  if (replies.length === 0) return null;
  return (
    <span className="canned-picker">
      <label htmlFor={id} className="sr-only">
        {t('canned.insertLabel')}
      </label>
      <select
        id={id}
        value=""
        onChange={(event) => {
          const reply = replies.find((r) => r.id === event.target.value);
          if (reply) props.onInsert(reply.body);
        }}
      >
        <option value="">{t('canned.insert')}</option>
        {replies.map((reply) => (
          <option key={reply.id} value={reply.id}>
            {reply.shared ? t('canned.sharedOption', { title: reply.title }) : reply.title}
          </option>
        ))}
      </select>
    </span>
  );
}

const CannedReplies_CreateMutation = graphql(`
  mutation CannedReplies_CreateMutation($title: String!, $body: String!, $shared: Boolean) {
    createCannedReply(title: $title, body: $body, shared: $shared) {
      __typename
      ...ActionResult_Error
      ... on MutationCreateCannedReplySuccess {
        data {
          id
        }
      }
    }
  }
`);

const CannedReplies_UpdateMutation = graphql(`
  mutation CannedReplies_UpdateMutation($id: ID!, $title: String!, $body: String!) {
    updateCannedReply(id: $id, title: $title, body: $body) {
      __typename
      ...ActionResult_Error
      ... on MutationUpdateCannedReplySuccess {
        data {
          ...CannedReplies_Reply
        }
      }
    }
  }
`);

const CannedReplies_DeleteMutation = graphql(`
  mutation CannedReplies_DeleteMutation($id: ID!) {
    deleteCannedReply(id: $id) {
      __typename
      ...ActionResult_Error
      ... on MutationDeleteCannedReplySuccess {
        data
      }
    }
  }
`);

/**
 * The viewer's canned replies and the shared ones: save a new one, rename or rewrite one, delete
 * one, where the API says the viewer may (`viewerCanEdit`: one's own; shared ones for admins).
 */
export function CannedRepliesManager(props: { replies: Replies; onChanged: () => void }) {
  const { t } = useTranslation('queue');
  const viewer = useViewer();
  const replies = props.replies.map((reply) => getFragmentData(CannedReplies_ReplyFragment, reply));
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [shared, setShared] = useState(false);
  const create = useAction(CannedReplies_CreateMutation, (d) => d.createCannedReply, () => {
    setTitle('');
    setBody('');
    setShared(false);
    props.onChanged();
  });
  const remove = useAction(CannedReplies_DeleteMutation, (d) => d.deleteCannedReply, props.onChanged);
  return (
    <details className="card canned-replies">
      <summary>
        <h2>{t('canned.title', { count: replies.length })}</h2>
      </summary>
      {replies.length > 0 && (
        <ul className="canned-list">
          {replies.map((reply) => (
            <CannedReplyItem key={reply.id} reply={reply} onChanged={props.onChanged} onDelete={() => remove.run({ id: reply.id })} deleting={remove.pending} />
          ))}
        </ul>
      )}
      <ActionFeedback outcome={remove.outcome} success={t('canned.deleted')} />
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim() && body.trim() && !create.pending) void create.run({ title: title.trim(), body: body.trim(), shared });
        }}
      >
        <h3>{t('canned.new')}</h3>
        <label>
          {t('canned.fieldTitle')}
          <input type="text" value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <label>
          {t('canned.fieldText')}
          <textarea rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
        </label>
        {viewer?.staffRole === 'ADMIN' && (
          <label className="inline">
            <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
            {t('canned.shareWithEveryone')}
          </label>
        )}
        <button type="submit" className="secondary" aria-disabled={!title.trim() || !body.trim() || create.pending || undefined}>
          {create.pending ? t('canned.saving') : t('canned.save')}
        </button>
        <ActionFeedback outcome={create.outcome} success={t('canned.saved')} />
      </form>
    </details>
  );
}

/** One reply in the list: read it; when the viewer may, edit it in place or delete it after a confirmation. */
function CannedReplyItem(props: { reply: Reply; onChanged: () => void; onDelete: () => Promise<unknown>; deleting: boolean }) {
  const { t } = useTranslation(['queue', 'common']);
  const { reply } = props;
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  const [title, setTitle] = useState(reply.title);
  const [body, setBody] = useState(reply.body);
  const update = useAction(CannedReplies_UpdateMutation, (d) => d.updateCannedReply, () => {
    setMode('view');
    props.onChanged();
  });
  const startEditing = () => {
    setTitle(reply.title);
    setBody(reply.body);
    update.reset();
    setMode('edit');
  };
  const label = <span className="sr-only"> “{reply.title}”</span>;

  if (mode === 'edit') {
    const ready = title.trim() && body.trim() && !update.pending;
    return (
      <li>
        <form
          className="inline-form"
          aria-label={t('canned.editTitle', { title: reply.title })}
          onSubmit={(event) => {
            event.preventDefault();
            if (ready) void update.run({ id: reply.id, title: title.trim(), body: body.trim() });
          }}
        >
          <label>
            {t('canned.fieldTitle')}
            <input type="text" value={title} onChange={(event) => setTitle(event.target.value)} autoFocus />
          </label>
          <label>
            {t('canned.fieldText')}
            <textarea rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
          </label>
          <div className="button-row wrap">
            <button type="submit" className="primary" aria-disabled={!ready || undefined}>
              {update.pending ? t('canned.saving') : t('canned.saveChanges')}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              {t('common:actions.cancel')}
            </button>
          </div>
          <ActionFeedback outcome={update.outcome} />
        </form>
      </li>
    );
  }

  return (
    <li>
      <strong>{reply.title}</strong> {reply.shared && <span className="tag">{t('canned.shared')}</span>}
      <p className="muted small prewrap">{reply.body}</p>
      <ActionFeedback outcome={update.outcome} success={t('canned.changesSaved')} />
      {reply.viewerCanEdit &&
        (mode === 'confirm' ? (
          <div className="canned-confirm" role="group" aria-label={t('canned.deleteNow')}>
            <p className="small">{reply.shared ? t('canned.confirmDeleteShared', { title: reply.title }) : t('canned.confirmDelete', { title: reply.title })}</p>
            <div className="button-row wrap">
              <button
                type="button"
                className="danger"
                aria-disabled={props.deleting || undefined}
                onClick={() => {
                  if (!props.deleting) void props.onDelete().then(() => setMode('view'));
                }}
              >
                {t('canned.deleteNow')}
                {label}
              </button>
              <button type="button" className="secondary" onClick={() => setMode('view')} autoFocus>
                {t('common:actions.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="button-row wrap">
            <button type="button" className="link-button" onClick={startEditing}>
              <Trans t={t} i18nKey="canned.edit" values={{ title: reply.title }} components={{ 1: <span className="sr-only" /> }} />
            </button>
            <button type="button" className="link-button" onClick={() => setMode('confirm')}>
              <Trans t={t} i18nKey="canned.delete" values={{ title: reply.title }} components={{ 1: <span className="sr-only" /> }} />
            </button>
          </div>
        ))}
    </li>
  );
}
