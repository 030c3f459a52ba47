import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Plugin } from 'graphql-yoga';
import { requestLogger, type Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** One GraphQL request over HTTP or one graphql-ws operation, as its log line and metrics see it. */
export class Operation {
  readonly started = performance.now();
  /**
   * SQL statements sent while it ran (batched reads count for the request that opened the batch);
   * undefined for a graphql-ws subscription (see {@link OperationLog.graphqlWs}).
   */
  sql: number | undefined = 0;
  name: string | undefined;
  /** The viewer's kind (`anonymous`, `user`, `catalogKey`, `accountKey`); never who. */
  viewer: string | undefined;
  /** The first error's code; undefined when the operation succeeded. */
  error: string | undefined;
  kind: string | undefined;
  /** Its span's context while traces are on (see `tracing.ts`); undefined otherwise. */
  trace: unknown;

  constructor(
    readonly id: string,
    readonly transport: 'http' | 'ws',
  ) {}
}

const running = new AsyncLocalStorage<Operation>();

/**
 * Traces, when they are on (`tracing.ts`): a server span per operation that the GraphQL and SQL
 * spans nest under. This module imports nothing of OpenTelemetry, so with traces off none is loaded.
 */
export interface OperationTracing {
  /** Starts the operation's span; `carrier` may hold a W3C `traceparent` to continue. */
  start(operation: Operation, carrier: Readonly<Record<string, unknown>> | undefined): void;
  /** Runs `fn` with the operation's span as the active one. */
  run<T>(operation: Operation, fn: () => T): T;
  /** Ends the span with the operation's name, outcome and HTTP status. */
  end(operation: Operation, status?: number): void;
}

/** Counts one SQL statement against the operation it runs for, if any (the pg client calls it). */
export function countStatement(): void {
  const operation = running.getStore();
  if (operation?.sql !== undefined) operation.sql++;
}

/** A client's `x-request-id` when it is a sane token, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** The code an operation failed with: the first error's `extensions.code`, or INTERNAL_SERVER_ERROR. */
function codeOf(errors: readonly GraphQLError[] | readonly { extensions?: Record<string, unknown> }[] | undefined): string | undefined {
  if (!errors?.length) return undefined;
  const code = errors[0]?.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/** The first operation's name in a document's text, without parsing it (a cheap prefix match). */
function nameInText(query: string | undefined): string | undefined {
  return query ? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(query)?.[1] : undefined;
}

/** What the server adds to Yoga's context so the plugin finds the HTTP request's operation. */
export interface ObservedContext {
  operation?: Operation;
}

/**
 * One log line and one set of metric updates per GraphQL request (HTTP) and per graphql-ws
 * operation, with a request id, the operation's name, the viewer's kind, the outcome, the
 * duration and the SQL statements sent. Database outages are left to the outage's own line.
 */
export class OperationLog {
  private readonly logger: Logger;

  constructor(
    logger: Logger,
    private readonly metrics: Metrics,
    private readonly tracing?: OperationTracing,
  ) {
    this.logger = requestLogger(logger);
  }

  /** HTTP: assigns the request id (returned as `x-request-id`), runs `next` in its scope, logs at the end. */
  http(req: IncomingMessage, res: ServerResponse, next: (operation: Operation) => void): void {
    const operation = new Operation(requestIdOf(req.headers['x-request-id']), 'http');
    res.setHeader('x-request-id', operation.id);
    res.once('close', () => this.finish(operation, res.statusCode));
    const { tracing } = this;
    if (!tracing) return running.run(operation, next, operation);
    tracing.start(operation, req.headers);
    tracing.run(operation, () => running.run(operation, next, operation));
  }

  /** The Yoga plugin that tells the HTTP request's operation its name, viewer and outcome. */
  plugin(): Plugin<ObservedContext> {
    return {
      onParams({ params, context }) {
        const operation = (context as ObservedContext).operation;
        // Named here too, for requests answered before execution (a cache hit, a refused caller).
        if (operation) operation.name = params.operationName ?? nameInText(params.query);
      },
      onExecute({ args }) {
        const { operation, viewer } = args.contextValue as ObservedContext & { viewer?: { kind: string } };
        if (!operation) return;
        operation.viewer = viewer?.kind;
        const ast = getOperationAST(args.document, args.operationName);
        operation.kind = ast?.operation;
        operation.name ??= ast?.name?.value;
      },
      onResultProcess({ result, serverContext }) {
        const operation = (serverContext as ObservedContext).operation;
        if (operation && !Array.isArray(result) && !(Symbol.asyncIterator in (result as object))) {
          operation.error = codeOf((result as ExecutionResult).errors);
        }
      },
    };
  }

  /**
   * Wraps graphql-ws' server options: one line per operation (for a subscription, once it is
   * running or refused), with the SQL its execution sends for a query or a mutation. Setting an
   * operation up (its viewer's access, a subscription's subject) reads in batches shared by every
   * connection, so those statements belong to no one operation and a subscription's line carries
   * no count: that keeps `AsyncLocalStorage` off the path every subscription takes.
   */
  graphqlWs<P extends ServerOptions<any, any>>(options: P): P {
    const operations = new WeakMap<object, Operation>();
    const { onSubscribe, onOperation, execute, subscribe } = options;
    const { tracing } = this;
    const withOperation = <T>(args: ExecutionArgs, run: () => T, countSql: boolean): T => {
      const operation = args.rootValue ? operations.get(args.rootValue as object) : undefined;
      if (!operation) return run();
      const counted = countSql ? () => running.run(operation, run) : run;
      return tracing ? tracing.run(operation, counted) : counted();
    };
    return {
      ...options,
      onSubscribe: async (ctx, id, payload) => {
        const operation = new Operation(randomUUID(), 'ws');
        operation.name = payload.operationName ?? undefined;
        // A client may continue its own trace: `extensions.traceparent` in the subscribe message.
        tracing?.start(operation, payload.extensions ?? undefined);
        const subscribed = () => onSubscribe?.(ctx, id, payload);
        const result = await (tracing ? tracing.run(operation, subscribed) : subscribed());
        if (result && !Array.isArray(result)) {
          const args = result as ExecutionArgs;
          const ast = getOperationAST(args.document, args.operationName);
          operation.name ??= ast?.name?.value;
          operation.kind = ast?.operation;
          if (operation.kind === 'subscription') operation.sql = undefined;
          operation.viewer = (args.contextValue as { viewer?: { kind: string } } | undefined)?.viewer?.kind;
          if (args.rootValue && typeof args.rootValue === 'object') operations.set(args.rootValue, operation);
        } else if (Array.isArray(result)) {
          operation.error = codeOf(result as readonly GraphQLError[]);
          this.finish(operation);
        }
        return result;
      },
      execute: execute && ((args: ExecutionArgs) => withOperation(args, () => execute(args), true)),
      subscribe: subscribe && ((args: ExecutionArgs) => withOperation(args, () => subscribe(args), false)),
      onOperation: async (ctx, id, payload, args, result) => {
        const operation = args.rootValue ? operations.get(args.rootValue as object) : undefined;
        if (operation) {
          if (!(Symbol.asyncIterator in (result as object))) operation.error = codeOf((result as ExecutionResult).errors);
          this.finish(operation);
        }
        return onOperation?.(ctx, id, payload, args, result);
      },
    } as P;
  }

  private finish(operation: Operation, status?: number): void {
    const ms = performance.now() - operation.started;
    this.metrics.recordOperation(operation, ms);
    this.tracing?.end(operation, status);
    // An outage is one line with a count (db/outage.ts), not one per refused request.
    if (operation.error === 'DATABASE_UNAVAILABLE') return;
    if (!this.logger.isLevelEnabled('info')) return;
    this.logger.info(
      {
        requestId: operation.id,
        transport: operation.transport,
        operation: operation.name ?? null,
        kind: operation.kind,
        viewer: operation.viewer,
        outcome: operation.error ?? 'ok',
        status,
        ms: Math.round(ms * 10) / 10,
        sql: operation.sql,
      },
      operation.transport === 'http' ? 'graphql request' : 'graphql-ws operation',
    );
  }
}
