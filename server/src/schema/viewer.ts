import { builder } from './builder.js';
import { nodeVisibility } from './ids.js';
import { InvalidCredentialsError, ValidationError } from './errors.js';
import { signSessionToken, TOKEN_TTL_SECONDS } from '../auth/tokens.js';
import { verifyPassword } from '../auth/passwords.js';
import { isMemberOf, isStaff } from '../auth/viewer.js';
import type { Partner } from '../generated/prisma/client.js';

const StaffRoleEnum = builder.enumType('StaffRole', { values: ['REVIEWER', 'ADMIN'] as const });
const MemberRoleEnum = builder.enumType('MemberRole', { values: ['OWNER', 'MEMBER'] as const });

export const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  description: 'A person: marketplace staff or a partner member.',
  // Names are shown beside comments and claims; e-mail and memberships only to the person and staff.
  authScopes: nodeVisibility('User', (_user, ctx) => ctx.viewer.kind === 'user'),
  fields: (t) => ({
    name: t.exposeString('name'),
    staffRole: t.expose('staffRole', { type: StaffRoleEnum, nullable: true }),
    email: t.exposeString('email', {
      authScopes: (user, _args, ctx) => (ctx.viewer.kind === 'user' && ctx.viewer.id === user.id) || isStaff(ctx.viewer),
    }),
    memberships: t.relation('memberships', {
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
  t.prismaField({
    type: 'User',
    nullable: true,
    description: 'The signed-in user, or null.',
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer.kind === 'user' ? ctx.prisma.user.findUnique({ ...query, where: { id: ctx.viewer.id } }) : null,
  }),
);

const LoginPayload = builder.objectRef<{ token: string; expiresAt: Date }>('LoginPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Send it as `Authorization: Bearer <token>`.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('login', (t) =>
  t.field({
    type: LoginPayload,
    description: 'Signs in with e-mail and password.',
    errors: { types: [InvalidCredentialsError, ValidationError] },
    args: {
      email: t.arg.string({ required: true }),
      password: t.arg.string({ required: true }),
    },
    resolve: async (_root, { email, password }, ctx) => {
      if (!email.trim() || !password) {
        throw new ValidationError([
          ...(email.trim() ? [] : [{ field: 'email', message: 'is required' }]),
          ...(password ? [] : [{ field: 'password', message: 'is required' }]),
        ]);
      }
      const user = await ctx.prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
      if (!user || !(await verifyPassword(password, user.passwordHash))) throw new InvalidCredentialsError();
      const token = await signSessionToken(user.id, ctx.jwtSecret);
      return { token, expiresAt: new Date(Date.now() + TOKEN_TTL_SECONDS * 1000) };
    },
  }),
);
