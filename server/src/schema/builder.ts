import SchemaBuilder from '@pothos/core';
import { GraphQLError } from 'graphql';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from '../context.js';
import { isAdmin, isStaff } from '../auth/viewer.js';
import type PrismaTypes from '../generated/pothos-prisma-types.js';
import { getDatamodel } from '../generated/pothos-prisma-types.js';
import InputBoundsPlugin from './input-bounds-plugin.js';
import NodeIdsPlugin from './node-ids-plugin.js';

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
  // before relay (so `node` sees raw ids). Node ids last: it replaces the id resolver Relay made.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, InputBoundsPlugin, PrismaPlugin, RelayPlugin, NodeIdsPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: ({ viewer }) => ({
      signedIn: viewer.kind === 'user',
      staff: isStaff(viewer),
      admin: isAdmin(viewer),
      partnerMember: viewer.kind === 'user' && viewer.memberships.size > 0,
    }),
    treatErrorsAsUnauthorized: false,
    // Subscriptions are refused when they start, not at their first event.
    authorizeOnSubscribe: true,
    // A typed code on every refusal, alike on HTTP and WebSocket.
    unauthorizedError: (_parent, _context, _info, result) => new GraphQLError(result.message, { extensions: { code: 'FORBIDDEN' } }),
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
    // `node` and `nodes` live in node.ts: an id of nothing must read like an id the viewer may not see.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
  errors: {
    defaultTypes: [],
  },
});

builder.queryType({});
builder.mutationType({});
