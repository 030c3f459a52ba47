import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { ThreadAnchor, ThreadsPanel_VersionFragment as ThreadsPanel_VersionFragmentData } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { formatDateTime } from '../lib/format';
import { anchorLabel, listingAnchorFields } from '../lib/anchors';
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
  /** Asks the composer to start a thread about this anchor (`CHECKLIST_ITEM:<key>`), focusing its title; `n` tells requests apart. */
  compose?: { anchor: string; n: number } | null;
}) {
  const { t } = useTranslation('review');
  const version = getFragmentData(ThreadsPanel_VersionFragment, props.version);
  const [showResolved, setShowResolved] = useState(true);
  const itemLabels = Object.fromEntries(version.checklist.map((item) => [item.key, item.label]));
  const threads = version.threads.filter((thread) => showResolved || thread.status === 'OPEN');
  const resolvedCount = version.threads.length - version.openThreadCount;
  return (
    <div className="threads">
      {version.threads.length === 0 ? (
        <p className="empty">{t('threads.none')}</p>
      ) : (
        <>
          <p className="muted">
            {t('threads.counts', { open: version.openThreadCount, resolved: resolvedCount })}{' '}
            {resolvedCount > 0 && (
              <button type="button" className="link-button" onClick={() => setShowResolved(!showResolved)}>
                {showResolved ? t('threads.hideResolved') : t('threads.showResolved')}
              </button>
            )}
          </p>
          {threads.map((thread) => (
            <ThreadView key={thread.id} thread={thread} itemLabels={itemLabels} onChanged={props.onChanged} replyTools={props.replyTools} />
          ))}
        </>
      )}
      {version.viewerCan.openThread.allowed && (
        <ThreadComposer versionId={version.id} checklist={version.checklist} onChanged={props.onChanged} compose={props.compose ?? null} />
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
  const { t } = useTranslation('review');
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
          {thread.status === 'OPEN' ? t('threads.open') : t('threads.resolved')}
        </span>
        {thread.blocking && thread.status === 'OPEN' && <span className="tag warn">{t('threads.blocking')}</span>}
        {thread.addressedAt && thread.status === 'OPEN' && <span className="tag">{t('threads.addressedAt', { when: formatDateTime(thread.addressedAt) })}</span>}
      </header>
      <p className="muted small">
        {t('threads.openedBy', {
          about: anchorLabel(thread.anchor, thread.anchorKey, props.itemLabels),
          name: thread.author.name,
          when: formatDateTime(thread.createdAt),
        })}
      </p>
      <ol className="comments">
        {thread.comments.map((c) => (
          <li key={c.id} className={c.author.staffRole ? 'from-staff' : 'from-partner'}>
            <div className="comment-meta">
              <strong>{c.author.name}</strong> <span className="tag">{c.author.staffRole ? t('threads.fromStaff') : t('threads.fromPartner')}</span>{' '}
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
          <label htmlFor={commentId}>{t('threads.reply')}</label>
          {props.replyTools?.((text) => setBody((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text)))}
          <textarea id={commentId} data-thread-reply={thread.id} rows={2} value={body} onChange={(event) => setBody(event.target.value)} />
          <button type="submit" className="secondary" aria-disabled={!body.trim() || comment.pending || undefined}>
            {comment.pending ? t('threads.posting') : t('threads.postComment')}
          </button>
        </form>
      )}
      <ActionFeedback outcome={comment.outcome} />
      {thread.status === 'OPEN' && (
        <div className="button-row">
          {thread.viewerCan.resolve.allowed && (
            <CapabilityButton capability={thread.viewerCan.resolve} pending={resolve.pending} onClick={() => void resolve.run({ threadId: thread.id })}>
              {t('threads.resolve')}
            </CapabilityButton>
          )}
          {(thread.viewerCan.markAddressed.allowed || !thread.viewerCan.resolve.allowed) && (
            <CapabilityButton
              capability={thread.viewerCan.markAddressed}
              pending={addressed.pending}
              onClick={() => void addressed.run({ threadId: thread.id })}
            >
              {t('threads.markAddressed')}
            </CapabilityButton>
          )}
        </div>
      )}
      <ActionFeedback outcome={resolve.outcome} />
      {thread.status === 'OPEN' && <ActionFeedback outcome={addressed.outcome} success={t('threads.markedAddressed')} />}
    </article>
  );
}

function ThreadComposer(props: {
  versionId: string;
  checklist: readonly { key: string; label: string }[];
  onChanged: () => void;
  compose: { anchor: string; n: number } | null;
}) {
  const { t } = useTranslation('review');
  const titleRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [anchor, setAnchor] = useState('GENERAL');
  const [blocking, setBlocking] = useState(true);
  const open = useAction(ThreadsPanel_OpenThreadMutation, (d) => d.openThread, () => {
    setTitle('');
    setBody('');
    props.onChanged();
  });
  // A shortcut asked for a thread about an item: preset what it is about and start at the title.
  useEffect(() => {
    if (!props.compose) return;
    setAnchor(props.compose.anchor);
    titleRef.current?.scrollIntoView({ block: 'center' });
    titleRef.current?.focus();
  }, [props.compose]);
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
      <h3 id="composer-title">{t('threads.composerTitle')}</h3>
      <label>
        {t('threads.title')}
        <input ref={titleRef} type="text" required value={title} onChange={(event) => setTitle(event.target.value)} />
      </label>
      <label>
        {t('threads.about')}
        <select value={anchor} onChange={(event) => setAnchor(event.target.value)}>
          <option value="GENERAL">{t('threads.general')}</option>
          <optgroup label={t('threads.checklistItem')}>
            {props.checklist.map((item) => (
              <option key={item.key} value={`CHECKLIST_ITEM:${item.key}`}>
                {item.label}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('threads.listingField')}>
            {listingAnchorFields().map((field) => (
              <option key={field.key} value={`LISTING_FIELD:${field.key}`}>
                {field.label}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label>
        {t('threads.whatToFix')}
        <textarea rows={3} required value={body} onChange={(event) => setBody(event.target.value)} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={blocking} onChange={(event) => setBlocking(event.target.checked)} />
        {t('threads.blockingOption')}
      </label>
      <button type="submit" className="primary" aria-disabled={!title.trim() || !body.trim() || open.pending || undefined}>
        {open.pending ? t('threads.opening') : t('threads.openThread')}
      </button>
      <ActionFeedback outcome={open.outcome} success={t('threads.opened')} />
    </form>
  );
}
