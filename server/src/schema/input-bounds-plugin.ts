import SchemaBuilder, { BasePlugin, PothosValidationError, isThenable, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo } from 'graphql';
import { DomainError, NotFoundError, ValidationError } from '../domain/errors.js';
import { argumentProblems, type ArgumentProblem } from '../domain/input-bounds.js';

/** The one answer to an id that is malformed, of another type, of nothing, or of something the viewer may not see. */
export const notFound = () => new GraphQLError('Not found', { extensions: { code: 'NOT_FOUND' } });

/** Arguments out of bounds, on a field that has no typed errors (queries, subscriptions). */
export const badUserInput = (problems: ArgumentProblem[]) =>
  new GraphQLError(`Invalid arguments: ${problems.map((p) => `${p.field || '…'}: ${p.message}`).join('; ')}`, {
    extensions: { code: 'BAD_USER_INPUT', problems },
  });

/** A domain error raised where the schema declares no typed errors, as the GraphQL error a client can act on. */
function asGraphQLError(error: unknown): unknown {
  if (error instanceof NotFoundError) return notFound();
  if (error instanceof ValidationError) return badUserInput(error.problems);
  if (error instanceof DomainError) return new GraphQLError(error.message, { extensions: { code: 'FORBIDDEN' } });
  // Pothos' own input checks (a cursor that is not one, a negative `first`): the caller's mistake.
  if (error instanceof PothosValidationError && !(error.extensions as { code?: unknown }).code) {
    return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return error;
}

/** Whether a raw id names an object type that implements Node, the only ids `node` and `nodes` look up. */
function isNodeId(id: unknown, info: GraphQLResolveInfo): boolean {
  if (typeof id !== 'string') return false;
  try {
    const type = info.schema.getType(decodeGlobalID(id).typename);
    return isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');
  } catch {
    return false;
  }
}

const NODE_FIELDS = new Set(['Query.node', 'Query.nodes']);

/**
 * Checks every field's arguments against `domain/input-bounds.ts` before anything else runs, and
 * turns domain errors of fields without typed errors into coded GraphQL errors. A mutation with
 * typed errors gets a `ValidationError` result; a query or subscription a `BAD_USER_INPUT` error.
 */
export class InputBoundsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    return this.guard(resolver, fieldConfig);
  }

  override wrapSubscribe(
    subscribe: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    return subscribe && this.guard(subscribe, fieldConfig);
  }

  private guard(
    next: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const hasArgs = Object.keys(fieldConfig.args).length > 0;
    const typedErrors = 'errors' in fieldConfig.pothosOptions && Boolean(fieldConfig.pothosOptions.errors);
    // Object fields without arguments read what the database holds: nothing of the caller's to check.
    if (!hasArgs && fieldConfig.kind !== 'Query' && fieldConfig.kind !== 'Subscription') return next;
    const coordinate = `${fieldConfig.parentType}.${fieldConfig.name}`;
    const isNodeField = NODE_FIELDS.has(coordinate);
    // A field's arguments are a function of its node in the document and the operation's variables
    // alone, so a field resolved for every row of a list (a listing's locale) passed for all of them
    // once it passed for the first: the last pair that passed is remembered.
    let passed: { node: unknown; variables: unknown } | undefined;

    return (parent, args, context, info) => {
      const raw = args as Record<string, unknown>;
      if (hasArgs && (passed === undefined || passed.node !== info.fieldNodes[0] || passed.variables !== info.variableValues)) {
        const problems = argumentProblems(coordinate, raw);
        if (problems.length) throw typedErrors ? new ValidationError([...problems]) : badUserInput([...problems]);
        passed = { node: info.fieldNodes[0], variables: info.variableValues };
      }
      if (isNodeField) {
        const ids = coordinate === 'Query.node' ? [raw.id] : (raw.ids as unknown[]);
        if (!ids.every((id) => isNodeId(id, info))) throw notFound();
      }
      // The errors plugin (outside this one) turns domain errors of typed fields into results.
      if (typedErrors) return next(parent, args, context, info);
      try {
        const result = next(parent, args, context, info);
        return isThenable(result)
          ? (result as PromiseLike<unknown>).then(undefined, (error: unknown) => {
              throw asGraphQLError(error);
            })
          : result;
      } catch (error) {
        throw asGraphQLError(error);
      }
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      inputBounds: InputBoundsPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('inputBounds', InputBoundsPlugin);

/** The plugin's name, for the builder's `plugins` list. */
export default 'inputBounds' as const;
