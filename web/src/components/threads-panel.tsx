import { type ReactNode, useId, useState } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { ThreadAnchor, ThreadsPanel_VersionFragment as ThreadsPanel_VersionFragmentData } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { formatDateTime } from '../lib/format';
import { anchorLabel, LISTING_ANCHOR_FIELDS } from '../lib/anchors';
import { ActionFeedback, CapabilityButton, useAction } from './action';

export const ThreadsPanel_VersionFragment = graphql(`
  fragment ThreadsPanel_Version on AppVersion {
    id
    openThreadCount
    checklist {
      key
      label
    }
    viewerCan {
      openThread {
        allowed
        reasons {
          code
          message
        }
      }
    }
    threads {
      id
      title
      anchor
      anchorKey
      blocking
      status
      createdAt
      addressedAt
      resolvedAt
      author {
        id
        name
      }
      comments {
        id
        body
        createdAt
        author {
          id
          name
          staffRole
        }
      }
      viewerCan {
        comment {
          allowed
          reasons {
            code
            message
          }
        }
        markAddressed {
          allowed
          reasons {
            code
            message
          }
        }
        resolve {
          allowed
          reasons {
            code
            message
          }
        }
      }
    }
  }
`);

const ThreadsPanel_OpenThreadMutation = graphql(`
  mutation ThreadsPanel_OpenThreadMutation(
    $versionId: ID!
    $title: String!
    $body: String!
    $anchor: ThreadAnchor
    $anchorKey: String
    $blocking: Boolean
  ) {
    openThread(versionId: $versionId, title: $title, body: $body, anchor: $anchor, anchorKey: $anchorKey, blocking: $blocking) {
      __typename
      ...ActionResult_Error
      ... on MutationOpenThreadSuccess {
        data {
          id
        }
      }
    }
  }
`);

const ThreadsPanel_PostCommentMutation = graphql(`
  mutation ThreadsPanel_PostCommentMutation($threadId: ID!, $body: String!) {
    postComment(threadId: $threadId, body: $body) {
      __typename
      ...ActionResult_Error
      ... on MutationPostCommentSuccess {
        data {
          id
        }
      }
    }
  }
`);

const ThreadsPanel_ResolveMutation = graphql(`
  mutation ThreadsPanel_ResolveMutation($threadId: ID!) {
    resolveThread(threadId: $threadId) {
      __typename
      ...ActionResult_Error
      ... on MutationResolveThreadSuccess {
        data {
          id
          status
          resolvedAt
        }
      }
    }
  }
`);

const ThreadsPanel_MarkAddressedMutation = graphql(`
  mutation ThreadsPanel_MarkAddressedMutation($threadId: ID!) {
    markThreadAddressed(threadId: $threadId) {
      __typename
      ...ActionResult_Error
      ... on MutationMarkThreadAddressedSuccess {
        data {
          id
          addressedAt
        }
      }
    }
  }
`);

type ThreadData = ThreadsPanel_VersionFragmentData['threads'][number];

/** Deficiency threads on a version: their discussion, resolve / mark addressed, and the composer. */
export function ThreadsPanel(props: {
  version: FragmentType<typeof ThreadsPanel_VersionFragment>;
  onChanged: () => void;
  /** Beside each reply box (e.g. canned replies on the review page): given a way to insert text into it. */
  replyTools?: (insert: (text: string) => void) => ReactNode;
}) {
  const version = getFragmentData(ThreadsPanel_VersionFragment, props.version);
  const [showResolved, setShowResolved] = useState(true);
  const itemLabels = Object.fromEntries(version.checklist.map((item) => [item.key, item.label]));
  const threads = version.threads.filter((thread) => showResolved || thread.status === 'OPEN');
  const resolvedCount = version.threads.length - version.openThreadCount;
  return (
    <div className="threads">
      {version.threads.length === 0 ? (
        <p className="empty">No deficiency threads.</p>
      ) : (
        <>
          <p className="muted">
            {version.openThreadCount} open, {resolvedCount} resolved.{' '}
            {resolvedCount > 0 && (
              <button type="button" className="link-button" onClick={() => setShowResolved(!showResolved)}>
                {showResolved ? 'Hide resolved' : 'Show resolved'}
              </button>
            )}
          </p>
          {threads.map((thread) => (
            <ThreadView key={thread.id} thread={thread} itemLabels={itemLabels} onChanged={props.onChanged} replyTools={props.replyTools} />
          ))}
        </>
      )}
      {version.viewerCan.openThread.allowed && (
        <ThreadComposer versionId={version.id} checklist={version.checklist} onChanged={props.onChanged} />
      )}
    </div>
  );
}

