import type { DocumentNode } from 'graphql';

/**
 * The hash codegen gave a document (`persistedDocuments` in codegen.ts). The server runs the text
 * it holds for that hash, so the dashboard never sends document text.
 */
export function documentHash(document: DocumentNode): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('A GraphQL document without a persisted hash: define it with graphql() and run `pnpm codegen`');
  return hash;
}

/** The APQ extension that names a persisted document, as the server's plugin reads it. */
export const persistedQuery = (document: DocumentNode) => ({ persistedQuery: { version: 1, sha256Hash: documentHash(document) } });

/** The server does not hold the hash (graphql-ws hands the server's errors to `error` as an array). */
export const isPersistedMiss = (error: unknown) =>
  Array.isArray(error) && error.some((e: unknown) => (e as { message?: unknown } | null)?.message === 'PersistedQueryNotFound');
