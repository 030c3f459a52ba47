import { builder } from './builder.js';
import { ACTION_ERRORS, InvalidCredentialsError, RateLimitedError, ValidationError } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import { signSessionToken } from '../auth/tokens.js';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from '../auth/passwords.js';
import { endSession, endUserSessions, startSession } from '../auth/sessions.js';
import { setUserDisabled } from '../domain/staff.js';
import { isMemberOf, isStaff } from '../auth/viewer.js';
import type { Account, Partner, User } from '../generated/prisma/client.js';
import { queryFromInfo } from '@pothos/plugin-prisma';

/** Longer passwords are refused before hashing: no one types more, and hashing them costs. */
const MAX_PASSWORD_LENGTH = 1024;

export const StaffRoleEnum = builder.enumType('StaffRole', { values: ['REVIEWER', 'ADMIN'] as const });
export const MemberRoleEnum = builder.enumType('MemberRole', { values: ['OWNER', 'MEMBER'] as const });

/** Who is asking: a signed-in user, or the account whose API key the request carries. */
export const ViewerInterface = builder.interfaceRef<User | Account>('Viewer').implement({
  description: 'Who is asking: a signed-in `User`, or the `Account` of an account API key.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
  }),
  // The viewer query loads the one the credentials name, so they say which it is.
  resolveType: (_value, ctx) => (ctx.viewer.kind === 'accountKey' ? 'Account' : 'User'),
});

export const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  description: "A person: marketplace staff, a partner member, or an account's administrator (a customer).",
  interfaces: [ViewerInterface],
  // Names are shown beside comments and claims; e-mail and memberships only to the person and staff.
  authScopes: nodeVisibility('User', (_user, ctx) => ctx.viewer.kind === 'user'),
  fields: (t) => ({
    name: t.exposeString('name'),
    staffRole: t.expose('staffRole', { type: StaffRoleEnum, nullable: true }),
    email: t.exposeString('email', {
      authScopes: (user, _args, ctx) => (ctx.viewer.kind === 'user' && ctx.viewer.id === user.id) || isStaff(ctx.viewer),
    }),
    disabledAt: t.expose('disabledAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Since when the user may not sign in; null while they may.',
      authScopes: { staff: true },
    }),
    memberships: t.relation('memberships', {
      authScopes: (user, _args, ctx) => (ctx.viewer.kind === 'user' && ctx.viewer.id === user.id) || isStaff(ctx.viewer),
    }),
    account: t.relation('account', {
      nullable: true,
      description: 'The account the user administers (a customer): signed in, they do for it what its API key does. Null for staff and partners.',
      authScopes: (user, _args, ctx) => (ctx.viewer.kind === 'user' && ctx.viewer.id === user.id) || isStaff(ctx.viewer),
    }),
  }),
});

builder.prismaObject('Membership', {
  fields: (t) => ({
    role: t.expose('role', { type: MemberRoleEnum }),
    partner: t.relation('partner'),
  }),
});

builder.prismaNode('Partner', {
  id: { field: 'id' },
  description: "An app developer's organisation.",
  authScopes: nodeVisibility<Partner>('Partner', (partner, ctx) => isStaff(ctx.viewer) || isMemberOf(ctx.viewer, partner.id)),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerInterface,
    nullable: true,
    description:
      'Who is asking: the signed-in user; with an account API key, the account (its installations included); otherwise null.',
    resolve: (_root, _args, ctx, info) => {
      const { viewer } = ctx;
      // The selection of the concrete type is planned as a Prisma query, as a prismaField would.
      if (viewer.kind === 'user') {
        return ctx.prisma.user.findUnique({ ...queryFromInfo({ context: ctx, info, typeName: 'User' }), where: { id: viewer.id } });
      }
      if (viewer.kind === 'accountKey') {
        return ctx.prisma.account.findUnique({ ...queryFromInfo({ context: ctx, info, typeName: 'Account' }), where: { id: viewer.accountId } });
      }
      return null;
    },
  }),
);

export const LoginPayload = builder.objectRef<{ token: string; expiresAt: Date }>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send it as `Authorization: Bearer <token>`.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('login', (t) =>
  t.field({
    type: LoginPayload,
    description:
      'Signs in with e-mail and password and opens a session. Failed attempts are limited per account and per ' +
      'address (each aliased `login` counts); over the limit it answers `RateLimitedError` without checking the password.',
    errors: { types: [RateLimitedError, InvalidCredentialsError, ValidationError] },
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: async (_root, { email, password }, ctx) => {
      if (!email.trim() || !password || password.length > MAX_PASSWORD_LENGTH) {
        throw new ValidationError([
          ...(email.trim() ? [] : [{ field: 'email', message: 'is required' }]),
          ...(password ? [] : [{ field: 'password', message: 'is required' }]),
          ...(password.length > MAX_PASSWORD_LENGTH ? [{ field: 'password', message: `is longer than ${MAX_PASSWORD_LENGTH} characters` }] : []),
        ]);
      }
      const account = email.trim().toLowerCase();
      const wait = await ctx.loginThrottle.attempt(account, ctx.clientAddress);
      if (wait !== null) throw new RateLimitedError(wait);
      const user = await ctx.prisma.user.findUnique({ where: { email: account }, select: { id: true, passwordHash: true, disabledAt: true } });
      // An unknown e-mail costs one hash check too, so the answer's timing does not say which accounts exist.
      const matches = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstNothing(password);
      if (!user || !matches || user.disabledAt) throw new InvalidCredentialsError();
      await ctx.loginThrottle.succeeded(account, ctx.clientAddress);
      if (needsRehash(user.passwordHash)) {
        await ctx.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
      }
      const session = await startSession(ctx.prisma, user.id);
      return { token: await signSessionToken(session, ctx.jwtSecret), expiresAt: session.expiresAt };
    },
  }),
);

builder.mutationField('logout', (t) =>
  t.boolean({
    description:
      "Ends the session of this request's token: the token is refused from now on (`SESSION_ENDED`) and its " +
      'live streams close. False when the request carries no session token.',
    resolve: async (_root, _args, ctx) => {
      if (ctx.viewer.kind !== 'user') return false;
      await endSession(ctx.prisma, ctx.viewer.sessionId);
      ctx.liveSessions.end(ctx.viewer.sessionId);
      return true;
    },
  }),
);

builder.mutationField('logoutEverywhere', (t) =>
  t.int({
    description: "Ends every session of the signed-in user, this one included, on every device; answers how many were open.",
    authScopes: { signedIn: true },
    resolve: async (_root, _args, ctx) => {
      if (ctx.viewer.kind !== 'user') return 0;
      const ended = await endUserSessions(ctx.prisma, ctx.viewer.id);
      ctx.liveSessions.endUser(ctx.viewer.id);
      return ended;
    },
  }),
);

builder.mutationField('setUserDisabled', (t) =>
  t.prismaField({
    type: 'User',
    description:
      'An admin disables a user — they cannot sign in, and every session of theirs ends, live streams included (on other ' +
      'instances at their next event) — or enables them again. Nobody disables themself; the last enabled admin stays ' +
      'enabled (`LAST_ADMIN`). Recorded as `user.disabled_changed`.',
    authScopes: { admin: true },
    errors: { types: [...ACTION_ERRORS] },
    args: { userId: t.arg.id({ required: true }), disabled: t.arg.boolean({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = idOf(String(args.userId), 'User');
      const user = await setUserDisabled(ctx, id, args.disabled);
      if (args.disabled) ctx.liveSessions.endUser(id);
      return ctx.prisma.user.findUniqueOrThrow({ ...plannedQuery(query), where: { id: user.id } });
    },
  }),
);
