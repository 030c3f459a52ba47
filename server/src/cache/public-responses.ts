import { createHash } from 'node:crypto';
import { getOperationAST, Kind, parse, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { isAsyncIterable, type GraphQLParams, type Plugin } from 'graphql-yoga';
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
    // A module's key reads the catalog as the public does: what it installs is decided at registration.
    case 'moduleKey':
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
  /** Look-ups answered from the cache and missed, for the metrics. */
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
  log: (message: string) => void,
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
  return `vetline:responses:${createHash('sha256').update(row?.id ?? 'unknown').digest('hex')}`;
}

/**
 * Serves the public reads (the catalog, sections, scopes, policy) from the cache, per audience,
 * for anonymous and API-key requests over HTTP; never for a request with a session token. A
 * mutation answers only once its change has invalidated the cache everywhere.
 *
 * Looked up once, before parsing (a hit skips parsing, validation, the context and execution, and
 * writes the stored JSON as it is); on a miss the executed result is serialized once, stored and
 * sent. A request that says `Cache-Control: no-cache` (or `no-store`) is answered from the database
 * and, under `no-cache`, refreshes the stored answer. Not `@envelop/response-cache`: it adds
 * `__typename` and `id` to every selection and clones every result to strip them again, to
 * invalidate by entity — work this cache never needs, since the generation invalidates it.
 */
export function usePublicResponseCache(
  cache: PublicResponseCache,
  {
    viewerOf,
    freshThrough,
    reference,
  }: {
    viewerOf: (request: Request) => Promise<Viewer>;
    /** Waits until what the answer reads from memory (ReferenceData) reflects the generation's event. */
    freshThrough?: (eventId: bigint) => Promise<void>;
    /** What is loaded in memory (ReferenceData), as a digest that is part of the key. */
    reference?: { readonly fingerprint: string };
  },
): Plugin {
  const { store, invalidation } = cache;
  // The key a request missed under, for its execution to store the answer under.
  const missed = new WeakMap<Request, string>();

  /** The cache key of a query whose text is `text` (see `textOf`). */
  async function keyOf(request: Request, params: GraphQLParams, text: KnownText): Promise<string | null> {
    // Bad credentials get no audience: the request misses, and the context answers 401.
    const audience = await viewerOf(request).then(audienceOf, () => null);
    if (audience === null) return null;
    // The generation is read before the database is: see ResponseStore.
    const generation = await store.generation();
    if (generation === null) return null;
    // Node's hash, not WebCrypto's: synchronous, no thread-pool round trip on every request; the
    // document's own digest is taken once per text (see `textOf`), so each request hashes only the rest.
    // Only the variables the operation declares, in its order: GraphQL ignores any other, and a
    // request adding its own must not push a new entry per request into the store.
    const variables = (params.variables ?? {}) as Record<string, unknown>;
    // An omitted variable (its default) and an explicit null differ: only those given are written.
    const given: Record<string, unknown> = Object.create(null); // `$__proto__` is a name like any other
    for (const name of declaredVariables(text, params.operationName)) if (Object.hasOwn(variables, name)) given[name] = variables[name];
    const declared = JSON.stringify(given);
    const hash = createHash('sha256')
      .update([text.digest, params.operationName ?? '', declared, audience, reference?.fingerprint ?? ''].join('|'))
      .digest('hex');
    return responseKey(generation, hash);
  }

  return {
    onParams({ params, request, setResult }) {
      // A session token is never an audience; no text (a hash no plugin before this one resolved) would match any operation.
      const { query } = params;
      if (request.headers.has('authorization') || typeof query !== 'string') return;
      const text = textOf(query);
      if (!isQuery(text, params.operationName)) return;
      const asked = request.headers.get('cache-control') ?? '';
      if (/\bno-store\b/i.test(asked)) return;
      const fresh = /\bno-cache\b/i.test(asked);
      return keyOf(request, params, text).then(async (key) => {
        if (key === null) return;
        const cached = fresh ? null : await store.get(key);
        if (cached !== null) {
          cache.lookups.hits++;
          setResult(storedResult(cached));
        } else {
          cache.lookups.misses++;
          // The answer is stored under this generation: it must not be read from tables older than it.
          const generation = key.slice(0, key.indexOf(':'));
          if (freshThrough && /^\d+$/.test(generation)) await freshThrough(BigInt(generation));
          missed.set(request, key);
        }
      });
    },
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName)?.operation;
      if (operation === 'mutation') {
        const { recordedEvents } = args.contextValue as Partial<Pick<Context, 'recordedEvents'>>;
        return { onExecuteDone: () => invalidation.afterCommit(recordedEvents) };
      }
      const request = (args.contextValue as { request?: Request }).request;
      const key = request && missed.get(request);
      if (!key || operation !== 'query' || !onlyPublicRootFields(args.document, args.operationName)) return;
      return {
        onExecuteDone({ result, setResult }) {
          // An answer with errors, or a stream (@defer), is never shared.
          if (isAsyncIterable(result) || result.errors?.length) return;
          const json = JSON.stringify(withoutInternals(result));
          // Serialized here once: Yoga writes the same text.
          setResult(Object.assign({}, result, { stringify: () => json }));
          return Promise.resolve(store.set(key, json, TTL_MS)).catch(() => {});
        },
      };
    },
  };
}

