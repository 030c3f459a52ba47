import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { ActionRefusedError, ValidationError } from '../domain/errors.js';
import { journalTransaction, type RecordedEvents } from '../events/log.js';
import type { PrismaClient, Tx } from './client.js';

/** How long a key is remembered; a retry after that creates again. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Longest key accepted (the header's value). */
export const IDEMPOTENCY_KEY_MAX = 200;

/** The HTTP header that carries the key. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** What a creating mutation needs: the database, the viewer and the request's key, if any. */
export interface IdempotentDeps {
  prisma: PrismaClient;
  viewer: Viewer;
  idempotencyKey?: string | undefined;
  /** Where the request's transactions note the events they append (see `recordEvent`). */
  recordedEvents?: RecordedEvents | undefined;
}

/** How to make a creating mutation idempotent: its name, and how to load its first result again. */
export interface Idempotence<T extends { id: string }> {
  operation: string;
  load: (tx: Tx, id: string) => Promise<T>;
}

/** The `extensions` entry that carries the key over graphql-ws (no headers there). */
export const IDEMPOTENCY_EXTENSION = 'idempotencyKey';

/** Reads and checks the key of a request (`Idempotency-Key` header); undefined without one. */
export function idempotencyKeyFrom(headers: Headers): string | undefined {
  return checkedKey(headers.get(IDEMPOTENCY_HEADER), 'The Idempotency-Key header');
}

/** Reads and checks the key of a graphql-ws operation (`extensions.idempotencyKey`); undefined without one. */
export function idempotencyKeyFromExtensions(extensions: unknown): string | undefined {
  const value = typeof extensions === 'object' && extensions !== null ? (extensions as Record<string, unknown>)[IDEMPOTENCY_EXTENSION] : undefined;
  if (value !== undefined && value !== null && typeof value !== 'string') throw badKey(`extensions.${IDEMPOTENCY_EXTENSION}`);
  return checkedKey(value, `extensions.${IDEMPOTENCY_EXTENSION}`);
}

function checkedKey(value: string | null | undefined, where: string): string | undefined {
  const key = value?.trim();
  if (!key) return undefined;
  if (key.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(key)) throw badKey(where);
  return key;
}

const badKey = (where: string) =>
  new GraphQLError(`${where} must be 1 to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters`, {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });

function viewerKey(viewer: Viewer): string | null {
  switch (viewer.kind) {
    case 'user':
      return `user:${viewer.id}`;
    case 'accountKey':
      return `account:${viewer.accountId}`;
    case 'catalogKey':
    case 'moduleKey':
      return `key:${viewer.keyId}`;
    default:
      return null;
  }
}

/**
 * Runs `fn` in one transaction: every write path of a request goes through here, so the events it
 * appends are noted in `deps.recordedEvents`. With a key, the key is claimed first in the same transaction: a
 * concurrent retry waits on the key's row until the first commits (or rolls back), and a later
 * retry gets the first result back without a second effect. A failed first attempt leaves no key.
 */
export async function transaction<T extends { id: string }>(
  deps: IdempotentDeps,
  idempotence: Idempotence<T> | undefined,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const viewer = viewerKey(deps.viewer);
  const key = deps.idempotencyKey;
  const journal = deps.recordedEvents;
  // Without a key (or an operation that takes one) no idempotency row is read or written.
  if (!idempotence || !key || !viewer) {
    return deps.prisma.$transaction((tx) => {
      if (journal) journalTransaction(tx, journal);
      return fn(tx);
    });
  }
  const { operation, load } = idempotence;
  // Expired keys are reused in place; deleting them now and then keeps the table small.
  if (Math.random() < 0.01) void pruneIdempotencyKeys(deps.prisma).catch(() => {});
  return deps.prisma.$transaction(async (tx) => {
    if (journal) journalTransaction(tx, journal);
    const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_MS);
    // Inserts the key, or takes over an expired one; a live key (or one being claimed) returns no row.
    const claimed = await tx.$queryRaw<{ key: string }[]>`
      INSERT INTO "IdempotencyKey" ("viewer", "key", "operation", "expiresAt") VALUES (${viewer}, ${key}, ${operation}, ${expiresAt})
      ON CONFLICT ("viewer", "key") DO UPDATE
        SET "operation" = EXCLUDED."operation", "resultId" = NULL, "createdAt" = now(), "expiresAt" = EXCLUDED."expiresAt"
        WHERE "IdempotencyKey"."expiresAt" < now()
      RETURNING "key"`;
    if (claimed.length === 0) {
      const first = await tx.idempotencyKey.findUniqueOrThrow({ where: { viewer_key: { viewer, key } } });
      if (first.operation !== operation || !first.resultId) {
        throw new ValidationError([{ field: 'Idempotency-Key', message: `was already used for ${first.operation}; send a new key` }]);
      }
      return load(tx, first.resultId);
    }
    const result = await fn(tx);
    await tx.idempotencyKey.update({ where: { viewer_key: { viewer, key } }, data: { resultId: result.id } });
    return result;
  });
}

