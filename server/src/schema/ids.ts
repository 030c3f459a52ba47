import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import { NotFoundError } from '../domain/errors.js';

/** What an id of nothing says, in the domain's words, so a malformed id reads exactly like a missing one. */
const NOT_FOUND_MESSAGES: Record<string, string> = { App: 'No such app', AppVersion: 'No such version', Thread: 'No such thread' };

/** The database id inside a global id of the given type; a malformed id or one of another type reads as not found. */
export function idOf(globalId: string, typename: string): string {
  try {
    const { typename: actual, id } = decodeGlobalID(globalId);
    if (actual === typename) return id;
  } catch {
    // fall through: not a global id at all
  }
  throw new NotFoundError(NOT_FOUND_MESSAGES[typename] ?? `No such ${typename.toLowerCase()}`);
}

/**
 * The Prisma query Pothos planned for a field, minus an empty `select` (what it plans when the
 * client asked for no field of the object, e.g. only `__typename` of a mutation result), which
 * Prisma rejects.
 */
export function plannedQuery<Q extends { select?: object }>(query: Q): Q {
  return query.select && Object.keys(query.select).length === 0 ? ({} as Q) : query;
}

type Visibility<T> = (node: T, ctx: Context) => boolean | Promise<boolean>;

const visibilities = new Map<string, Visibility<never>>();

/**
 * Registers who may see a node type and returns the same check, for the type's `authScopes`: the
 * `node` query applies it before answering, so an object the viewer may not see reads as one that
 * does not exist.
 */
export function nodeVisibility<T>(typename: string, check: Visibility<T>): Visibility<T> {
  visibilities.set(typename, check as Visibility<never>);
  return check;
}

/** Whether the viewer may see a node loaded by the `node`/`nodes` queries; unregistered types are hidden. */
export async function isVisibleNode(typename: string, node: unknown, ctx: Context): Promise<boolean> {
  const check = visibilities.get(typename) as Visibility<unknown> | undefined;
  return node != null && check !== undefined && (await check(node, ctx));
}
