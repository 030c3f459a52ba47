import { createHash } from 'node:crypto';
import { GraphQLError, Kind, getOperationAST, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { decodeJwt } from 'jose';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { limitAddress } from './auth/login-throttle.js';
import { verifySessionToken } from './auth/tokens.js';
import { credentialsFromConnectionParams, credentialsFromHeaders } from './auth/viewer.js';
import { openLimiterStore } from './limiter-store.js';
import { operationCost } from './limits.js';

/**
 * Cost points per window: anonymous and API-key callers per key or client address, signed-in
 * users (staff, partner members) per user. `0` switches a budget off.
 */
export interface RateLimits {
  publicPoints: number;
  signedInPoints: number;
  windowSeconds: number;
}

/**
 * Generous enough never to trouble the dashboard or a storefront: the public budget is 20
 * operations at the public cost limit (5,000) or 40 uncached catalog pages (2,422) a minute, and
 * thousands of small ones; a signed-in user gets ten times that.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { publicPoints: 100_000, signedInPoints: 1_000_000, windowSeconds: 60 };

/** The `extensions.code` of an operation refused because its caller's budget is spent. */
export const RATE_LIMITED = 'RATE_LIMITED';

/**
 * An operation refused by the rate limits: `extensions.code` `RATE_LIMITED` and
 * `extensions.retryAfterSeconds` (as the schema's `RateLimitedError` of `login` says it), HTTP 429
 * with `Retry-After`. A top-level error, since any operation can be refused.
 */
export class OperationRateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests: this caller's query budget is spent; try again in ${retryAfterSeconds} s`, {
      extensions: {
        code: RATE_LIMITED,
        retryAfterSeconds,
        http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
      },
    });
  }
}

/** A document that passed validation, and the schema it was validated against. */
export interface ValidatedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
}

/** Yoga's initial context as far as the rate limits read it (HTTP or graphql-ws). */
interface InitialContext {
  request?: Request | undefined;
  connectionParams?: Readonly<Record<string, unknown>> | undefined;
  clientAddress?: string | undefined;
  params?: { operationName?: string | null | undefined } | undefined;
}

/**
 * Rate limits on operations, charged by cost ({@link operationCost}, the measure of the query
 * limits): a small query costs a few points, `catalog(first: 100)` with its fields hundreds. The
 * charge happens when the context is built — after parsing and validation, before credentials
 * are looked up, before any SQL and any resolver — on HTTP, SSE and graphql-ws alike. Answers the
 * public response cache serves never get that far, and cost nothing.
 */
export interface OperationRateLimits {
  /** Notes each validated document, for {@link charge}; goes in Yoga's plugin list. */
  plugin: Plugin;
  /**
   * Charges the operation of a context about to be built: the document its validation noted, or
   * `validated` (graphql-ws' known documents, validated when first seen). @throws OperationRateLimitedError
   */
  charge(context: object, validated?: ValidatedOperation): Promise<void>;
  close(): Promise<void>;
}

export interface OperationRateLimitsOptions {
  limits: RateLimits;
  /** Verifies session tokens (no SQL), so a forged token cannot spend someone else's budget. */
  jwtSecret: Uint8Array;
  /** Shares the budgets between instances; without it they are per process. */
  redisUrl?: string | undefined;
  /** Redis key prefix of this deployment (see `deploymentNamespace`). */
  namespace: string;
  log?: (message: string) => void;
}

/** Builds the rate limits: in Redis when `redisUrl` is given (falling back to memory while Redis is away), else in memory. */
export async function createOperationRateLimits(options: OperationRateLimitsOptions): Promise<OperationRateLimits> {
  const { limits, jwtSecret, redisUrl, namespace, log } = options;
  const store = await openLimiterStore({ redisUrl, namespace, log, what: 'rate limits' });
  const budgets = {
    public: limits.publicPoints > 0 ? store.limiter('rate-public', limits.publicPoints, limits.windowSeconds) : null,
    signedIn: limits.signedInPoints > 0 ? store.limiter('rate-signed-in', limits.signedInPoints, limits.windowSeconds) : null,
  };
  // A signature check costs 0.1-0.3 ms and the context factory makes its own: a client sends one
  // token many times, so its user is remembered until the token expires.
  const tokenUsers = new Map<string, { userId: string; expiresAtMs: number }>();
  async function tokenUser(token: string): Promise<string | null> {
    const known = tokenUsers.get(token);
    if (known && known.expiresAtMs > Date.now()) return known.userId;
    const check = await verifySessionToken(token, jwtSecret);
    if (!check.ok) return null;
    if (tokenUsers.size >= TOKENS_REMEMBERED) tokenUsers.clear();
    tokenUsers.set(token, { userId: check.userId, expiresAtMs: expiryOf(token) });
    return check.userId;
  }
  const validated = new WeakMap<object, ValidatedOperation>();

  /** Whose budget an operation spends, read from its credentials without SQL; null: nobody's (refused later). */
  async function callerOf(context: InitialContext) {
    const credentials = context.connectionParams
      ? credentialsFromConnectionParams(context.connectionParams)
      : context.request
        ? credentialsFromHeaders(context.request.headers)
        : {};
    if (credentials.bearer) {
      const user = await tokenUser(credentials.bearer);
      // A bad token is refused by the context factory, before anything runs.
      return user ? { budget: budgets.signedIn, key: `user:${user}` } : null;
    }
    // An unknown key is refused the same way; a known one is one caller wherever it calls from.
    if (credentials.apiKey) return { budget: budgets.public, key: `key:${digest(credentials.apiKey)}` };
    return { budget: budgets.public, key: `ip:${limitAddress(context.clientAddress)}` };
  }

  return {
    plugin: {
      onValidate({ context, params }) {
        validated.set(context, { schema: params.schema, document: params.documentAST });
      },
    },
    async charge(context, known) {
      const operation = known ?? validated.get(context);
      if (!operation) return;
      const caller = await callerOf(context as InitialContext);
      if (!caller?.budget) return;
      const points = Math.max(1, costOf(operation.schema, operation.document, (context as InitialContext).params?.operationName));
      try {
        await caller.budget.consume(caller.key, points);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // A refused operation costs nothing: a cheaper one may still fit what is left.
        await caller.budget.reward(caller.key, points).catch(() => {});
        throw new OperationRateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      }
    },
    close: () => store.close(),
  };
}

/** Verified tokens remembered per instance (a few MB at most). */
const TOKENS_REMEMBERED = 10_000;

/** A verified token's `exp`, in milliseconds (verification guarantees it is there). */
const expiryOf = (token: string) => (decodeJwt(token).exp ?? 0) * 1000;

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/** Costs per document and operation name; documents are Yoga's parse-cache entries, so this is computed once. */
const costs = new WeakMap<DocumentNode, Map<string, number>>();

/** The cost of the operation a document runs, as the query limits count it. */
export function costOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): number {
  let byName = costs.get(document);
  if (!byName) costs.set(document, (byName = new Map()));
  const cached = byName.get(operationName ?? '');
  if (cached !== undefined) return cached;
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  let cost = 0;
  if (operation && root) {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    cost = operationCost({ getSchema: () => schema, getFragment: (name) => fragments.get(name) ?? null }, operation.selectionSet, root);
  }
  byName.set(operationName ?? '', cost);
  return cost;
}
