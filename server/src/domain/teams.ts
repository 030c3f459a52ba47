import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../db/client.js';
import { transaction, type IdempotentDeps } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import type { Invitation, MemberRole } from '../generated/prisma/client.js';
import { NotFoundError, refusalError } from './errors.js';
import type { Reason } from './lifecycle.js';
import { Problems } from './validation.js';

/** How long an invitation link admits its holder. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Longest e-mail address accepted (RFC 5321's path limit). */
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 200;
/** Passwords chosen at sign-up; longer ones are refused before hashing (see the `login` mutation). */
export const PASSWORD_LENGTH = { min: 8, max: 1024 } as const;

type Deps = IdempotentDeps;

/** Where an invitation stands, derived from its facts. */
export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'EXPIRED' | 'CANCELLED';

export function invitationStatus(invitation: Pick<Invitation, 'acceptedAt' | 'expiresAt' | 'cancelledAt'>, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return 'ACCEPTED';
  if (invitation.cancelledAt) return 'CANCELLED';
  return invitation.expiresAt <= now ? 'EXPIRED' : 'PENDING';
}

/** An invitation's link token: `<id>.<secret>`. Only the secret's SHA-256 is stored. */
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

function splitToken(token: string): { id: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot === token.length - 1 || token.length > 200) return null;
  return { id: token.slice(0, dot), secret: token.slice(dot + 1) };
}

/** Whether `secret` is the invitation's: both sides are 32-byte digests, compared in constant time. */
function secretMatches(invitation: Pick<Invitation, 'secretHash'>, secret: string): boolean {
  const stored = Buffer.from(invitation.secretHash);
  const given = hashSecret(secret);
  return stored.length === given.length && timingSafeEqual(stored, given);
}

const noSuchInvitation = () => new NotFoundError('No such invitation (check the link)');
const refuse = (code: Reason['code'], message: string) => refusalError([{ code, message }]);

/** A normalised e-mail address, or a problem with it. */
function checkEmail(problems: Problems, field: string, email: string): string {
  const normalised = email.trim().toLowerCase();
  problems.check(normalised.length <= MAX_EMAIL_LENGTH, field, `must be at most ${MAX_EMAIL_LENGTH} characters`);
  problems.check(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalised), field, 'must be an e-mail address');
  return normalised;
}

/**
 * The partner's memberships, locked until the transaction ends: every team change takes them
 * first, so two owners demoting each other at once cannot leave the partner without an owner.
 */
async function lockTeam(tx: Tx, partnerId: string) {
  return tx.$queryRaw<{ userId: string; role: MemberRole }[]>`
    SELECT "userId", role::text AS role FROM "Membership" WHERE "partnerId" = ${partnerId} ORDER BY id FOR UPDATE`;
}

/**
 * The acting user's role in the partner, read from the locked team (not from the request's viewer,
 * which may be a moment old). Anyone outside the team reads the partner as missing.
 */
function actorRole(deps: Deps, team: { userId: string; role: MemberRole }[]): { actorId: string; role: MemberRole } {
  const actorId = deps.viewer.kind === 'user' ? deps.viewer.id : null;
  const row = actorId ? team.find((m) => m.userId === actorId) : undefined;
  if (!actorId || !row) throw new NotFoundError('No such partner');
  return { actorId, role: row.role };
}

function requireOwner(role: MemberRole, what: string) {
  if (role !== 'OWNER') throw refuse('FORBIDDEN', `Only the partner's owners may ${what}`);
}

/**
 * An owner invites an e-mail address. Answers the invitation and its one-time link token (never
 * stored; the caller builds the link and mails it).
 */
