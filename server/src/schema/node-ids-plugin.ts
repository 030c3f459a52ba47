import SchemaBuilder, { BasePlugin, isThenable, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver } from 'graphql';

type IdSerializer = (parent: unknown, args: object, context: object, info: unknown) => unknown;

/**
 * Answers a node's `id` synchronously. Relay's `globalID` resolver is an `async` function, so the
 * `id` of every node was a promise, and each row of a list (a catalog page's 20 apps) completed
 * through promises — one per row and per level above it — where nothing else of the row waits.
 * The value is Relay's own: the node's id serializer (prismaNode's `id: { field }`), then
 * `encodeGlobalID` of the type's name, or the builder's `relay.encodeGlobalID` when it has one. A
 * serializer that returns a promise keeps Relay's resolver.
 */
export class NodeIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const idFieldName = this.builder.options.relay?.idFieldName ?? 'id';
    const serialize = (typeConfig.pothosOptions as { id?: { resolve?: IdSerializer } }).id?.resolve;
    const isNodeType = typeConfig.kind === 'Object' && typeConfig.interfaces.some((ref) => this.buildCache.getTypeConfig(ref).name === 'Node');
    if (fieldConfig.name !== idFieldName || !isNodeType || typeof serialize !== 'function') return resolver;
    const typename = typeConfig.name;
    const encode = this.builder.options.relay?.encodeGlobalID;
    return (parent, args, context, info) => {
      const id = serialize(parent, args, context, info);
      if (isThenable(id)) return resolver(parent, args, context, info);
      return encode ? encode(typename, String(id), context) : encodeGlobalID(typename, String(id));
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      nodeIds: NodeIdsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('nodeIds', NodeIdsPlugin);

/** The plugin's name, for the builder's `plugins` list (after Relay's, so it replaces Relay's resolver). */
export default 'nodeIds' as const;
