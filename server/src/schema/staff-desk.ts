import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import { isAdmin, isStaff } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../domain/errors.js';
import { addStaffNote, cannedRepliesWhere, createCannedReply, deleteCannedReply, updateCannedReply } from '../domain/staff-desk.js';
import type { PresenceEntry } from '../presence.js';

// The reviewer's desk: private staff notes on a version, canned replies, and who else has the
// review open. Every type and entry point here is staff only, checked on the server.

builder.prismaObject('StaffNote', {
  description: 'A private note staff keep on a version. Partners never see notes, nor their events.',
  authScopes: { staff: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    body: t.exposeString('body'),
    author: t.relation('author'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('AppVersion', 'staffNotes', (t) =>
  t.relation('staffNotes', {
    description: 'Staff only: private notes on this version, oldest first.',
    authScopes: { staff: true },
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
);

/** Whether the viewer may edit a canned reply: their own, or a shared one as an admin. */
const mayEdit = (reply: { ownerId: string | null }, ctx: Context) =>
  reply.ownerId === null ? isAdmin(ctx.viewer) : ctx.viewer.kind === 'user' && reply.ownerId === ctx.viewer.id;

builder.prismaNode('CannedReply', {
  id: { field: 'id' },
  description: "A reply a reviewer inserts into a thread's comment box: their own or shared by the marketplace.",
  select: { ownerId: true },
  // Staff see their own and the shared ones; another reviewer's own read as missing.
  authScopes: nodeVisibility('CannedReply', (reply: { ownerId: string | null }, ctx) =>
    isStaff(ctx.viewer) && (reply.ownerId === null || (ctx.viewer.kind === 'user' && reply.ownerId === ctx.viewer.id)),
  ),
  fields: (t) => ({
    title: t.exposeString('title'),
    body: t.exposeString('body'),
    shared: t.boolean({ description: 'Shared by every reviewer; admins edit it.', resolve: (r) => r.ownerId === null }),
    viewerCanEdit: t.boolean({ resolve: (r, _args, ctx) => mayEdit(r, ctx) }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryField('cannedReplies', (t) =>
  t.prismaField({
    type: ['CannedReply'],
    description: 'Staff only: the viewer’s own canned replies and the shared ones, shared first, by title.',
    authScopes: { staff: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.cannedReply.findMany({
        ...plannedQuery(query),
        where: cannedRepliesWhere(ctx.viewer),
        orderBy: [{ ownerId: { sort: 'asc', nulls: 'first' } }, { title: 'asc' }, { id: 'asc' }],
      }),
  }),
);

const deps = (ctx: Context) => ({ prisma: ctx.prisma, viewer: ctx.viewer, idempotencyKey: ctx.idempotencyKey, recordedEvents: ctx.recordedEvents });
const replyId = (id: string | number) => idOf(String(id), 'CannedReply');

builder.mutationFields((t) => ({
  addStaffNote: t.prismaField({
    type: 'StaffNote',
    description: 'Staff only: a private note on a version. Other staff on the version see it live; partners never do.',
    errors: { types: [...ACTION_ERRORS] },
    args: { versionId: t.arg.id({ required: true }), body: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const note = await addStaffNote(deps(ctx), idOf(String(args.versionId), 'AppVersion'), args.body);
      return ctx.prisma.staffNote.findUniqueOrThrow({ ...plannedQuery(query), where: { id: note.id } });
    },
  }),
  createCannedReply: t.prismaField({
    type: 'CannedReply',
    description: 'Staff only: saves a canned reply, the viewer’s own or (admins) a shared one.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      title: t.arg.string({ required: true }),
      body: t.arg.string({ required: true }),
      shared: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const reply = await createCannedReply(deps(ctx), { title: args.title, body: args.body, shared: args.shared ?? false });
      return ctx.prisma.cannedReply.findUniqueOrThrow({ ...plannedQuery(query), where: { id: reply.id } });
    },
  }),
  updateCannedReply: t.prismaField({
    type: 'CannedReply',
    description: 'Edits a canned reply: one’s own, or a shared one as an admin. Omitted fields stay.',
    errors: { types: [...ACTION_ERRORS] },
    args: { id: t.arg.id({ required: true }), title: t.arg.string({ required: false }), body: t.arg.string({ required: false }) },
    resolve: async (query, _root, args, ctx) => {
      const reply = await updateCannedReply(deps(ctx), replyId(args.id), { title: args.title ?? null, body: args.body ?? null });
      return ctx.prisma.cannedReply.findUniqueOrThrow({ ...plannedQuery(query), where: { id: reply.id } });
    },
  }),
  deleteCannedReply: t.field({
    type: 'ID',
    description: 'Deletes a canned reply (one’s own, or a shared one as an admin); returns its id.',
    errors: { types: [...ACTION_ERRORS] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const reply = await deleteCannedReply(deps(ctx), replyId(args.id));
      return encodeGlobalID('CannedReply', reply.id);
    },
  }),
}));

// ─── Presence ──────────────────────────────────────────────────────────────

interface PresenceUpdate {
  versionId: string;
  viewers: PresenceEntry[];
}

const PresentViewerRef = builder.objectRef<PresenceEntry>('PresentViewer').implement({
  description: 'A staff member with the version’s review open.',
  fields: (t) => ({
    userId: t.id({ description: 'The global id of the User.', resolve: (p) => encodeGlobalID('User', p.userId) }),
    name: t.exposeString('name'),
    since: t.field({ type: 'DateTime', description: 'When they opened it.', resolve: (p) => new Date(p.since) }),
  }),
});

const VersionPresenceRef = builder.objectRef<PresenceUpdate>('VersionPresence').implement({
  description: 'Everyone with a version’s review open now, the subscriber included.',
  fields: (t) => ({
    versionId: t.id({ resolve: (p) => encodeGlobalID('AppVersion', p.versionId) }),
    viewers: t.field({ type: [PresentViewerRef], resolve: (p) => p.viewers }),
  }),
});

builder.subscriptionField('versionPresence', (t) =>
  t.field({
    type: VersionPresenceRef,
    description:
      'Staff only: registers the subscriber as present on the version while the subscription is open, and sends the list of people present whenever it changes (first at once). Closing the page or losing the socket removes them.',
    authScopes: { staff: true },
    args: { versionId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const versionId = safeVersionId(String(args.versionId));
      const [version, user] = await Promise.all([
        ctx.prisma.appVersion.findUnique({ where: { id: versionId }, select: { id: true } }),
        ctx.viewer.kind === 'user' ? ctx.prisma.user.findUnique({ where: { id: ctx.viewer.id }, select: { id: true, name: true } }) : null,
      ]);
      if (!version || !user) throw new GraphQLError('No such version', { extensions: { code: 'NOT_FOUND' } });
      const board = ctx.presence;
      return new Repeater<PresenceUpdate>(async (push, stop) => {
        let last = '';
        let reading = Promise.resolve();
        // Re-read on every change; only a different list is sent.
        const changed = () => {
          reading = reading.then(async () => {
            const viewers = await board.list(versionId);
            const key = JSON.stringify(viewers);
            if (key === last) return;
            last = key;
            await push({ versionId, viewers });
          }).catch(() => {});
        };
        const unwatch = board.watch(versionId, changed);
        const lease = await board.join(versionId, { userId: user.id, name: user.name, since: Date.now() });
        changed();
        await stop;
        lease.leave();
        unwatch();
      });
    },
    resolve: (update) => update,
  }),
);

function safeVersionId(globalId: string): string {
  try {
    return idOf(globalId, 'AppVersion');
  } catch (error) {
    if (error instanceof NotFoundError) throw new GraphQLError('No such version', { extensions: { code: 'NOT_FOUND' } });
    throw error;
  }
}