/** Deletes expired keys; cheap, called now and then. */
export async function pruneIdempotencyKeys(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}

/** How long a key stays claimed while its first request runs: a request that died frees it then. */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 5 * 60 * 1000;

/** Who owns a key and what it was first sent for (an operation that calls out between transactions). */
export interface KeyClaimant {
  /** `account:<id>`, `user:<id>` or `key:<id>`. */
  viewer: string;
  key: string;
  operation: string;
  /** SHA-256 of the request's input: the same key with other input is refused. */
  requestHash: string;
}

/**
 * Claims a key for an operation that cannot run in one transaction (it calls a module in between):
 * `claimed` when this request goes ahead (finish with {@link completeIdempotencyKey} in its last
 * transaction, or {@link releaseIdempotencyKey} when it fails), `done` with the first result when
 * the key was used before with the same input. The same key with other input, or while its first
 * request still runs, is refused and changes nothing.
 */
export async function claimIdempotencyKey(prisma: PrismaClient, claimant: KeyClaimant): Promise<{ kind: 'claimed' } | { kind: 'done'; resultId: string }> {
  const { viewer, key, operation, requestHash } = claimant;
  if (Math.random() < 0.01) void pruneIdempotencyKeys(prisma).catch(() => {});
  const leaseEnds = new Date(Date.now() + IDEMPOTENCY_CLAIM_LEASE_MS);
  // Inserts the key, or takes over an expired one (or a claim whose request died); a live key returns no row.
  const claimed = await prisma.$queryRaw<{ key: string }[]>`
    INSERT INTO "IdempotencyKey" ("viewer", "key", "operation", "requestHash", "expiresAt") VALUES (${viewer}, ${key}, ${operation}, ${requestHash}, ${leaseEnds})
    ON CONFLICT ("viewer", "key") DO UPDATE
      SET "operation" = EXCLUDED."operation", "requestHash" = EXCLUDED."requestHash", "resultId" = NULL, "createdAt" = now(), "expiresAt" = EXCLUDED."expiresAt"
      WHERE "IdempotencyKey"."expiresAt" < now()
    RETURNING "key"`;
  if (claimed.length) return { kind: 'claimed' };
  const first = await prisma.idempotencyKey.findUnique({ where: { viewer_key: { viewer, key } } });
  // Released between the two statements: the caller may simply try again.
  if (!first) return claimIdempotencyKey(prisma, claimant);
  if (first.operation !== operation || first.requestHash !== requestHash) {
    throw new ValidationError([{ field: 'Idempotency-Key', message: `was already used for another ${first.operation === operation ? 'request' : 'operation'}; send a new key` }]);
  }
  if (!first.resultId) {
    throw new ActionRefusedError([{ code: 'REQUEST_IN_PROGRESS', message: 'The first request with this Idempotency-Key is still running; retry in a moment' }]);
  }
  return { kind: 'done', resultId: first.resultId };
}

/** Records the first result of a claimed key, in the operation's last transaction; kept for {@link IDEMPOTENCY_TTL_MS}. */
export async function completeIdempotencyKey(tx: Tx, claimant: Pick<KeyClaimant, 'viewer' | 'key'>, resultId: string) {
  await tx.idempotencyKey.update({
    where: { viewer_key: { viewer: claimant.viewer, key: claimant.key } },
    data: { resultId, expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS) },
  });
}

/** Frees a claimed key whose request failed: a retry with it runs again. */
export async function releaseIdempotencyKey(prisma: PrismaClient, claimant: Pick<KeyClaimant, 'viewer' | 'key'>) {
  await prisma.idempotencyKey.deleteMany({ where: { viewer: claimant.viewer, key: claimant.key, resultId: null } });
}
