import { useId, useState } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../gql';
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
  const replies = props.replies.map((reply) => getFragmentData(CannedReplies_ReplyFragment, reply));
  const id = useId();
  if (replies.length === 0) return null;
  return (
    <span className="canned-picker">
      <label htmlFor={id} className="sr-only">
        Insert a canned reply
      </label>
      <select
        id={id}
        value=""
        onChange={(event) => {
          const reply = replies.find((r) => r.id === event.target.value);
          if (reply) props.onInsert(reply.body);
        }}
      >
        <option value="">Insert a canned reply…</option>
        {replies.map((reply) => (
          <option key={reply.id} value={reply.id}>
            {reply.title}
            {reply.shared ? ' (shared)' : ''}
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

/** The viewer's canned replies and the shared ones: save a new one, delete what one may. */
export function CannedRepliesManager(props: { replies: Replies; onChanged: () => void }) {
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
        <h2>Canned replies ({replies.length})</h2>
      </summary>
      {replies.length > 0 && (
        <ul className="canned-list">
          {replies.map((reply) => (
            <li key={reply.id}>
              <strong>{reply.title}</strong> {reply.shared && <span className="tag">shared</span>}
              <p className="muted small prewrap">{reply.body}</p>
              {reply.viewerCanEdit && (
                <button type="button" className="link-button" onClick={() => void remove.run({ id: reply.id })}>
                  Delete “{reply.title}”
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ActionFeedback outcome={remove.outcome} />
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim() && body.trim() && !create.pending) void create.run({ title: title.trim(), body: body.trim(), shared });
        }}
      >
        <h3>New canned reply</h3>
        <label>
          Title
          <input type="text" value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <label>
          Text
          <textarea rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
        </label>
        {viewer?.staffRole === 'ADMIN' && (
          <label className="inline">
            <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
            Shared with every reviewer
          </label>
        )}
        <button type="submit" className="secondary" aria-disabled={!title.trim() || !body.trim() || create.pending || undefined}>
          {create.pending ? 'Saving…' : 'Save reply'}
        </button>
        <ActionFeedback outcome={create.outcome} success="Saved." />
      </form>
    </details>
  );
}
