import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { nodeVisibility, plannedQuery } from './ids.js';
import { ViewerInterface } from './viewer.js';
import type { Context } from '../context.js';
import { administers, isStaff } from '../auth/viewer.js';
import { connectApp, disconnectApp, grantInstallationScopes } from '../domain/installations.js';
import { canManageVersion } from '../domain/visibility.js';
import type { Installation } from '../generated/prisma/client.js';

/** The account itself (its API key or its signed-in administrator) and staff. */
const accountOrStaff = (account: { id: string }, _args: unknown, ctx: Context) => administers(ctx.viewer, account.id) || isStaff(ctx.viewer);

const InstallationStatusEnum = builder.enumType('InstallationStatus', {
  values: {
    ACTIVE: { description: 'Connected, holding every permission the live version requests.' },
    NEEDS_CONSENT: { description: 'Connected; a newer live version requests permissions the account has not granted yet (`pendingScopes`). The granted ones keep working.' },
    DISCONNECTED: { description: 'The account disconnected the app.' },
  } as const,
});

builder.prismaObject('Account', {
  description: 'A customer of the marketplace, which installs apps.',
  interfaces: [ViewerInterface],
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    country: t.exposeString('country'),
    apiVersion: t.exposeInt('apiVersion'),
    installations: t.relation('installations', {
      description: "The account's installations, newest first; disconnected ones only when asked. The account itself and staff only.",
      args: { includeDisconnected: t.arg.boolean({ required: false }) },
      query: ({ includeDisconnected }) => ({
        where: includeDisconnected ? {} : { disconnectedAt: null },
        orderBy: [{ connectedAt: 'desc' }, { id: 'desc' }],
      }),
      authScopes: accountOrStaff,
    }),
  }),
});

builder.prismaNode('Installation', {
  id: { field: 'id' },
  description: 'An app connected to an account, with the scopes the account granted.',
  // The account itself (its administrator's key, or a key it created for a module), the app's partner and staff.
  authScopes: nodeVisibility<Installation>('Installation', async (installation, ctx) =>
    administers(ctx.viewer, installation.accountId) ||
    (ctx.viewer.kind === 'moduleKey' && ctx.viewer.accountId === installation.accountId) ||
    isStaff(ctx.viewer) ||
    (await canManageVersion(ctx, installation))),
  fields: (t) => ({
    app: t.relation('app'),
    account: t.relation('account'),
    grantedScopes: t.exposeStringList('grantedScopes', { description: 'Never more than the live version declares.' }),
    pendingScopes: t.exposeStringList('pendingScopes', {
      description: 'Permissions the live version requests that the account has not granted yet: grant them with `grantInstallationScopes`.',
    }),
    status: t.field({
      type: InstallationStatusEnum,
      select: { disconnectedAt: true, pendingScopes: true },
      resolve: (i) => (i.disconnectedAt ? 'DISCONNECTED' : i.pendingScopes.length ? 'NEEDS_CONSENT' : 'ACTIVE'),
    }),
    connectedAt: t.expose('connectedAt', { type: 'DateTime' }),
    disconnectedAt: t.expose('disconnectedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.mutationFields((t) => ({
  connectApp: t.prismaField({
    type: 'Installation',
    description:
      'An account (with its API key) installs an available app, granting exactly the permissions its live version requests. ' +
      'A permission the platform does not know or the live version does not declare is a `ValidationError` naming each; ' +
      'refused when its API version is too old, its country is not served, or the grants do not cover what the live version requests.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      code: t.arg.string({ required: true, description: "The app's integration code." }),
      grantedScopes: t.arg.stringList({ required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const installation = await connectApp(ctx, args.code, args.grantedScopes);
      return ctx.prisma.installation.findUniqueOrThrow({ ...plannedQuery(query), where: { id: installation.id } });
    },
  }),
  disconnectApp: t.prismaField({
    type: 'Installation',
    description: 'An account uninstalls an app.',
    errors: { types: [...ACTION_ERRORS] },
    args: { code: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const installation = await disconnectApp(ctx, args.code);
      return ctx.prisma.installation.findUniqueOrThrow({ ...plannedQuery(query), where: { id: installation.id } });
    },
  }),
  grantInstallationScopes: t.prismaField({
    type: 'Installation',
    description:
      "An account (with its API key) consents to permissions a new live version of an installed app requests (the installation's " +
      '`pendingScopes`). Each must be pending; anything else is a `ValidationError` naming it, and nothing changes.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      code: t.arg.string({ required: true, description: "The app's integration code." }),
      scopes: t.arg.stringList({ required: true }),
    },
    resolve: async (query, _root, args, ctx) => {
      const installation = await grantInstallationScopes(ctx, args.code, args.scopes);
      return ctx.prisma.installation.findUniqueOrThrow({ ...plannedQuery(query), where: { id: installation.id } });
    },
  }),
}));
