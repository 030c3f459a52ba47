import { isAdmin, isStaff, type Viewer } from '../auth/viewer.js';
import { transaction, type IdempotentDeps } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import type { CannedReply, Prisma, StaffNote } from '../generated/prisma/client.js';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.js';

// The reviewer's desk: private notes on a version and canned replies. Staff only, end to end:
// partners can neither read nor write any of it, and a note's event is kept to staff (partnerId null).

const MAX_NOTE = 10_000;
const MAX_TITLE = 200;
const MAX_REPLY = 10_000;

function required(field: string, value: string, max: number): string {
  const text = value.trim();
  if (!text) throw new ValidationError([{ field, message: 'is required' }]);
  if (text.length > max) throw new ValidationError([{ field, message: `must be at most ${max} characters` }]);
  return text;
}

const staffOnly = (what: string) => new ForbiddenError([{ code: 'FORBIDDEN', message: `Only marketplace staff may ${what}` }]);

function staffId(viewer: Viewer, what: string): string {
  if (viewer.kind !== 'user' || !isStaff(viewer)) throw staffOnly(what);
  return viewer.id;
}

/** A staff member writes a private note on a version. Its event reaches staff only. */
export function addStaffNote(deps: IdempotentDeps, versionId: string, body: string): Promise<StaffNote> {
  const authorId = staffId(deps.viewer, 'write private notes');
  const text = required('body', body, MAX_NOTE);
  return transaction(deps, { operation: 'addStaffNote', load: (tx, id) => tx.staffNote.findUniqueOrThrow({ where: { id } }) }, async (tx) => {
    const version = await tx.appVersion.findUnique({ where: { id: versionId }, select: { id: true, appId: true } });
    if (!version) throw new NotFoundError('No such version');
    const note = await tx.staffNote.create({ data: { versionId, authorId, body: text } });
    await recordEvent(tx, {
      type: 'version.note_added',
      appId: version.appId,
      versionId,
      // Staff only: history and live streams never give it to the partner.
      partnerId: null,
      actorId: authorId,
      payload: { noteId: note.id },
    });
    return note;
  });
}

/** The canned replies a staff member may use: their own and the shared ones. */
export function cannedRepliesWhere(viewer: Viewer): Prisma.CannedReplyWhereInput {
  const ownerId = staffId(viewer, 'use canned replies');
  return { OR: [{ ownerId }, { ownerId: null }] };
}

export interface CannedReplyInput {
  title: string;
  body: string;
}

/** A staff member saves a canned reply: their own, or (admins only) a shared one. */
export function createCannedReply(deps: IdempotentDeps, input: CannedReplyInput & { shared: boolean }): Promise<CannedReply> {
  const ownerId = staffId(deps.viewer, 'keep canned replies');
  if (input.shared && !isAdmin(deps.viewer)) throw staffOnlyShared();
  const data = { title: required('title', input.title, MAX_TITLE), body: required('body', input.body, MAX_REPLY) };
  return deps.prisma.cannedReply.create({ data: { ...data, ownerId: input.shared ? null : ownerId } });
}

const staffOnlyShared = () => new ForbiddenError([{ code: 'FORBIDDEN', message: 'Only admins may change shared canned replies' }]);

/** Loads a reply the viewer may change: their own, or a shared one for an admin. Another's own reads as missing. */
async function editableReply(deps: IdempotentDeps, id: string): Promise<CannedReply> {
  const ownerId = staffId(deps.viewer, 'keep canned replies');
  const reply = await deps.prisma.cannedReply.findUnique({ where: { id } });
  if (!reply || (reply.ownerId !== null && reply.ownerId !== ownerId)) throw new NotFoundError('No such canned reply');
  if (reply.ownerId === null && !isAdmin(deps.viewer)) throw staffOnlyShared();
  return reply;
}

/** Edits a canned reply's title and/or body. */
export async function updateCannedReply(deps: IdempotentDeps, id: string, input: { title?: string | null; body?: string | null }): Promise<CannedReply> {
  await editableReply(deps, id);
  const data = {
    ...(input.title != null ? { title: required('title', input.title, MAX_TITLE) } : {}),
    ...(input.body != null ? { body: required('body', input.body, MAX_REPLY) } : {}),
  };
  return deps.prisma.cannedReply.update({ where: { id }, data });
}

/** Deletes a canned reply; returns it as it was. */
export async function deleteCannedReply(deps: IdempotentDeps, id: string): Promise<CannedReply> {
  const reply = await editableReply(deps, id);
  await deps.prisma.cannedReply.delete({ where: { id } });
  return reply;
}
