import { randomBytes } from 'node:crypto';
import { Prisma, type Comment, type ThreadAnchor, type User } from '../generated/prisma/client.js';
import { queryRows, type Tx } from '../db/client.js';
import { transaction, type Idempotence } from '../db/idempotency.js';
import { eventAfterSql, noteEvent, recordEvent } from '../events/log.js';
import { NotFoundError, ValidationError, refusalError } from './errors.js';
import { threadRefusals, type ThreadAction } from './lifecycle.js';
import { LISTING_FIELDS } from './listing-fields.js';
import { runVersionAction, type Deps } from './versions.js';
import type { Viewer } from '../auth/viewer.js';
import { canManageApp } from './visibility.js';

const MAX_BODY = 20_000;

function checkBody(field: string, body: string) {
  const text = body.trim();
  if (!text) throw new ValidationError([{ field, message: 'is required' }]);
  if (text.length > MAX_BODY) throw new ValidationError([{ field, message: `must be at most ${MAX_BODY} characters` }]);
  return text;
}

export interface OpenThreadInput {
  title: string;
  body: string;
  anchor: ThreadAnchor;
  anchorKey?: string | null;
  blocking: boolean;
}

/** A reviewer opens a deficiency thread on a version, with its first comment. */
export function openThread(deps: Deps, versionId: string, input: OpenThreadInput) {
  return runVersionAction(deps, versionId, 'openThread', async (tx, version) => {
    const title = checkBody('title', input.title);
    const body = checkBody('body', input.body);
    if (input.anchor === 'CHECKLIST_ITEM' && !version.checklist.some((i) => i.key === input.anchorKey)) {
      throw new ValidationError([{ field: 'anchorKey', message: 'must be the key of one of the version’s checklist items' }]);
    }
    if (input.anchor === 'LISTING_FIELD' && !LISTING_FIELDS.some((f) => input.anchorKey === f || input.anchorKey?.startsWith(`${f}.`))) {
      throw new ValidationError([{ field: 'anchorKey', message: `must be a listing field: ${LISTING_FIELDS.join(', ')}` }]);
    }
    const round = await tx.reviewRound.findFirst({ where: { versionId, endedAt: null }, orderBy: { number: 'desc' } });
    const authorId = deps.viewer.kind === 'user' ? deps.viewer.id : '';
    const thread = await tx.thread.create({
      data: {
        versionId,
        roundId: round?.id ?? null,
        anchor: input.anchor,
        anchorKey: input.anchor === 'GENERAL' ? null : (input.anchorKey ?? null),
        title,
        blocking: input.blocking,
        authorId,
        comments: { create: { authorId, body } },
      },
    });
    await recordEvent(tx, {
      type: 'thread.opened',
      appId: version.appId,
      versionId,
      partnerId: version.app.partnerId,
      actorId: authorId,
      payload: { threadId: thread.id, title, anchor: input.anchor, anchorKey: thread.anchorKey, blocking: input.blocking },
    });
    return thread;
  }, { operation: 'openThread', load: (tx, id) => tx.thread.findUniqueOrThrow({ where: { id } }) });
}

/** What the thread rules need of a thread, read in the statement that locks it. */
interface LockedThread {
  status: 'OPEN' | 'RESOLVED';
  versionId: string;
  appId: string;
  partnerId: string;
}

/**
 * Locks a thread and reads what its rules need, in one statement. A comment only needs the thread
 * to stay open until it commits: it takes a share lock, so comments on one thread do not wait for
 * each other, while resolving (an update lock) waits for them and they for it — and each then
 * reads the status the other committed.
 */
async function lockThread(tx: Tx, threadId: string, action: ThreadAction): Promise<LockedThread | undefined> {
  const rows =
    action === 'comment'
      ? await tx.$queryRaw<LockedThread[]>`
          SELECT t."status"::text AS "status", t."versionId", v."appId", a."partnerId"
          FROM "Thread" t JOIN "AppVersion" v ON v.id = t."versionId" JOIN "App" a ON a.id = v."appId"
          WHERE t.id = ${threadId} FOR SHARE OF t`
      : await tx.$queryRaw<LockedThread[]>`
          SELECT t."status"::text AS "status", t."versionId", v."appId", a."partnerId"
          FROM "Thread" t JOIN "AppVersion" v ON v.id = t."versionId" JOIN "App" a ON a.id = v."appId"
          WHERE t.id = ${threadId} FOR UPDATE OF t`;
  return rows[0];
}

