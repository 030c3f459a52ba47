import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { nodeVisibility, plannedQuery } from './ids.js';
import { ViewerInterface } from './viewer.js';
import type { Context } from '../context.js';
import { administers, isStaff } from '../auth/viewer.js';
import { connectApp, disconnectApp, grantInstallationScopes } from '../domain/installations.js';
import { connectionPageUrl, connectSimply } from '../domain/activation.js';
import { configurationCaller } from '../webhooks/configuration-call.js';
import { canManageVersion } from '../domain/visibility.js';
import { ValidationError } from '../domain/errors.js';
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

builder.prismaObjectField('Installation', 'settings', (t) =>
  t.expose('settings', {
    type: 'JSON',
    nullable: true,
    description: 'What the module answered at a simple connection (its settings for the account). The account and staff only.',
    authScopes: (installation, _args, ctx) => administers(ctx.viewer, installation.accountId) || isStaff(ctx.viewer),
  }),
);

builder.queryField('connectionPage', (t) =>
  t.string({
    description:
      "Where *Connect* sends the account's administrator: the app's live version's registered connection page with " +
      '`account=<the account address>` — only that URL, never one the caller names. Refused for an app that uses simple ' +
      'connection (`WRONG_CONNECTION_METHOD`), is not available, does not fit the account, or is connected already.',
    errors: { types: [...ACTION_ERRORS] },
    args: { code: t.arg.string({ required: true, description: "The app's integration code." }) },
    resolve: (_root, args, ctx) => connectionPageUrl(ctx, args.code),
  }),
);

builder.mutationField('connectSimply', (t) =>
  t.prismaField({
    type: 'Installation',
    description:
      "Simple connection: the account's administrator consents to exactly the permissions the app's live version requests " +
      '(`consentedScopes`); the marketplace issues a module key carrying them, POSTs the account address and the key to the ' +
      "module's configuration URL (signed like webhooks) and installs the app with the settings it answers. A module that " +
      'fails or does not answer in time: `MODULE_FAILED`, the key revoked, nothing installed. The URL\'s host is resolved when ' +
      'the POST is made and the connection goes to the address checked: a private or loopback one is `MODULE_ADDRESS_REFUSED` ' +
      'unless the operator allows them (`VETLINE_WEBHOOK_ALLOW_PRIVATE`).\n\n' +
      'Idempotent with a key, given as the `Idempotency-Key` HTTP header or the `idempotencyKey` argument (both: they must match). ' +
      'Keys belong to the account and are kept 24 hours: a retry with the same key and input returns the first installation ' +
      'without calling the module again or issuing another key; the same key with other input is a `ValidationError` on ' +
      '`Idempotency-Key` and changes nothing; while the first request still runs, `REQUEST_IN_PROGRESS`. A failed attempt frees its key.',
    errors: { types: [...ACTION_ERRORS] },
    args: {
      code: t.arg.string({ required: true, description: "The app's integration code." }),
      consentedScopes: t.arg.stringList({ required: true }),
      idempotencyKey: t.arg.string({
        required: false,
        description: 'The same as the `Idempotency-Key` header (for clients that cannot set headers, e.g. over WebSocket): 1 to 200 visible ASCII characters.',
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const key = args.idempotencyKey ?? ctx.idempotencyKey;
      if (args.idempotencyKey != null && ctx.idempotencyKey !== undefined && args.idempotencyKey.trim() !== ctx.idempotencyKey) {
        throw new ValidationError([{ field: 'idempotencyKey', message: 'differs from the Idempotency-Key header; send one key' }]);
      }
      const installation = await connectSimply(ctx, args.code, args.consentedScopes, configurationCaller(ctx.webhooks), key ?? undefined);
      return ctx.prisma.installation.findUniqueOrThrow({ ...plannedQuery(query), where: { id: installation.id } });
    },
  }),
);
