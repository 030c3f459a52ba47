import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from '../context.js';
import { isAdmin, isStaff } from '../auth/viewer.js';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import { isVisibleNode } from './ids.js';
import InputBoundsPlugin, { notFound } from './input-bounds-plugin.js';

/** A node the viewer may see, or the same NOT_FOUND error for nothing, a foreign object and a vanished one. */
async function visibleNode(ref: { typename: string }, ctx: Context, load: () => unknown): Promise<unknown> {
  let node: unknown;
  try {
    node = await load();
  } catch (error) {
    // Prisma's "no record" (P2025) for an id of nothing; anything else is a real fault.
    if ((error as { code?: unknown }).code === 'P2025') throw notFound();
    throw error;
  }
  if (!(await isVisibleNode(ref.typename, node, ctx))) throw notFound();
  return node;
}

/** The one schema builder. Types live in their own modules beside it. */
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: {
    signedIn: boolean;
    staff: boolean;
    admin: boolean;
    partnerMember: boolean;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  // Input bounds inside the errors plugin (so a mutation's ValidationError is a typed result) and
  // before relay (so `node` sees raw ids).
  plugins: [ScopeAuthPlugin, ErrorsPlugin, InputBoundsPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: ({ viewer }) => ({
      signedIn: viewer.kind === 'user',
      staff: isStaff(viewer),
      admin: isAdmin(viewer),
      partnerMember: viewer.kind === 'user' && viewer.memberships.size > 0,
    }),
    treatErrorsAsUnauthorized: false,
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Ids arrive unparsed (a malformed one must read as not found, not as a parse error) and are
    // checked against the schema's node types by the input-bounds plugin before these run.
    nodeQueryOptions: {
      args: { id: { extensions: { relayGlobalIDAlwaysParse: false } } },
      resolve: (_root, args, ctx, _info, resolveNode) => {
        const id = decodeGlobalID(String(args.id));
        return visibleNode(id, ctx, () => resolveNode(id));
      },
    },
    nodesQueryOptions: {
      args: { ids: { extensions: { relayGlobalIDAlwaysParse: false } } },
      resolve: (_root, args, ctx, _info, resolveNodes) =>
        args.ids.map((raw) => {
          const id = decodeGlobalID(String(raw));
          return visibleNode(id, ctx, async () => (await resolveNodes([id]))[0]);
        }),
    },
  },
  errors: {
    defaultTypes: [],
  },
});

builder.queryType({});
builder.mutationType({});
