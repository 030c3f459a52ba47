import { decodeGlobalID } from '@pothos/plugin-relay';
import { NotFoundError } from '../domain/errors.js';

/** The database id inside a global id of the given type; a wrong type reads as not found. */
export function idOf(globalId: string, typename: string): string {
  try {
    const { typename: actual, id } = decodeGlobalID(globalId);
    if (actual === typename) return id;
  } catch {
    // fall through: not a global id at all
  }
  throw new NotFoundError(`No ${typename} with id ${globalId}`);
}

/**
 * The Prisma query Pothos planned for a field, minus an empty `select` (what it plans when the
 * client asked for no field of the object, e.g. only `__typename` of a mutation result), which
 * Prisma rejects.
 */
export function plannedQuery<Q extends { select?: object }>(query: Q): Q {
  return query.select && Object.keys(query.select).length === 0 ? ({} as Q) : query;
}
