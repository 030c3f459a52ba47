import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/client.js';
import { transaction, type IdempotentDeps } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import type { StaffRole } from '../generated/prisma/client.js';
import { NotFoundError, ValidationError, refusalError } from './errors.js';
import type { Reason } from './lifecycle.js';
import { PASSWORD_LENGTH } from './teams.js';
import { Problems } from './validation.js';

type Deps = IdempotentDeps;

const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 200;

const refuse = (code: Reason['code'], message: string) => refusalError([{ code, message }]);

function requireAdmin(deps: Deps, what: string): string {
  const { viewer } = deps;
  if (viewer.kind !== 'user' || viewer.staffRole !== 'ADMIN') throw refuse('FORBIDDEN', `Only admins may ${what}`);
  return viewer.id;
}

/**
 * The enabled admins, locked until the transaction ends: every change that can take an admin away
 * takes them first, so two admins demoting each other at once cannot leave the marketplace without one.
 */
async function lockAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "User" WHERE "staffRole" = 'ADMIN' AND "disabledAt" IS NULL ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}

const lastAdmin = (what: string) => refuse('LAST_ADMIN', `The last admin cannot be ${what}; make another staff member an admin first`);

/** A one-time initial password, for an admin to hand over when they chose none. */
const generatedPassword = () => randomBytes(12).toString('base64url');

/**
 * An admin creates a staff account (reviewer or admin) with an initial password: the one given,
 * or a generated one answered once here (only its hash is stored). The new staff member signs in
 * with it. An e-mail that already has an account is refused.
 */
export async function createStaffUser(
  deps: Deps,
  input: { email: string; name: string; role: StaffRole; password?: string | null },
  hashPassword: (password: string) => Promise<string>,
) {
  const actorId = requireAdmin(deps, 'create staff accounts');
  const problems = new Problems();
  const email = input.email.trim().toLowerCase();
  problems.check(email.length <= MAX_EMAIL_LENGTH, 'email', `must be at most ${MAX_EMAIL_LENGTH} characters`);
  problems.check(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email), 'email', 'must be an e-mail address');
  const name = input.name.trim();
  problems.check(name.length > 0, 'name', 'is required');
  problems.check(name.length <= MAX_NAME_LENGTH, 'name', `must be at most ${MAX_NAME_LENGTH} characters`);
  const given = input.password ?? null;
  if (given !== null) {
    problems.check(given.length >= PASSWORD_LENGTH.min, 'password', `must be at least ${PASSWORD_LENGTH.min} characters`);
    problems.check(given.length <= PASSWORD_LENGTH.max, 'password', `must be at most ${PASSWORD_LENGTH.max} characters`);
  }
  problems.throwIfAny();
  if (await deps.prisma.user.findUnique({ where: { email }, select: { id: true } })) {
    throw refuse('ACCOUNT_EXISTS', `${email} already has an account`);
  }
  const password = given ?? generatedPassword();
  const passwordHash = await hashPassword(password);
  const user = await transaction(deps, undefined, async (tx) => {
    // Checked again inside: a simultaneous creation of the same address fails on the unique e-mail.
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw refuse('ACCOUNT_EXISTS', `${email} already has an account`);
    const created = await tx.user.create({ data: { email, name, passwordHash, staffRole: input.role } });
    await recordEvent(tx, { type: 'staff.created', partnerId: null, actorId, payload: { userId: created.id, email, role: input.role, invited: false } });
    return created;
  });
  return { user, initialPassword: given === null ? password : null };
}

async function loadStaff(tx: Tx, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, staffRole: true, disabledAt: true } });
  if (!user?.staffRole) throw new NotFoundError('No such staff member');
  return user as typeof user & { staffRole: StaffRole };
}

/** An admin makes a reviewer an admin or an admin a reviewer; the last enabled admin stays one. */
export async function changeStaffRole(deps: Deps, userId: string, role: StaffRole) {
  const actorId = requireAdmin(deps, 'change staff roles');
  return transaction(deps, undefined, async (tx) => {
    const admins = await lockAdmins(tx);
    const user = await loadStaff(tx, userId);
    if (user.staffRole === role) return user;
    if (role !== 'ADMIN' && admins.length === 1 && admins[0] === userId) throw lastAdmin('made a reviewer');
    const updated = await tx.user.update({ where: { id: userId }, data: { staffRole: role }, select: { id: true, staffRole: true, disabledAt: true } });
    await recordEvent(tx, { type: 'staff.role_changed', partnerId: null, actorId, payload: { userId, role: { old: user.staffRole, new: role } } });
    return updated;
  });
}

/**
 * An admin disables a user — they cannot sign in, and every session of theirs ends (the caller
 * closes this instance's sockets; others' at their next event) — or enables them again. Nobody
 * disables themself, and the last enabled admin stays enabled.
 */
export async function setUserDisabled(deps: Deps, userId: string, disabled: boolean, now = new Date()) {
  const actorId = requireAdmin(deps, 'disable users');
  return transaction(deps, undefined, async (tx) => {
    const admins = await lockAdmins(tx);
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, staffRole: true, disabledAt: true } });
    if (!user) throw new NotFoundError('No such user');
    // An admin locking themself out could leave the marketplace without one.
    if (disabled && userId === actorId) throw new ValidationError([{ field: 'userId', message: 'you cannot disable yourself' }]);
    if (disabled && admins.length === 1 && admins[0] === userId) throw lastAdmin('disabled');
    if ((user.disabledAt !== null) === disabled) return user;
    const updated = await tx.user.update({ where: { id: userId }, data: { disabledAt: disabled ? now : null }, select: { id: true, staffRole: true, disabledAt: true } });
    if (disabled) await tx.session.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } });
    await recordEvent(tx, { type: 'user.disabled_changed', partnerId: null, actorId, payload: { userId, disabled: { old: !disabled, new: disabled } } });
    return updated;
  });
}
