import type { IncomingMessage } from 'node:http';
import { createSourceEventStream, execute, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { isAsyncIterable } from 'graphql-yoga';
import type { ConnectionViewers } from './auth/connection-viewer.js';
import { isHubWritten } from './events/live.js';
import { argumentRefusal, audienceOf, type Audience } from './limits.js';
import type { Context } from './context.js';
import type { ValidatedOperation } from './rate-limits.js';
import type { VetlineYoga, WsInitialContext } from './yoga.js';

/**
 * Yoga's own subscribe hooks (its engine's, which picks graphql-tools' executor; the result
 * processors' and the AbortError pass-through, which act on HTTP requests and aborts only; the
 * masked errors) and the SSE limits', which acts on HTTP requests only.
 */
const KNOWN_SUBSCRIBE_HOOKS = 5;

/** Documents remembered per audience (the texts are the clients'; Yoga's own parse cache holds 1,000). */
const DOCUMENTS_REMEMBERED = 1_000;

/** What a graphql-ws connection's operations share, made once when it is first needed. */
interface Connection {
  connectionParams: Readonly<Record<string, unknown>>;
  clientAddress: string | undefined;
  connectionViewer: () => ReturnType<ConnectionViewers['current']>;
  audience: Audience;
}

/** A subscribe message's payload once its persisted document is resolved. */
interface Params {
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
  extensions?: Record<string, unknown> | null | undefined;
}

/**
 * graphql-ws' operations through the same Yoga as HTTP, with the per-operation work that gives the
 * same answer every time done once:
 *
 * - a document text is parsed and validated through every parse and validation hook (the query
 *   limits of the connection's audience, the rate limits' note) the first time; once it passed,
 *   the same text from the same audience reuses the document, and only what depends on the
 *   operation is checked again: its arguments' bounds (the variables are new each time) and, in
 *   the context factory, its rate-limit charge;
 * - the context is Yoga's own factory's (`contextFor`), called with a small initial context made
 *   from the connection's parts, instead of copied into a copy of graphql-ws' context;
 * - execute is Yoga's enveloped one (every plugin's execute hooks: masked errors, the commit
 *   notice, tracing), which reads the operation's arguments only, so one serves every operation;
 * - subscribe, unless traces are on, is graphql-js' own with Yoga's masking of errors, which is
 *   all Yoga's subscribe hooks do for a graphql-ws operation (the others act on HTTP requests),
 *   and a stream the live hub writes to the socket is handed to graphql-ws as it is: it never
 *   yields, so the per-subscription iterators that would map its events are not made.
 */
export class WsOperations {
  readonly schema: GraphQLSchema;
  readonly execute: NonNullable<ServerOptions['execute']>;
  readonly subscribe: NonNullable<ServerOptions['subscribe']>;
  readonly #connections = new WeakMap<object, Connection>();
  readonly #documents: Record<Audience, Map<string, DocumentNode>> = { public: new Map(), signedIn: new Map() };

  constructor(
    private readonly yoga: VetlineYoga,
    readonly contextFor: (initial: WsInitialContext, validated: ValidatedOperation) => Promise<Context>,
    private readonly viewers: ConnectionViewers,
    private readonly addressOf: (request: IncomingMessage) => string | undefined,
    options: { tracing: boolean },
  ) {
    // A context hook other than the factory would be skipped here: refuse to start rather than drop it.
    const internals = yoga as unknown as { plugins: { onContextBuilding?: unknown; onSubscribe?: unknown }[]; maskedErrorsOpts: MaskedErrors | null };
    const contextHooks = internals.plugins.filter((plugin) => plugin.onContextBuilding).length;
    if (contextHooks !== 1) throw new Error(`graphql-ws builds contexts with Yoga's factory alone, but ${contextHooks} plugins build contexts`);
    const { schema, execute, subscribe } = yoga.getEnveloped({});
    this.schema = schema;
    this.execute = execute as WsOperations['execute'];
    // Traces wrap subscribe in their spans: with them on, Yoga's subscribe. Otherwise a subscribe
    // hook besides Yoga's own would be skipped: refuse to start rather than drop it.
    const subscribeHooks = internals.plugins.filter((plugin) => plugin.onSubscribe).length;
    const masked = internals.maskedErrorsOpts;
    if (options.tracing) this.subscribe = subscribe as WsOperations['subscribe'];
    else if (subscribeHooks !== KNOWN_SUBSCRIBE_HOOKS || !masked) throw new Error(`graphql-ws subscribes with Yoga's masking alone, but ${subscribeHooks} plugins hook subscribe`);
    else this.subscribe = (args) => subscribeMasked(args, (error) => masked.maskError(error, masked.errorMessage));
  }

  /** Yoga's initial context for one operation on the connection `ctx`. */
  initialContext(ctx: { extra: { request: IncomingMessage }; connectionParams?: Readonly<Record<string, unknown>> | undefined }, params: Params): WsInitialContext {
    let connection = this.#connections.get(ctx.extra);
    if (!connection) {
      const connectionParams = ctx.connectionParams ?? {};
      const extra = ctx.extra;
      connection = {
        connectionParams,
        clientAddress: this.addressOf(extra.request),
        connectionViewer: () => this.viewers.current(extra),
        audience: audienceOf({ connectionParams }),
      };
      this.#connections.set(extra, connection);
    }
    const { connectionParams, clientAddress, connectionViewer } = connection;
    return { connectionParams, clientAddress, connectionViewer, params };
  }

  /**
   * The operation's document, parsed and validated for the audience of the connection `extra`
   * (after {@link initialContext}), or the errors refusing it.
   */
  check(extra: object, initial: WsInitialContext, params: Params): DocumentNode | GraphQLError[] {
    const documents = this.#documents[this.#connections.get(extra)?.audience ?? audienceOf(initial)];
    const known = documents.get(params.query);
    if (known) {
      const refused = argumentRefusal(known, params.operationName, params.variables);
      return refused ? [refused] : known;
    }
    const { parse, validate } = this.yoga.getEnveloped(initial);
    let document: DocumentNode;
    try {
      document = parse(params.query);
    } catch (error) {
      // Syntax errors and query limits refuse this operation, not the whole connection.
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const errors = validate(this.schema, document);
    if (errors.length > 0) return [...errors];
    if (documents.size >= DOCUMENTS_REMEMBERED) documents.clear();
    documents.set(params.query, document);
    return document;
  }
}

/** Yoga's error masking, as its server holds it. */
export interface MaskedErrors {
  maskError: (error: unknown, message: string) => Error;
  errorMessage: string;
}

/**
 * graphql-js' subscribe with Yoga's masking: the source stream's set-up errors and each result's
 * errors masked as Yoga masks them. A stream the live hub writes (over graphql-ws) is returned as
 * it is; any other has each event executed, as graphql-js would.
 */
export async function subscribeMasked(args: ExecutionArgs, mask: (error: unknown) => Error): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const masked = (result: ExecutionResult): ExecutionResult => (result.errors ? { ...result, errors: result.errors.map((error) => mask(error) as GraphQLError) } : result);
  let source: AsyncIterable<unknown> | ExecutionResult;
  try {
    source = await createSourceEventStream(args);
  } catch (error) {
    throw mask(error);
  }
  if (!isAsyncIterable(source)) return masked(source);
  if (isHubWritten(source)) return source as AsyncIterable<ExecutionResult>;
  return mapStream(source, async (event) => masked(await execute({ ...args, rootValue: event })));
}

/** `source` with each value mapped by `map`; returning or throwing into it reaches `source`. */
function mapStream<T, U>(source: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const done = { done: true as const, value: undefined };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: async () => {
      const step = await iterator.next();
      if (step.done) return done;
      try {
        return { done: false, value: await map(step.value) };
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
    },
    return: async () => (await iterator.return?.(), done),
  };
}
