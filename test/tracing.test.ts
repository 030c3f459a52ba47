import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/embedded.js';
import { gql, login } from './helpers/graphql.js';
import { startBuiltServer, type ServerProcess } from './helpers/process.js';
import { startTestServer } from './helpers/server.js';
import { waitUntil, wsClient } from './helpers/ws.js';

/** A span as the OTLP/HTTP JSON encoding carries it (ids in hex). */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }[];
  service: string;
}

/** A small OTLP/HTTP collector: accepts `POST /v1/traces` in JSON and keeps every span. */
async function startReceiver() {
  const spans: ExportedSpan[] = [];
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      bodies.push(body);
      const payload = JSON.parse(body) as { resourceSpans: { resource: { attributes: ExportedSpan['attributes'] }; scopeSpans: { spans: Omit<ExportedSpan, 'service'>[] }[] }[] };
      for (const resourceSpans of payload.resourceSpans) {
        const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: ExportedSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue ?? value?.boolValue;
};

/** Every span of one trace, and whether `descendant` sits under `ancestor` in it. */
function traceOf(spans: ExportedSpan[], traceId: string) {
  const inTrace = spans.filter((s) => s.traceId === traceId);
  const byId = new Map(inTrace.map((s) => [s.spanId, s]));
  const under = (descendant: ExportedSpan, ancestor: ExportedSpan) => {
    for (let at = byId.get(descendant.parentSpanId ?? ''); at; at = byId.get(at.parentSpanId ?? '')) if (at.spanId === ancestor.spanId) return true;
    return false;
  };
  return { spans: inTrace, under };
}

describe('traces exported over OTLP/HTTP', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let data: Awaited<ReturnType<typeof tempDir>>;
  let server: ServerProcess;

  beforeAll(async () => {
    receiver = await startReceiver();
    data = await tempDir();
    server = await startBuiltServer({
      VETLINE_DATA_DIR: data.dir,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Batches leave every 50 ms instead of 5 s, so the test waits little.
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await data?.remove();
    await receiver?.close();
  });

  it('should trace an HTTP mutation, continuing the caller trace, from the request through the operation and resolvers to each SQL statement', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpan}-01` },
      body: JSON.stringify({
        query: 'mutation Tracing_SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { __typename } }',
        variables: { email: 'olga@nordlys.dev', password: 'vetline-demo' },
      }),
    });
    expect(((await response.json()) as any).data.login.__typename).toBe('MutationLoginSuccess');

    await waitUntil(
      () => traceOf(receiver.spans, traceId).spans.some((s) => s.name === 'mutation.Tracing_SignIn'),
      10_000,
      () => JSON.stringify(receiver.spans.map((s) => s.name)),
    );
    // The request span ends last (when the response closes): wait for it too.
    await waitUntil(() => traceOf(receiver.spans, traceId).spans.some((s) => s.name === 'POST /graphql'), 10_000, () => 'no request span');
    const trace = traceOf(receiver.spans, traceId);
    const request = trace.spans.find((s) => s.name === 'POST /graphql')!;
    expect(request.parentSpanId).toBe(callerSpan);
    expect(request.kind).toBe(2); // SERVER
    expect(request.service).toBe('vetline');
    expect(attribute(request, 'graphql.operation.name')).toBe('Tracing_SignIn');
    expect(Number(attribute(request, 'http.response.status_code'))).toBe(200);

    const operation = trace.spans.find((s) => s.name === 'mutation.Tracing_SignIn')!;
    expect(trace.under(operation, request)).toBe(true);
    const resolver = trace.spans.find((s) => s.name === 'Mutation.login');
    expect(resolver && trace.under(resolver, operation)).toBe(true);
    const statements = trace.spans.filter((s) => s.name === 'prisma:client:db_query');
    expect(statements.length).toBeGreaterThan(0);
    // Every statement is in the request's trace; the mutation's own ones under the operation (the
    // caller's session is looked up before execution starts, so its read sits beside it).
    for (const statement of statements) {
      expect(trace.under(statement, request)).toBe(true);
      expect(String(attribute(statement, 'db.query.text'))).toMatch(/^\s*(SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|WITH)/i);
    }
    const written = statements.filter((s) => /^\s*INSERT/i.test(String(attribute(s, 'db.query.text'))));
    expect(written.length).toBeGreaterThan(0);
    // The resolver runs inside its span: the statements it sends nest under it.
    for (const statement of written) expect(trace.under(statement, resolver!)).toBe(true);
    expect(Number(attribute(request, 'db.statement_count'))).toBeGreaterThan(0);
    // Variables and resolver arguments never reach a trace.
    const exported = receiver.bodies.join('\n');
    expect(exported).not.toContain('vetline-demo');
    expect(exported).not.toContain('olga@nordlys.dev');
  }, 30_000);

  it('should trace a WebSocket mutation from the subscribe message through the operation to its SQL', async () => {
    const olga = await login(server.url, 'olga@nordlys.dev');
    const apps = await gql(server.url, 'query { apps(first: 1) { edges { node { id } } } }', {}, { token: olga });
    const appId = apps.data?.['apps'].edges[0].node.id as string;
    const client = wsClient(server.url, { token: olga });
    try {
      const result = await new Promise<any>((resolve, reject) =>
        client.subscribe(
          { query: 'mutation Tracing_Offline($id: ID!) { setPartnerState(appId: $id, online: false) { __typename } }', variables: { id: appId } },
          { next: resolve, error: reject, complete: () => {} },
        ),
      );
      expect(result.data.setPartnerState.__typename).toBe('MutationSetPartnerStateSuccess');
    } finally {
      await client.dispose();
    }
    await waitUntil(() => receiver.spans.some((s) => s.name === 'graphql-ws subscribe' && attribute(s, 'graphql.operation.name') === 'Tracing_Offline'), 10_000, () => 'no ws span');
    const message = receiver.spans.find((s) => s.name === 'graphql-ws subscribe' && attribute(s, 'graphql.operation.name') === 'Tracing_Offline')!;
    expect(message.parentSpanId ?? '').toBe('');
    const trace = traceOf(receiver.spans, message.traceId);
    await waitUntil(() => traceOf(receiver.spans, message.traceId).spans.some((s) => s.name === 'mutation.Tracing_Offline'), 10_000, () => 'no operation span');
    const operation = traceOf(receiver.spans, message.traceId).spans.find((s) => s.name === 'mutation.Tracing_Offline')!;
    expect(trace.under(operation, message)).toBe(true);
    const statements = traceOf(receiver.spans, message.traceId).spans.filter((s) => s.name === 'prisma:client:db_query');
    expect(statements.some((s) => /UPDATE|INSERT/i.test(String(attribute(s, 'db.query.text'))))).toBe(true);
    const { under } = traceOf(receiver.spans, message.traceId);
    for (const statement of statements) expect(under(statement, message)).toBe(true);
    const resolver = traceOf(receiver.spans, message.traceId).spans.find((s) => s.name === 'Mutation.setPartnerState')!;
    expect(under(resolver, operation)).toBe(true);
    const writes = statements.filter((s) => /^\s*(UPDATE|INSERT)/i.test(String(attribute(s, 'db.query.text'))));
    expect(writes.length).toBeGreaterThan(0);
    for (const statement of writes) expect(under(statement, resolver)).toBe(true);
  }, 30_000);
});

describe('traces off (no OTLP endpoint)', () => {
  it('should register no tracer, context manager, propagator, span processor or Prisma instrumentation', async () => {
    const server = await startTestServer();
    try {
      expect((await gql(server.url, 'query { sections { key } }')).errors).toBeUndefined();
      // @opentelemetry/api keeps whatever is registered under this global; nothing registered, nothing there.
      expect((globalThis as Record<symbol, unknown>)[Symbol.for('opentelemetry.js.api.1')]).toBeUndefined();
      // Prisma 7 reads its tracing helper from these globals on every query.
      expect((globalThis as Record<string, unknown>)['V7_PRISMA_INSTRUMENTATION']).toBeUndefined();
      expect((globalThis as Record<string, unknown>)['PRISMA_INSTRUMENTATION']).toBeUndefined();
    } finally {
      await server.stop();
    }
  }, 60_000);
});