/** Locks and loads a thread for an action in a transaction, checking the thread rules. */
async function runThreadAction<T extends { id: string }>(
  deps: Deps,
  threadId: string,
  action: ThreadAction,
  apply: (tx: Tx, thread: ThreadWithApp) => Promise<T>,
  idempotence?: Idempotence<T>,
) {
  return transaction(deps, idempotence, async (tx) => {
    const locked = await lockThread(tx, threadId, action);
    if (!locked || !canManageApp(deps.viewer, locked)) throw new NotFoundError('No such thread');
    const reasons = threadRefusals(action, locked, deps.viewer);
    if (reasons.length) throw refusalError(reasons);
    const thread = { id: threadId, versionId: locked.versionId, version: { id: locked.versionId, appId: locked.appId, app: { partnerId: locked.partnerId } } };
    return apply(tx, thread);
  });
}

type ThreadWithApp = { id: string; versionId: string; version: { id: string; appId: string; app: { partnerId: string } } };

const threadEvent = (thread: ThreadWithApp, deps: Deps) => ({
  appId: thread.version.appId,
  versionId: thread.versionId,
  partnerId: thread.version.app.partnerId,
  actorId: deps.viewer.kind === 'user' ? deps.viewer.id : null,
});

/**
 * A comment as posted, with its author (the viewer), as the mutation answers it. The author's
 * password hash is never read for it: no field of the schema exposes it.
 */
export type PostedComment = Comment & { author: Omit<User, 'passwordHash'> };

/** A partner member or staff comments on an open thread. */
export async function postComment(deps: Deps, threadId: string, body: string): Promise<Comment | PostedComment> {
  // With a key, the key's claim shares the transaction; an empty or long body is refused after the
  // thread's own refusals, as always: both take the path that checks step by step.
  const text = body.trim();
  if (deps.idempotencyKey || !text || text.length > MAX_BODY || deps.viewer.kind !== 'user') return postCommentStepwise(deps, threadId, body);
  return postCommentAtOnce(deps, deps.viewer, threadId, text);
}

function postCommentStepwise(deps: Deps, threadId: string, body: string) {
  return runThreadAction(deps, threadId, 'comment', async (tx, thread) => {
    const text = checkBody('body', body);
    const comment = await tx.comment.create({
      data: { threadId, authorId: deps.viewer.kind === 'user' ? deps.viewer.id : '', body: text },
    });
    await recordEvent(tx, { type: 'thread.comment_posted', ...threadEvent(thread, deps), payload: { threadId, commentId: comment.id } });
    return comment;
  }, { operation: 'postComment', load: (tx, id) => tx.comment.findUniqueOrThrow({ where: { id } }) });
}

/** What the one-statement comment returns: the thread as locked, and the comment, its author and event once made. */
interface PostedRow extends LockedThread {
  id: string | null;
  createdAt: Date | null;
  eventId: bigint | null;
  authorEmail: string;
  authorName: string;
  authorStaffRole: User['staffRole'];
  authorCreatedAt: Date;
  authorDisabledAt: Date | null;
  authorAccountId: string | null;
}

/**
 * Where the viewer may comment, as a condition on the locked thread (`thread`): the thread rules
 * (`canManageApp`, `threadRefusals`) asked here for each status, for each partner the viewer is a
 * member of and for any other partner — they tell partners apart only by membership — so the
 * statement inserts exactly when the rules, asked afterwards of the row it locked, allow it.
 */
function mayCommentSql(viewer: Viewer & { kind: 'user' }): Prisma.Sql {
  const statuses = ['OPEN', 'RESOLVED'] as const;
  const may = (status: LockedThread['status'], partnerId: string) =>
    canManageApp(viewer, { partnerId }) && threadRefusals('comment', { status, partnerId }, viewer).length === 0;
  // No partner has the empty id: it stands for a partner the viewer is not a member of.
  const anyPartner = statuses.filter((status) => may(status, ''));
  const pairs = [...viewer.memberships.keys()].flatMap((partnerId) => statuses.filter((status) => may(status, partnerId)).map((status) => [partnerId, status]));
  return Prisma.sql`(thread."status" = ANY(${anyPartner}::text[])
    OR (thread."partnerId", thread."status") IN (SELECT * FROM unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[])))`;
}

