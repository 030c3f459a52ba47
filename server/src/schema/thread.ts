import { Prisma } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import { CapabilityRef } from './version.js';
import { threadRefusals, type ThreadAction } from '../domain/lifecycle.js';
import { markThreadAddressed, openThread, postComment, resolveThread } from '../domain/threads.js';
import { canManageVersion, partnerOfApp } from '../domain/visibility.js';

const ThreadAnchorEnum = builder.enumType('ThreadAnchor', { values: ['GENERAL', 'CHECKLIST_ITEM', 'LISTING_FIELD'] as const });
const ThreadStatusEnum = builder.enumType('ThreadStatus', { values: ['OPEN', 'RESOLVED'] as const });

builder.prismaNode('Thread', {
  id: { field: 'id' },
  description: 'A deficiency a reviewer found, and its discussion.',
  select: { version: { select: { appId: true, app: { select: { partnerId: true } } } } },
  authScopes: nodeVisibility('Thread', (thread, ctx) => canManageVersion(ctx, thread.version)),
  fields: (t) => ({
    title: t.exposeString('title'),
    anchor: t.expose('anchor', { type: ThreadAnchorEnum }),
    anchorKey: t.exposeString('anchorKey', { nullable: true, description: 'The checklist item key or listing field.' }),
    blocking: t.exposeBoolean('blocking', { description: 'Approval is refused while a blocking thread is open.' }),
    status: t.expose('status', { type: ThreadStatusEnum }),
    addressedAt: t.expose('addressedAt', { type: 'DateTime', nullable: true }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    author: t.relation('author'),
    version: t.relation('version'),
    comments: t.relation('comments', { query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
    viewerCan: t.field({
      type: builder.objectRef<Record<ThreadAction, { allowed: boolean; reasons: ReturnType<typeof threadRefusals> }>>('ThreadCapabilities').implement({
        fields: (c) => ({
          comment: c.field({ type: CapabilityRef, resolve: (p) => p.comment }),
          markAddressed: c.field({ type: CapabilityRef, resolve: (p) => p.markAddressed }),
          resolve: c.field({ type: CapabilityRef, resolve: (p) => p.resolve }),
        }),
      }),
      select: { status: true },
      resolve: async (thread, _args, ctx) => {
        const partnerId = (await partnerOfApp(ctx, thread.version.appId)) ?? '';
        const can = (action: ThreadAction) => {
          const reasons = threadRefusals(action, { status: thread.status, partnerId }, ctx.viewer);
          return { allowed: reasons.length === 0, reasons };
        };
        return { comment: can('comment'), markAddressed: can('markAddressed'), resolve: can('resolve') };
      },
    }),
  }),
});

builder.prismaObject('Comment', {
  fields: (t) => ({
    id: t.exposeID('id'),
    body: t.exposeString('body'),
    author: t.relation('author'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('AppVersion', 'openThreadCount', (t) =>
  t.relationCount('threads', { where: { status: 'OPEN' }, description: 'How many deficiency threads are open.' }),
);

/** What a posted comment holds (`postComment` in domain/threads.ts): its own columns, and its author's but the password hash. */
const COMMENT_COLUMNS = new Set<string>(Object.values(Prisma.CommentScalarFieldEnum));
const AUTHOR_COLUMNS = new Set<string>(Object.values(Prisma.UserScalarFieldEnum).filter((column) => column !== 'passwordHash'));

/**
 * Whether a comment with its author's row answers a planned query: it selects the comment's own
 * columns, and of its relations only the author, whole or by columns (no relation of the author).
 */
function holdsQuery(query: { select?: object; include?: object }): boolean {
  const selected = { ...query.include, ...query.select } as Record<string, unknown>;
  return Object.entries(selected).every(([field, value]) => {
    if (value === false) return true;
    if (field !== 'author') return value === true && COMMENT_COLUMNS.has(field);
    if (value === true) return true;
    const nested = value as { select?: Record<string, unknown>; include?: unknown };
    return !nested.include && Object.entries(nested.select ?? {}).every(([column, on]) => on === false || (on === true && AUTHOR_COLUMNS.has(column)));
  });
}

builder.mutationFields((t) => ({
  openThread: t.prismaField({
    type: 'Thread',
    description: 'A reviewer opens a deficiency thread, optionally anchored to a checklist item or listing field.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      versionId: t.arg.id({ required: true }),
      title: t.arg.string({ required: true }),
      body: t.arg.string({ required: true }),
      anchor: t.arg({ type: ThreadAnchorEnum, required: false, defaultValue: 'GENERAL' }),
      anchorKey: t.arg.string({ required: false }),
      blocking: t.arg.boolean({ required: false, defaultValue: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const thread = await openThread(ctx, idOf(String(args.versionId), 'AppVersion'), {
        title: args.title,
        body: args.body,
        anchor: args.anchor ?? 'GENERAL',
        anchorKey: args.anchorKey ?? null,
        blocking: args.blocking ?? true,
      });
      return ctx.prisma.thread.findUniqueOrThrow({ ...plannedQuery(query), where: { id: thread.id } });
    },
  }),
  postComment: t.prismaField({
    type: 'Comment',
    description: 'Comments on an open thread (partner members and staff).',
    errors: { types: [...ACTION_ERRORS] },
    args: { threadId: t.arg.id({ required: true }), body: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const comment = await postComment(ctx, idOf(String(args.threadId), 'Thread'), args.body);
      // The posted comment comes back with its author: read again only what it does not hold.
      if ('author' in comment && holdsQuery(query)) return comment;
      return ctx.prisma.comment.findUniqueOrThrow({ ...plannedQuery(query), where: { id: comment.id } });
    },
  }),
  markThreadAddressed: t.prismaField({
    type: 'Thread',
    description: 'The partner says the deficiency is fixed; no resubmission needed to answer.',
    errors: { types: [...ACTION_ERRORS] },
    args: { threadId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const thread = await markThreadAddressed(ctx, idOf(String(args.threadId), 'Thread'));
      return ctx.prisma.thread.findUniqueOrThrow({ ...plannedQuery(query), where: { id: thread.id } });
    },
  }),
  resolveThread: t.prismaField({
    type: 'Thread',
    description: 'A reviewer resolves a thread.',
    errors: { types: [...ACTION_ERRORS] },
    args: { threadId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const thread = await resolveThread(ctx, idOf(String(args.threadId), 'Thread'));
      return ctx.prisma.thread.findUniqueOrThrow({ ...plannedQuery(query), where: { id: thread.id } });
    },
  }),
}));