export async function inviteMember(deps: Deps, partnerId: string, email: string, role: MemberRole, now = new Date()) {
  const problems = new Problems();
  const address = checkEmail(problems, 'email', email);
  problems.throwIfAny();
  const secret = randomBytes(32).toString('base64url');
  const invitation = await transaction(deps, undefined, async (tx) => {
    const team = await lockTeam(tx, partnerId);
    const { actorId, role: actor } = actorRole(deps, team);
    requireOwner(actor, 'invite members');
    const existing = await tx.user.findUnique({ where: { email: address }, select: { id: true } });
    if (existing && team.some((m) => m.userId === existing.id)) throw refuse('ALREADY_MEMBER', `${address} is already a member`);
    const created = await tx.invitation.create({
      data: { partnerId, email: address, role, secretHash: hashSecret(secret), invitedById: actorId, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
    });
    await recordEvent(tx, {
      type: 'partner.member_invited',
      partnerId,
      actorId,
      payload: { invitationId: created.id, email: address, role, expiresAt: created.expiresAt.toISOString() },
    });
    return created;
  });
  return { invitation, token: `${invitation.id}.${secret}` };
}

/** The invitation a token names, if the token's secret is its own; null otherwise. */
export async function findInvitation(tx: Tx, token: string, lock = false): Promise<Invitation | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  // Locked by whoever accepts: the second of two simultaneous acceptances finds it used.
  if (lock) await tx.$queryRaw`SELECT id FROM "Invitation" WHERE id = ${parts.id} FOR UPDATE`;
  const invitation = await tx.invitation.findUnique({ where: { id: parts.id } });
  return invitation && secretMatches(invitation, parts.secret) ? invitation : null;
}

/** Refuses an invitation that is used or expired. */
function requirePending(invitation: Invitation, now: Date) {
  const status = invitationStatus(invitation, now);
  if (status === 'ACCEPTED') throw refuse('INVITATION_USED', 'This invitation was already accepted; ask an owner for a new one');
  if (status === 'EXPIRED') throw refuse('INVITATION_EXPIRED', 'This invitation has expired; ask an owner for a new one');
  if (status === 'CANCELLED') throw refuse('INVITATION_CANCELLED', 'This invitation was cancelled by an owner of the team; ask them for a new one');
}

/** Makes the membership an invitation promises, marks the invitation used and records it. */
async function join(tx: Tx, invitation: Invitation, userId: string, signedUp: boolean, now: Date) {
  await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now, acceptedById: userId } });
  const membership = await tx.membership.create({ data: { partnerId: invitation.partnerId, userId, role: invitation.role } });
  await recordEvent(tx, {
    type: 'partner.member_joined',
    partnerId: invitation.partnerId,
    actorId: userId,
    payload: { invitationId: invitation.id, userId, email: invitation.email, role: invitation.role, signedUp },
  });
  return membership;
}

/** The signed-in user accepts an invitation addressed to their e-mail. */
export async function acceptInvitation(deps: Deps, token: string, now = new Date()) {
  const viewer = deps.viewer;
  if (viewer.kind !== 'user') throw refuse('FORBIDDEN', 'Sign in (or sign up) to accept an invitation');
  return transaction(deps, undefined, async (tx) => {
    const invitation = await findInvitation(tx, token, true);
    if (!invitation) throw noSuchInvitation();
    requirePending(invitation, now);
    const user = await tx.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { email: true } });
    if (user.email.toLowerCase() !== invitation.email) {
      throw refuse('INVITATION_FOR_ANOTHER', `This invitation is for ${invitation.email}; sign in with that address`);
    }
    await lockTeam(tx, invitation.partnerId);
    if (await tx.membership.findUnique({ where: { partnerId_userId: { partnerId: invitation.partnerId, userId: viewer.id } } })) {
      throw refuse('ALREADY_MEMBER', 'You are already a member of this partner');
    }
    return join(tx, invitation, viewer.id, false, now);
  });
}

/**
 * A new user signs up through an invitation: the account takes the invitation's e-mail and
 * joins the team in the same transaction. Answers the user's id; the caller opens the session.
 */
export async function signUpWithInvitation(
  deps: Deps,
  input: { token: string; name: string; password: string },
  hashPassword: (password: string) => Promise<string>,
  now = new Date(),
) {
  const problems = new Problems();
  const name = input.name.trim();
  problems.check(name.length > 0, 'name', 'is required');
  problems.check(name.length <= MAX_NAME_LENGTH, 'name', `must be at most ${MAX_NAME_LENGTH} characters`);
  problems.check(input.password.length >= PASSWORD_LENGTH.min, 'password', `must be at least ${PASSWORD_LENGTH.min} characters`);
  problems.check(input.password.length <= PASSWORD_LENGTH.max, 'password', `must be at most ${PASSWORD_LENGTH.max} characters`);
  problems.throwIfAny();
  // Checked before the slow hash, and again under the lock below.
  const preview = await findInvitation(deps.prisma, input.token);
  if (!preview) throw noSuchInvitation();
  requirePending(preview, now);
  const passwordHash = await hashPassword(input.password);
  return transaction(deps, undefined, async (tx) => {
    const invitation = await findInvitation(tx, input.token, true);
    if (!invitation) throw noSuchInvitation();
    requirePending(invitation, now);
    if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
      throw refuse('ACCOUNT_EXISTS', `${invitation.email} already has an account: sign in, then accept the invitation`);
    }
    await lockTeam(tx, invitation.partnerId);
    const user = await tx.user.create({ data: { email: invitation.email, name, passwordHash } });
    await join(tx, invitation, user.id, true, now);
    return { id: user.id };
  });
}