/** A stored answer as a result: Yoga writes its JSON as it is (its `stringify`), parsing nothing. */
function storedResult(json: string): ExecutionResult {
  return { stringify: () => json } as ExecutionResult;
}

/** The result as Yoga sends it: its HTTP extension (status, headers) is not part of the body. */
function withoutInternals(result: ExecutionResult): ExecutionResult {
  if (!result.extensions || !('http' in result.extensions)) return result;
  const { http: _http, ...extensions } = result.extensions;
  return { ...result, extensions: Object.keys(extensions).length ? extensions : undefined };
}

const publicRootFields = new WeakMap<DocumentNode, Map<string | null | undefined, boolean>>();

/**
 * Whether every root field the operation selects (through fragments too) is a public read; any
 * other field (a viewer's own data, introspection) makes the answer one not to share.
 */
function onlyPublicRootFields(document: DocumentNode, operationName: string | null | undefined): boolean {
  let byName = publicRootFields.get(document);
  if (!byName) publicRootFields.set(document, (byName = new Map()));
  let answer = byName.get(operationName);
  if (answer === undefined) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const isPublic = (selections: SelectionSetNode, seen: Set<string>): boolean =>
      selections.selections.every((selection) => {
        if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' || PUBLIC_ROOT_FIELDS.has(selection.name.value);
        if (selection.kind === Kind.INLINE_FRAGMENT) return isPublic(selection.selectionSet, seen);
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (seen.has(name)) return true;
        return !!fragment && isPublic(fragment.selectionSet, new Set(seen).add(name));
      });
    const operation = getOperationAST(document, operationName);
    answer = !!operation && isPublic(operation.selectionSet, new Set());
    byName.set(operationName, answer);
  }
  return answer;
}

/** What is known of a document text: its syntax tree (null if it does not parse within the public limits) and its digest. */
interface KnownText {
  document: DocumentNode | null;
  digest: string;
  /** The variables each of its operations declares, by operation name (see {@link declaredVariables}). */
  variables?: Map<string | null | undefined, string[]>;
}

/** Known document texts, for the cache key and {@link isQuery}; the public sends few distinct ones. */
const texts = new Map<string, KnownText>();
const TEXTS_MAX = 1_000;
const UNCACHEABLE: KnownText = { document: null, digest: '' };

/**
 * A document text's syntax tree and digest, each made once per text: the cache key is built
 * before Yoga parses (a hit skips parsing), so the text is parsed here, within the public limits
 * (a longer document is refused later anyway).
 */
function textOf(documentString: string): KnownText {
  // Over the limit: never a cached answer, and not kept (a megabyte of text × a thousand).
  if (!documentString.trim() || documentString.length > QUERY_LIMITS.public.documentChars) return UNCACHEABLE;
  let known = texts.get(documentString);
  if (known === undefined) {
    let document: DocumentNode | null;
    try {
      document = parse(documentString, { noLocation: true, maxTokens: QUERY_LIMITS.public.tokens });
    } catch {
      document = null;
    }
    known = { document, digest: createHash('sha256').update(documentString).digest('hex') };
    if (texts.size >= TEXTS_MAX) texts.clear();
    texts.set(documentString, known);
  }
  return known;
}

/** The names of the variables the operation declares, in their order; read once per text and operation. */
function declaredVariables(text: KnownText, operationName: string | null | undefined): string[] {
  text.variables ??= new Map();
  let names = text.variables.get(operationName);
  if (names === undefined) {
    const operation = text.document && getOperationAST(text.document, operationName);
    names = operation?.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [];
    text.variables.set(operationName, names);
  }
  return names;
}

/**
 * Whether a document's operation is a query, read from its syntax tree. No text, a syntax error
 * or an ambiguous operation is not a query; the word "mutation" inside a string or a name is no mutation.
 */
function isQuery({ document }: KnownText, operationName: string | null | undefined): boolean {
  return !!document && getOperationAST(document, operationName)?.operation === 'query';
}
