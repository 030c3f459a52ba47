import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Where the dashboard's build keeps its hash → document map (web/vite.config.ts); never served. */
export const PERSISTED_DOCUMENTS_FILE = '.vetline/persisted-documents.json';

/** The documents the built dashboard sends as hashes (codegen's `persistedDocuments`). */
export interface PersistedDocuments {
  /** The document text for a hash, with or without its `sha256:` prefix. */
  get(hash: string): string | undefined;
  readonly size: number;
}

/** Reads the manifest of the dashboard in `webDist`; none (an unbuilt dashboard) knows no hash. */
export async function loadPersistedDocuments(webDist: string): Promise<PersistedDocuments> {
  const file = path.join(webDist, PERSISTED_DOCUMENTS_FILE);
  let manifest: Record<string, unknown> = {};
  try {
    manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { get: () => undefined, size: 0 };
    throw new Error(`Cannot read the dashboard's persisted documents in ${file}: ${(error as Error).message}. Run \`pnpm build\` again.`);
  }
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(manifest)) {
    if (typeof text === 'string') documents.set(bareHash(hash), text);
  }
  return { get: (hash) => documents.get(bareHash(hash)), size: documents.size };
}

// Codegen writes `sha256:<hex>` (the GraphQL-over-HTTP appendix); APQ clients send the bare hex.
const bareHash = (hash: string) => hash.replace(/^sha256:/, '').toLowerCase();

/** Apollo's and urql's clients fall back to sending the text on exactly this message. */
const NOT_FOUND_MESSAGE = 'PersistedQueryNotFound';
const NOT_FOUND_EXTENSIONS = {
  code: 'PERSISTED_QUERY_NOT_FOUND',
  detail: 'No document has this hash here: only the dashboard build this server serves sends hashes. Send the document text in `query`.',
};

/** The hash named by the APQ extension (`extensions.persistedQuery.sha256Hash`), if any. */
function persistedHash(extensions: unknown): string | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (typeof persisted !== 'object' || persisted === null) return undefined;
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  return version === 1 && typeof sha256Hash === 'string' ? sha256Hash : undefined;
}

/**
 * HTTP: a request without `query` runs the document its hash names, and an unknown hash is
 * refused; a request with `query` runs as before (third parties query the catalog with text).
 */
export function usePersistedDocuments(documents: PersistedDocuments): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: true,
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    customErrors: {
      notFound: { message: NOT_FOUND_MESSAGE, extensions: { ...NOT_FOUND_EXTENSIONS, http: { status: 400 } } },
      // Neither text nor hash: the same answer Yoga gives without the plugin.
      keyNotFound: { message: 'Must provide query string.', extensions: { http: { status: 400 } } },
    },
  }) as Plugin;
}

/** A graphql-ws Subscribe payload, as far as documents go. */
interface SubscribeParams {
  query: string;
  extensions?: Record<string, unknown> | null;
}

/**
 * graphql-ws: the same rule before `parse` — a payload naming a hash (and no text) gets the text
 * that hash names, or an error if it names none. Payloads with text pass unchanged.
 */
export function resolvePersistedDocument<P extends SubscribeParams>(documents: PersistedDocuments, params: P): P | GraphQLError[] {
  if (params.query) return params;
  const hash = persistedHash(params.extensions);
  if (hash === undefined) return [new GraphQLError('Must provide query string.')];
  const query = documents.get(hash);
  if (query === undefined) return [new GraphQLError(NOT_FOUND_MESSAGE, { extensions: NOT_FOUND_EXTENSIONS })];
  return { ...params, query };
}