/** An owner changes a member's role; the last owner cannot be demoted. */
export async function changeMemberRole(deps: Deps, partnerId: string, userId: string, role: MemberRole) {
  return transaction(deps, undefined, async (tx) => {
    const team = await lockTeam(tx, partnerId);
    const { actorId, role: actor } = actorRole(deps, team);
    requireOwner(actor, 'change roles');
    const target = team.find((m) => m.userId === userId);
    if (!target) throw new NotFoundError('No such member');
    const membership = { partnerId_userId: { partnerId, userId } };
    if (target.role === role) return tx.membership.findUniqueOrThrow({ where: membership });
    if (target.role === 'OWNER' && team.filter((m) => m.role === 'OWNER').length === 1) {
      throw refuse('LAST_OWNER', 'The last owner cannot be demoted; make another member an owner first');
    }
    const updated = await tx.membership.update({ where: membership, data: { role } });
    await recordEvent(tx, { type: 'partner.member_role_changed', partnerId, actorId, payload: { userId, role: { old: target.role, new: role } } });
    return updated;
  });
}

/**
 * An owner removes a member, or a member leaves (removes themself). The last owner can do neither.
 * Their requests lose the partner at once; their live streams at the stream's next event.
 */
export async function removeMember(deps: Deps, partnerId: string, userId: string) {
  return transaction(deps, undefined, async (tx) => {
    const team = await lockTeam(tx, partnerId);
    const { actorId, role: actor } = actorRole(deps, team);
    const left = actorId === userId;
    if (!left) requireOwner(actor, 'remove members');
    const target = team.find((m) => m.userId === userId);
    if (!target) throw new NotFoundError('No such member');
    if (target.role === 'OWNER' && team.filter((m) => m.role === 'OWNER').length === 1) {
      throw refuse('LAST_OWNER', left ? 'The last owner cannot leave; make another member an owner first' : 'The last owner cannot be removed');
    }
    await tx.membership.delete({ where: { partnerId_userId: { partnerId, userId } } });
    await recordEvent(tx, { type: 'partner.member_removed', partnerId, actorId, payload: { userId, role: target.role, left } });
    return { id: userId, partnerId, left };
  });
}

/**
 * An owner cancels a pending invitation: its link then admits no one (`INVITATION_CANCELLED`).
 * An accepted invitation is a membership now (remove the member instead); cancelling twice is refused.
 * Its creation stays in the history.
 */
export async function cancelInvitation(deps: Deps, invitationId: string, now = new Date()) {
  return transaction(deps, undefined, async (tx) => {
    const found = await tx.invitation.findUnique({ where: { id: invitationId }, select: { partnerId: true } });
    if (!found) throw noSuchInvitation();
    const team = await lockTeam(tx, found.partnerId);
    const { actorId, role } = actorRole(deps, team);
    requireOwner(role, 'cancel invitations');
    // Locked like an acceptance, so a link used at this moment is either accepted or cancelled.
    const invitation = (await findInvitationById(tx, invitationId))!;
    // An expired one may be cancelled too, to take it off the team page.
    const status = invitationStatus(invitation, now);
    if (status === 'ACCEPTED') throw refuse('INVITATION_USED', 'This invitation was already accepted; remove the member instead');
    if (status === 'CANCELLED') throw refuse('INVITATION_CANCELLED', 'This invitation is already cancelled');
    const cancelled = await tx.invitation.update({ where: { id: invitationId }, data: { cancelledAt: now } });
    await recordEvent(tx, {
      type: 'partner.invitation_cancelled',
      partnerId: invitation.partnerId,
      actorId,
      payload: { invitationId, email: invitation.email },
    });
    return cancelled;
  });
}

async function findInvitationById(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "Invitation" WHERE id = ${id} FOR UPDATE`;
  return tx.invitation.findUnique({ where: { id } });
}
