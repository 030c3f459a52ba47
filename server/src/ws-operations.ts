import type { IncomingMessage } from 'node:http';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { ConnectionViewers } from './auth/connection-viewer.js';
import { argumentRefusal, audienceOf, type Audience } from './limits.js';
import type { Context } from './context.js';
import type { ValidatedOperation } from './rate-limits.js';
import type { VetlineYoga, WsInitialContext } from './yoga.js';

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
 * - execute and subscribe are Yoga's enveloped ones (every plugin's execute and subscribe hooks:
 *   masked errors, the commit notice, tracing), which read the operation's arguments only, so one
 *   pair serves every operation.
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
  ) {
    // A context hook other than the factory would be skipped here: refuse to start rather than drop it.
    const plugins = (yoga as unknown as { plugins: { onContextBuilding?: unknown }[] }).plugins;
    const contextHooks = plugins.filter((plugin) => plugin.onContextBuilding).length;
    if (contextHooks !== 1) throw new Error(`graphql-ws builds contexts with Yoga's factory alone, but ${contextHooks} plugins build contexts`);
    const { schema, execute, subscribe } = yoga.getEnveloped({});
    this.schema = schema;
    this.execute = execute as WsOperations['execute'];
    this.subscribe = subscribe as WsOperations['subscribe'];
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
