import { builder } from './builder.js';
import { ACTION_ERRORS, ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import type { Context } from '../context.js';
import { administeredAccount, administers, isStaff } from '../auth/viewer.js';
import { createApiKey, moduleKeyOf, registerModule, revokeApiKey, supportedApiVersions } from '../domain/module-keys.js';
import type { ApiKey } from '../generated/prisma/client.js';

// The API a partner's module uses with a key the customer created for it (verify the key, register
// itself), and the account's management of those keys. The REST-compatible routes (rest/module-api.ts)
// run these same fields.

const ownAccountOrStaff = (accountId: string | null, ctx: Context) => administers(ctx.viewer, accountId) || isStaff(ctx.viewer);

const ApiKeyRef = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  description: "A key the account created for a partner's module. Its secret was shown once, at creation.",
  authScopes: nodeVisibility<ApiKey>('ApiKey', (key, ctx) => key.kind === 'MODULE' && ownAccountOrStaff(key.accountId, ctx)),
  fields: (t) => ({
    name: t.exposeString('name'),
    scopes: t.exposeStringList('scopes', { description: 'The permissions the key carries; each one the platform knows.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'Set once revoked: the key is refused from then on, on every instance.' }),
  }),
});

builder.prismaObjectField('Account', 'apiKeys', (t) =>
  t.relation('apiKeys', {
    description: "The keys the account created for modules, newest first; revoked ones only when asked. The account's administrator and staff only.",
    args: { includeRevoked: t.arg.boolean({ required: false }) },
    query: ({ includeRevoked }) => ({
      where: { kind: 'MODULE', ...(includeRevoked ? {} : { revokedAt: null }) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    }),
    authScopes: (account, _args, ctx) => ownAccountOrStaff(account.id, ctx),
  }),
);

const CreatedApiKey = builder.objectRef<{ key: ApiKey; secret: string }>('CreatedApiKey').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (created) => created.key }),
    secret: t.exposeString('secret', { description: 'The key itself, shown this once: the module sends it as `X-API-KEY`.' }),
  }),
});

const ApiVersions = builder.objectRef<{ accountId: string; apiVersion: number }>('ApiVersions').implement({
  description: 'The platform API versions the account of the key supports.',
  fields: (t) => ({
    account: t.exposeString('accountId', { description: "The account's address (its id)." }),
    current: t.exposeInt('apiVersion', { description: 'The version the account is on.' }),
    versions: t.intList({ description: 'Every version up to the current one: a module checks its minimum is among them.', resolve: supportedApiVersions }),
  }),
});

const ApiCredentials = builder.objectRef<{ accountId: string; scopes: string[] }>('ApiCredentials').implement({
  description: 'What the key a module holds may do.',
  fields: (t) => ({
    account: t.exposeString('accountId', { description: "The address (id) of the account the key belongs to." }),
    scopes: t.exposeStringList('scopes', { description: 'The permissions the key carries.' }),
  }),
});

builder.queryFields((t) => ({
  apiVersions: t.field({
    type: ApiVersions,
    description: "With an account's key (the administrator's or a module's): the platform API versions the account supports. REST: `GET /api/api-versions`.",
    errors: { types: [ForbiddenError] },
    resolve: (_root, _args, ctx) => {
      const { viewer } = ctx;
      if (viewer.kind === 'moduleKey') return { accountId: viewer.accountId, apiVersion: viewer.account.apiVersion };
      const account = administeredAccount(viewer);
      if (account) return { accountId: account.id, apiVersion: account.apiVersion };
      throw new ForbiddenError([{ code: 'FORBIDDEN', message: "Only an account's API key (X-API-KEY) has API versions" }]);
    },
  }),
  apiCredentials: t.field({
    type: ApiCredentials,
    description: 'With a key an account created for a module: the account it belongs to and the permissions it carries. REST: `GET /api/credentials`.',
    errors: { types: [ForbiddenError] },
    resolve: (_root, _args, ctx) => {
      const key = moduleKeyOf(ctx.viewer);
      return { accountId: key.accountId, scopes: key.scopes };
    },
  }),
}));

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    description:
      "The account's administrator (with the account's API key) creates a key for a module, carrying `scopes`. A permission the platform " +
      'does not know is a `ValidationError` naming it. The secret is in this answer only.',
    errors: { types: [ForbiddenError, ValidationError] },
    args: {
      name: t.arg.string({ required: true }),
      scopes: t.arg.stringList({ required: true }),
    },
    resolve: (_root, args, ctx) => createApiKey(ctx, args.name, args.scopes),
  }),
  revokeApiKey: t.prismaField({
    type: 'ApiKey',
    description: 'The account revokes a key it created for a module: refused at once, on every instance.',
    errors: { types: [ForbiddenError, NotFoundError, ValidationError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const key = await revokeApiKey(ctx, idOf(String(args.id), 'ApiKey'));
      return ctx.prisma.apiKey.findUniqueOrThrow({ ...plannedQuery(query), where: { id: key.id } });
    },
  }),
  registerModule: t.prismaField({
    type: 'Installation',
    description:
      'A module registers itself in an account under its integration code, with the key the account created for it (`X-API-KEY`): ' +
      "the installation grants exactly the key's permissions. Refused with nothing created: the key of another account (`ForbiddenError`), " +
      'an unknown or unavailable app (`NotFoundError`), a permission the live version does not declare (`ValidationError` on `key.scopes.N`), ' +
      "an API version, country or missing permission that does not fit (`ActionRefusedError`). REST: `POST /api/integration-modules/{code}/register`.",
    errors: { types: [...ACTION_ERRORS] },
    args: {
      account: t.arg.string({ required: true, description: "The account's address (its id), as the connection page received it." }),
      code: t.arg.string({ required: true, description: "The app's integration code." }),
    },
    resolve: async (query, _root, args, ctx) => {
      const installation = await registerModule(ctx, args.account, args.code);
      return ctx.prisma.installation.findUniqueOrThrow({ ...plannedQuery(query), where: { id: installation.id } });
    },
  }),
}));