function ThreadView(props: {
  thread: ThreadData;
  itemLabels: Record<string, string>;
  onChanged: () => void;
  replyTools?: ((insert: (text: string) => void) => ReactNode) | undefined;
}) {
  const { thread } = props;
  const [body, setBody] = useState('');
  const commentId = useId();
  const comment = useAction(ThreadsPanel_PostCommentMutation, (d) => d.postComment, () => {
    setBody('');
    props.onChanged();
  });
  const resolve = useAction(ThreadsPanel_ResolveMutation, (d) => d.resolveThread, props.onChanged);
  const addressed = useAction(ThreadsPanel_MarkAddressedMutation, (d) => d.markThreadAddressed, props.onChanged);
  const canComment = refusalMessages(thread.viewerCan.comment).length === 0;

  return (
    <article className={`thread thread-${thread.status.toLowerCase()}`} aria-labelledby={`thread-${thread.id}`}>
      <header className="thread-head">
        <h3 id={`thread-${thread.id}`}>{thread.title}</h3>
        <span className={`badge ${thread.status === 'OPEN' ? 'unavailable' : 'available'}`}>
          {thread.status === 'OPEN' ? 'Open' : 'Resolved'}
        </span>
        {thread.blocking && thread.status === 'OPEN' && <span className="tag warn">blocking</span>}
        {thread.addressedAt && thread.status === 'OPEN' && <span className="tag">addressed {formatDateTime(thread.addressedAt)}</span>}
      </header>
      <p className="muted small">
        On {anchorLabel(thread.anchor, thread.anchorKey, props.itemLabels)} · opened by {thread.author.name}, {formatDateTime(thread.createdAt)}
      </p>
      <ol className="comments">
        {thread.comments.map((c) => (
          <li key={c.id} className={c.author.staffRole ? 'from-staff' : 'from-partner'}>
            <div className="comment-meta">
              <strong>{c.author.name}</strong> {c.author.staffRole ? <span className="tag">marketplace</span> : <span className="tag">partner</span>}{' '}
              <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
            </div>
            <p className="prewrap">{c.body}</p>
          </li>
        ))}
      </ol>
      {canComment && (
        <form
          className="comment-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (body.trim() && !comment.pending) void comment.run({ threadId: thread.id, body: body.trim() });
          }}
        >
          <label htmlFor={commentId}>Reply</label>
          {props.replyTools?.((text) => setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text)))}
          <textarea id={commentId} rows={2} value={body} onChange={(event) => setBody(event.target.value)} />
          <button type="submit" className="secondary" aria-disabled={!body.trim() || comment.pending || undefined}>
            {comment.pending ? 'Posting…' : 'Post comment'}
          </button>
        </form>
      )}
      <ActionFeedback outcome={comment.outcome} />
      {thread.status === 'OPEN' && (
        <div className="button-row">
          {thread.viewerCan.resolve.allowed && (
            <CapabilityButton capability={thread.viewerCan.resolve} pending={resolve.pending} onClick={() => void resolve.run({ threadId: thread.id })}>
              Resolve
            </CapabilityButton>
          )}
          {(thread.viewerCan.markAddressed.allowed || !thread.viewerCan.resolve.allowed) && (
            <CapabilityButton
              capability={thread.viewerCan.markAddressed}
              pending={addressed.pending}
              onClick={() => void addressed.run({ threadId: thread.id })}
            >
              Mark addressed
            </CapabilityButton>
          )}
        </div>
      )}
      <ActionFeedback outcome={resolve.outcome} />
      {thread.status === 'OPEN' && <ActionFeedback outcome={addressed.outcome} success="Marked addressed; the reviewer will check it." />}
    </article>
  );
}

function ThreadComposer(props: { versionId: string; checklist: readonly { key: string; label: string }[]; onChanged: () => void }) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [anchor, setAnchor] = useState('GENERAL');
  const [blocking, setBlocking] = useState(true);
  const open = useAction(ThreadsPanel_OpenThreadMutation, (d) => d.openThread, () => {
    setTitle('');
    setBody('');
    props.onChanged();
  });
  // The select's value is `GENERAL`, `CHECKLIST_ITEM:<key>` or `LISTING_FIELD:<field>`.
  const [kind, ...rest] = anchor.split(':');
  const anchorKey = rest.join(':') || null;
  return (
    <form
      className="card composer"
      aria-labelledby="composer-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!title.trim() || !body.trim() || open.pending) return;
        void open.run({
          versionId: props.versionId,
          title: title.trim(),
          body: body.trim(),
          anchor: kind as ThreadAnchor,
          anchorKey,
          blocking,
        });
      }}
    >
      <h3 id="composer-title">Open a deficiency thread</h3>
      <label>
        Title
        <input type="text" required value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <label>
        About
        <select value={anchor} onChange={(event) => setAnchor(event.target.value)}>
          <option value="GENERAL">The version in general</option>
          <optgroup label="Checklist item">
            {props.checklist.map((item) => (
              <option key={item.key} value={`CHECKLIST_ITEM:${item.key}`}>
                {item.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Listing field">
            {LISTING_ANCHOR_FIELDS.map((field) => (
              <option key={field.key} value={`LISTING_FIELD:${field.key}`}>
                {field.label}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        What to fix
        <textarea rows={3} required value={body} onChange={(event) => setBody(event.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={blocking} onChange={(event) => setBlocking(event.target.checked)} />
        Blocking (approval waits until it is resolved)
      </label>
      <button type="submit" className="primary" aria-disabled={!title.trim() || !body.trim() || open.pending || undefined}>
        {open.pending ? 'Opening…' : 'Open thread'}
      </button>
      <ActionFeedback outcome={open.outcome} success="Thread opened." />
    </form>
  );
}