/**
 * The whole comment as ONE autocommit statement: lock the thread (share, as `lockThread`), insert
 * the comment where the rules allow, then its event under the event-order lock (`eventAfterSql`),
 * returning the comment and its author. A refusal inserts nothing; the rules then say why, from the
 * row the statement locked, with the same errors as the step-by-step path.
 */
async function postCommentAtOnce(deps: Deps, viewer: Viewer & { kind: 'user' }, threadId: string, text: string): Promise<PostedComment> {
  // cuid-shaped, like the ids Prisma makes.
  const id = `c${randomBytes(12).toString('hex')}`;
  const event = eventAfterSql({
    type: 'thread.comment_posted',
    from: Prisma.raw('posted'),
    actorId: viewer.id,
    payload: { threadId, commentId: id },
  });
  const [row] = await queryRows<PostedRow>(
    deps.prisma,
    Prisma.sql`
    WITH thread AS (
      SELECT t."status"::text AS "status", t."versionId", v."appId", a."partnerId"
      FROM "Thread" t JOIN "AppVersion" v ON v.id = t."versionId" JOIN "App" a ON a.id = v."appId"
      WHERE t.id = ${threadId} FOR SHARE OF t
    ),
    comment AS (
      INSERT INTO "Comment" ("id", "threadId", "authorId", "body")
      SELECT ${id}, ${threadId}, ${viewer.id}, ${text} FROM thread WHERE ${mayCommentSql(viewer)}
      RETURNING "id", "createdAt"
    ),
    posted AS (SELECT thread."appId", thread."versionId", thread."partnerId" FROM thread, comment),
    ${event}
    SELECT thread.*, comment."id", comment."createdAt", event."id" AS "eventId",
           u."email" AS "authorEmail", u."name" AS "authorName",
           u."staffRole"::text AS "authorStaffRole", u."createdAt" AS "authorCreatedAt", u."disabledAt" AS "authorDisabledAt",
           u."accountId" AS "authorAccountId"
    FROM thread LEFT JOIN comment ON true LEFT JOIN event ON true LEFT JOIN "User" u ON u.id = ${viewer.id}`,
  );
  if (!row?.id || row.eventId === null || !row.createdAt) {
    if (!row || !canManageApp(viewer, row)) throw new NotFoundError('No such thread');
    const reasons = threadRefusals('comment', row, viewer);
    if (reasons.length) throw refusalError(reasons);
    throw new Error(`The comment on thread ${threadId} was refused by the statement, though the thread rules allow it`);
  }
  noteEvent(deps.recordedEvents, row.eventId, 'thread.comment_posted');
  return {
    id,
    threadId,
    authorId: viewer.id,
    body: text,
    createdAt: row.createdAt,
    author: {
      id: viewer.id,
      email: row.authorEmail,
      name: row.authorName,
      staffRole: row.authorStaffRole,
      createdAt: row.authorCreatedAt,
      disabledAt: row.authorDisabledAt,
      accountId: row.authorAccountId,
    },
  };
}

/** The partner says the deficiency is fixed; a reviewer still resolves it. */
export function markThreadAddressed(deps: Deps, threadId: string) {
  return runThreadAction(deps, threadId, 'markAddressed', async (tx, thread) => {
    const updated = await tx.thread.update({ where: { id: threadId }, data: { addressedAt: new Date() } });
    await recordEvent(tx, { type: 'thread.addressed', ...threadEvent(thread, deps), payload: { threadId } });
    return updated;
  });
}

/** A reviewer resolves a thread. */
export function resolveThread(deps: Deps, threadId: string) {
  return runThreadAction(deps, threadId, 'resolve', async (tx, thread) => {
    const updated = await tx.thread.update({
      where: { id: threadId },
      data: { status: 'RESOLVED', resolvedAt: new Date(), resolvedById: deps.viewer.kind === 'user' ? deps.viewer.id : null },
    });
    await recordEvent(tx, { type: 'thread.resolved', ...threadEvent(thread, deps), payload: { threadId, status: { old: 'OPEN', new: 'RESOLVED' } } });
    return updated;
  });
}
