import { createHash } from 'node:crypto';
import { getOperationAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import type { PrismaClient } from '../db/client.js';
import type { EventFeed } from '../events/feed.js';
import { QUERY_LIMITS } from '../limits.js';
import {
  createMemoryResponseStore,
  createRedisResponseStore,
  ResponseInvalidation,
  responseKey,
  UNCACHED_KEY,
  type ResponseStore,
} from './response-store.js';

/** Root fields whose answers are the same for every reader of one audience. */
const PUBLIC_ROOT_FIELDS = new Set(['catalog', 'sections', 'scopes', 'policy', 'demoMode']);

/** A safety net only: every committed change invalidates at once. */
const TTL_MS = 10 * 60_000;

/**
 * Who shares a cached answer: everyone without an account sees the same catalog; an account's key
 * sees what its country and API version allow, so accounts alike share one entry. Signed-in
 * partners and staff are never an audience.
 */
export function audienceOf(viewer: Viewer): string | null {
  switch (viewer.kind) {
    case 'anonymous':
    case 'catalogKey':
      return 'public';
    case 'accountKey':
      return `account:${viewer.account.country}:${viewer.account.apiVersion}`;
    case 'user':
      return null;
  }
}

/** The response cache of one instance: its store and what keeps it true. */
export interface PublicResponseCache {
  store: ResponseStore;
  /** Look-ups answered from the cache and missed (a miss's second look-up counts once), for the metrics. */
  lookups: { hits: number; misses: number };
  invalidation: ResponseInvalidation;
  stop(): Promise<void>;
}

/**
 * Opens the store (shared through Redis when `redisUrl` is set, else in this process) and starts
 * invalidating it from the event feed.
 */
export async function startPublicResponseCache(
  prisma: PrismaClient,
  feed: EventFeed,
  redisUrl: string | undefined,
  log?: (message: string) => void,
): Promise<PublicResponseCache> {
  const store = redisUrl ? await createRedisResponseStore(redisUrl, await deploymentNamespace(prisma), log) : createMemoryResponseStore();
  const invalidation = new ResponseInvalidation(store, feed);
  await invalidation.start();
  return {
    store,
    invalidation,
    lookups: { hits: 0, misses: 0 },
    async stop() {
      invalidation.stop();
      await store.close();
    },
  };
}

/**
 * Instances of one deployment share a database, so the database names their cache: the cluster's
 * identifier, the database's oid and name. Parallel test servers, each on its own database, never
 * share entries.
 */
async function deploymentNamespace(prisma: PrismaClient) {
  const [row] = await prisma.$queryRaw<{ id: string }[]>`
    SELECT (SELECT system_identifier::text FROM pg_control_system()) || ':' || d.oid::text || ':' || d.datname AS id
    FROM pg_database d WHERE d.datname = current_database()`;
  return `vetline:responses:${await hashSHA256(row?.id ?? 'unknown')}`;
}

/**
 * Serves the public reads (the catalog, sections, scopes, policy) from the cache, per audience,
 * for anonymous and API-key requests over HTTP; never for a request with a session token. A
 * mutation answers only once its change has invalidated the cache everywhere.
 */
export function usePublicResponseCache(
  cache: PublicResponseCache,
  { schema, viewerOf }: { schema: GraphQLSchema; viewerOf: (request: Request) => Promise<Viewer> },
): Plugin {
  const { store, invalidation } = cache;
  const cacheable = (request: Request | undefined): request is Request => !!request && !request.headers.has('authorization');
  // Any other root field makes the answer uncacheable (TTL 0).
  const ttlPerSchemaCoordinate = Object.fromEntries(
    Object.keys(schema.getQueryType()?.getFields() ?? {})
      .filter((field) => !PUBLIC_ROOT_FIELDS.has(field))
      .map((field) => [`Query.${field}`, 0]),
  );
  // The plugin looks a key up twice on a miss (before parsing, then before executing): the second
  // look-up of a key that just missed is answered here, without a round trip to Redis.
  const justMissed = new Set<string>();

  return {
    onPluginInit({ addPlugin }) {
      addPlugin(
        useResponseCache<Record<string, unknown>>({
          ttl: TTL_MS,
          ttlPerSchemaCoordinate,
          // Invalidation follows the event log (below), which also covers other instances' writes.
          invalidateViaMutation: false,
          includeExtensionMetadata: false,
          enabled: (request) => cacheable(request),
          session: async (request) => {
            if (!cacheable(request)) return null;
            // Bad credentials get no audience: the request misses, and the context answers 401.
            const audience = await viewerOf(request).then(audienceOf, () => null);
            return audience ?? UNCACHED_KEY;
          },
          buildResponseCacheKey: async ({ documentString, variableValues, operationName, sessionId, request }) => {
            // No text (a hash no plugin before this one resolved) is never a key: it would match any operation.
            if (!cacheable(request) || !sessionId || sessionId === UNCACHED_KEY || !isQuery(documentString, operationName)) {
              return UNCACHED_KEY;
            }
            // The generation is read before the database is: see ResponseStore.
            const generation = await store.generation();
            if (generation === null) return UNCACHED_KEY;
            // Node's hash, not WebCrypto's: synchronous, a few µs for a document, no thread-pool round trip on every request.
            const hash = createHash('sha256').update([documentString, operationName ?? '', JSON.stringify(variableValues ?? {}), sessionId].join('|')).digest('hex');
            return responseKey(generation, hash);
          },
          cache: {
            async get(key) {
              if (justMissed.delete(key)) return null;
              const result = await store.get(key);
              if (result) cache.lookups.hits++;
              else if (key !== UNCACHED_KEY) cache.lookups.misses++;
              if (!result && key !== UNCACHED_KEY) {
                if (justMissed.size > 10_000) justMissed.clear();
                justMissed.add(key);
              }
              return result;
            },
            set: (key, result, _entities, ttl) => store.set(key, result, ttl),
            invalidate: () => {},
          },
        }),
      );
    },
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      const { recordedEvents } = args.contextValue as Partial<Pick<Context, 'recordedEvents'>>;
      return { onExecuteDone: () => invalidation.afterCommit(recordedEvents) };
    },
  };
}

/** Parsed documents by text, for {@link isQuery}; the public sends few distinct ones. */
const parsed = new Map<string, DocumentNode | null>();
const PARSED_MAX = 1_000;

/**
 * Whether a document's operation is a query, read from its syntax tree: the cache key is built
 * before Yoga parses (a hit skips parsing), so the text is parsed here, once per text, within the
 * public limits (a longer document is refused later anyway). No text, a syntax error or an
 * ambiguous operation is not a query; the word "mutation" inside a string or a name is no mutation.
 */
function isQuery(documentString: string, operationName: string | null | undefined): boolean {
  if (!documentString.trim() || documentString.length > QUERY_LIMITS.public.documentChars) return false;
  let document = parsed.get(documentString);
  if (document === undefined) {
    try {
      document = parse(documentString, { noLocation: true, maxTokens: QUERY_LIMITS.public.tokens });
    } catch {
      document = null;
    }
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(documentString, document);
  }
  return !!document && getOperationAST(document, operationName)?.operation === 'query';
}
