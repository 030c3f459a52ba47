import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { nodeVisibility, plannedQuery } from './ids.js';
import { isStaff } from '../auth/viewer.js';
import { connectApp, disconnectApp } from '../domain/installations.js';
import { canManageVersion } from '../domain/visibility.js';
import type { Installation } from '../generated/prisma/client.js';

builder.prismaObject('Account', {
  description: 'A customer of the marketplace, which installs apps.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    country: t.exposeString('country'),
    apiVersion: t.exposeInt('apiVersion'),
  }),
});

builder.prismaNode('Installation', {
  id: { field: 'id' },
  description: 'An app connected to an account, with the scopes the account granted.',
  // The account itself, the app's partner and staff.
  authScopes: nodeVisibility<Installation>('Installation', async (installation, ctx) =>
    (ctx.viewer.kind === 'accountKey' && ctx.viewer.accountId === installation.accountId) ||
    isStaff(ctx.viewer) ||
    (await canManageVersion(ctx, installation))),
  fields: (t) => ({
    app: t.relation('app'),
    account: t.relation('account'),
    grantedScopes: t.exposeStringList('grantedScopes'),
    connectedAt: t.expose('connectedAt', { type: 'DateTime' }),
    disconnectedAt: t.expose('disconnectedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.mutationFields((t) => ({
  connectApp: t.prismaField({
    type: 'Installation',
    description:
      'An account (with its API key) installs an available app. Refused when its API version is too old, its country is not served, or the granted scopes do not cover what the live version requests.',
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
}));
