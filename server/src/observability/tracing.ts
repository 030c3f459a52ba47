import { defaultFieldResolver, isIntrospectionType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context as OtelContext, Span, Tracer } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Operation, OperationTracing } from './operations.js';

/** Traces of one process: the span per operation, the GraphQL plugin, and a flush at exit. */
export interface Tracing extends OperationTracing {
  /** The GraphQL operation and resolver spans (`@envelop/opentelemetry`). */
  plugin: Plugin;
  /** Sends the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** Span attributes that may carry what a caller typed (a password argument): never exported. */
const UNSAFE_ATTRIBUTES = ['graphql.resolver.args', 'graphql.execute.variables', 'graphql.execute.result'];

type OtelApi = typeof import('@opentelemetry/api');

/**
 * A span per resolver we wrote (`Mutation.login`; plain field reads are left out), with the
 * resolver running inside it, so the SQL it sends nests under it. `@envelop/opentelemetry`'s own
 * resolver spans only sit beside the work. It wraps the schema's resolvers in place, once.
 */
function useResolverSpans(tracer: Tracer, api: OtelApi): Plugin {
  const wrapped = new WeakSet<object>();
  const wrap = (schema: GraphQLSchema) => {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const resolve = field.resolve;
        // Pothos gives every field a resolver; a field exposed as is (`App.code`) reads a property.
        if (!resolve || resolve === defaultFieldResolver || field.extensions?.['pothosExposedField'] !== undefined || wrapped.has(field)) continue;
        wrapped.add(field);
        const name = `${type.name}.${field.name}`;
        const traced: GraphQLFieldResolver<unknown, unknown> = (root, args, context, info) => {
          const span = tracer.startSpan(name, { attributes: { 'graphql.field.name': field.name, 'graphql.field.type': type.name } });
          const end = (error?: unknown) => {
            if (error !== undefined) span.setStatus({ code: api.SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
            span.end();
          };
          try {
            const result = api.context.with(api.trace.setSpan(api.context.active(), span), () => resolve(root, args, context, info));
            if (result && typeof (result as Promise<unknown>).then === 'function') {
              (result as Promise<unknown>).then(() => end(), end);
            } else end();
            return result;
          } catch (error) {
            end(error);
            throw error;
          }
        };
        field.resolve = traced;
      }
    }
  };
  return { onSchemaChange: ({ schema }) => wrap(schema as GraphQLSchema) };
}

/**
 * Turns traces on for this process: an OTLP/HTTP exporter (configured by the standard
 * `OTEL_EXPORTER_OTLP_*` and `OTEL_BSP_*` variables, JSON encoding), service name `vetline`
 * (`OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` override it), W3C `traceparent` propagation,
 * and Prisma's instrumentation, so every SQL statement is a span of the operation that sent it.
 * The packages are imported here, on demand: with traces off none of them is even loaded.
 * It registers process-wide globals (tracer provider, context manager): only `main.ts` calls it.
 */
export async function startTracing(): Promise<Tracing> {
  const [api, { NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, resources, { ATTR_SERVICE_NAME }, { PrismaInstrumentation }, { useOpenTelemetry }] =
    await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
      import('@prisma/instrumentation'),
      import('@envelop/opentelemetry'),
    ]);
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'vetline' }))
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  // Before export, not after: a redacted attribute never reaches a buffer or the wire.
  const redact: SpanProcessor = {
    onStart(span) {
      const attributes = (span as unknown as { attributes: Record<string, unknown> }).attributes;
      for (const key of UNSAFE_ATTRIBUTES) delete attributes[key];
    },
    onEnd() {},
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new NodeTracerProvider({ resource, spanProcessors: [redact, new BatchSpanProcessor(new OTLPTraceExporter())] });
  // The tracer provider, AsyncLocalStorage context and the W3C trace-context propagator.
  provider.register();
  // Prisma 7 reads this global helper on every query; `db_query` spans carry the SQL text (no values).
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();

  const tracer = provider.getTracer('vetline');
  const { SpanKind, SpanStatusCode, ROOT_CONTEXT, propagation, trace, context } = api;
  const spans = new WeakMap<Operation, Span>();
  // The operation span (resolver spans are our own, below); no variables or results: they can hold secrets.
  const operationSpans = useOpenTelemetry({ resolvers: false, variables: false, result: false }, provider, SpanKind.INTERNAL, {}, 'vetline') as Plugin;
  const resolverSpans = useResolverSpans(tracer, api);
  const plugin: Plugin = { onPluginInit: ({ addPlugin }) => (addPlugin(operationSpans), addPlugin(resolverSpans)) };

  return {
    plugin,
    start(operation, carrier) {
      const parent = carrier && typeof carrier['traceparent'] === 'string' ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
      const http = operation.transport === 'http';
      const span = tracer.startSpan(
        http ? 'POST /graphql' : 'graphql-ws subscribe',
        {
          kind: SpanKind.SERVER,
          attributes: http
            ? { 'http.request.method': 'POST', 'http.route': '/graphql', 'vetline.request_id': operation.id }
            : { 'network.protocol.name': 'websocket', 'vetline.request_id': operation.id },
        },
        parent,
      );
      spans.set(operation, span);
      operation.trace = trace.setSpan(parent, span);
    },
    run(operation, fn) {
      return operation.trace ? context.with(operation.trace as OtelContext, fn) : fn();
    },
    end(operation, status) {
      const span = spans.get(operation);
      if (!span) return;
      spans.delete(operation);
      if (operation.name) span.setAttribute('graphql.operation.name', operation.name);
      if (operation.kind) span.setAttribute('graphql.operation.type', operation.kind);
      if (status !== undefined) span.setAttribute('http.response.status_code', status);
      if (operation.sql !== undefined) span.setAttribute('db.statement_count', operation.sql);
      if (operation.error) span.setStatus({ code: SpanStatusCode.ERROR, message: operation.error });
      span.end();
    },
    async shutdown() {
      prisma.disable();
      await provider.shutdown();
    },
  };
}
