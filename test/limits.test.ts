import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Kind, getIntrospectionQuery, parse, print, specifiedRules, validate, visit, type DocumentNode, type SelectionSetNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as operations from '../web/src/gql/graphql.js';
import { HTTP_LIMITS } from '../server/src/http-limits.js';
import { ARGUMENT_LIMITS, QUERY_LIMITS, queryLimitRules, type Audience } from '../server/src/limits.js';
import { schema } from '../server/src/schema/index.js';
import { login } from './helpers/graphql.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { rawSocket, waitUntil } from './helpers/ws.js';

// Query limits and HTTP hygiene (issue 10): every over-limit document is refused before any SQL,
// on HTTP, SSE and graphql-ws; bodies, content types, origins and slow senders are bounded.

const ALLOWED = 'https://shop.example.com';

/** Over-limit documents for the public, one per limit. */
const overPublic: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'document size': { query: `{ sections { key } }${' '.repeat(QUERY_LIMITS.public.documentChars)}` },
  // Spreads are the shortest valid tokens: over the token limit, under the document size.
  tokens: { query: spreads(QUERY_LIMITS.public.tokens / 2) },
  depth: { query: nested(QUERY_LIMITS.public.depth + 1) },
  aliases: { query: `{ ${Array.from({ length: QUERY_LIMITS.public.aliases + 1 }, (_, i) => `a${i}: sections { key }`).join(' ')} }` },
  directives: {
    query: `{ ${Array.from({ length: QUERY_LIMITS.public.directives + 1 }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`,
  },
  // 4 pages of up to 100 apps (a variable page size counts as the maximum) with their fields.
  cost: {
    query: `query ($n: Int) { ${[1, 2, 3, 4].map((i) => `c${i}: catalog(first: $n) { edges { node { code countries listing { name description locale } section { key name } pricing { priceMinor currency free } } } }`).join(' ')} }`,
  },
  'a long search string': {
    query: 'query ($filter: CatalogFilter) { catalog(filter: $filter) { edges { node { code } } } }',
    variables: { filter: { search: 'x'.repeat(ARGUMENT_LIMITS.stringChars + 1) } },
  },
  'a long literal argument': { query: `{ app(code: "${'x'.repeat(ARGUMENT_LIMITS.stringChars + 1)}") { code } }` },
  'a long list argument': {
    query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: { ids: Array.from({ length: ARGUMENT_LIMITS.listItems + 1 }, (_, i) => `id${i}`) },
  },
};

/** A valid document of about `2 × count` tokens. */
function spreads(count: number): string {
  return `{ ${'...F '.repeat(count + 1)} } fragment F on Query { __typename }`;
}

/** `{ viewer { memberships { partner { apps … } } } }`-like nesting, `depth` fields deep. */
function nested(depth: number): string {
  // node → App.versions → AppVersion.app → … alternates object fields the schema really has.
  let inner = 'id';
  for (let level = depth - 1; level > 0; level--) inner = level % 2 ? `versions { ${inner} }` : `app { ${inner} }`;
  return `{ app(code: "acme-pay") { ${inner} } }`;
}

/** Whether an answer is a query-limit refusal with no data. */
function limitRefusal(text: string): boolean {
  const body = JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return body.data === undefined && !!body.errors?.some((error) => error.extensions?.code === 'QUERY_LIMIT');
}

describe('query limits and HTTP hygiene', () => {
  let server: TestServer;
  let staff: string;
  const statements: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      // Production mode; the event log is not polled, so every statement counted is the request's.
      env: { NODE_ENV: 'production', VETLINE_ALLOWED_ORIGINS: ALLOWED, VETLINE_EVENT_POLL_MS: '600000' },
      onQuery: (sql) => statements.push(sql),
    });
    staff = await login(server.url, 'admin@vetline.dev');
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Runs `action` and returns how many SQL statements ran meanwhile. */
  async function sqlDuring(action: () => Promise<void>): Promise<number> {
    // Earlier work (a login's commit nudges the event feed) may still be finishing: wait for quiet.
    for (let seen = -1, waited = 0; seen !== statements.length && waited < 5_000; waited += 200) {
      seen = statements.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    statements.length = 0;
    await action();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return statements.length;
  }

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  describe.each(Object.entries(overPublic))('a public query over the limit of %s', (_limit, operation) => {
    it('should be refused over HTTP before any SQL', async () => {
      let answer: Awaited<ReturnType<typeof post>> | undefined;
      const sql = await sqlDuring(async () => {
        answer = await post(operation);
      });
      expect(answer!.status).toBe(400);
      expect(limitRefusal(answer!.text)).toBe(true);
      expect(sql).toBe(0);
    });

    it('should be refused over SSE before any SQL', async () => {
      let status = 0;
      let text = '';
      const sql = await sqlDuring(async () => {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify(operation),
        });
        status = response.status;
        text = await response.text();
      });
      expect(status).toBe(400);
      expect(text).toContain('QUERY_LIMIT');
      expect(text).not.toContain('"data"');
      expect(sql).toBe(0);
    });

    it('should be refused over graphql-ws before any SQL, keeping the connection', async () => {
      const ws = await rawSocket(server.url);
      ws.send({ type: 'connection_init', payload: {} });
      await waitUntil(() => ws.messages.some((m) => m.type === 'connection_ack'), 5_000, () => 'no ack');
      const sql = await sqlDuring(async () => {
        ws.send({ id: '1', type: 'subscribe', payload: operation });
        await waitUntil(() => ws.messages.some((m) => m.id === '1'), 5_000, () => JSON.stringify(ws.messages));
      });
      const answer = ws.messages.find((m) => m.id === '1');
      expect(answer.type).toBe('error');
      expect(limitRefusal(JSON.stringify({ errors: answer.payload }))).toBe(true);
      expect(sql).toBe(0);
      expect(ws.socket.readyState).toBe(WebSocket.OPEN);
      ws.socket.close();
    });
  });

  it('should refuse signed-in queries over their own limits before any SQL', async () => {
    const limits = QUERY_LIMITS.signedIn;
    const documents = [
      nested(limits.depth + 1),
      `{ ${Array.from({ length: limits.aliases + 1 }, (_, i) => `a${i}: sections { key }`).join(' ')} }`,
      // 100 apps × 100 history events × their fields.
      `{ apps(first: 100) { edges { node { code history(first: 100) { edges { node { cursor type payload actor { name } } } } } } } }`,
      spreads(limits.tokens / 2),
    ];
    for (const query of documents) {
      let answer: Awaited<ReturnType<typeof post>> | undefined;
      const sql = await sqlDuring(async () => {
        answer = await post({ query }, { authorization: `Bearer ${staff}` });
      });
      expect(answer!.status, query.slice(0, 80)).toBe(400);
      expect(answer!.text).toContain('QUERY_LIMIT');
      expect(sql).toBe(0);
    }
  });

  it('should give signed-in users more room than the public, whichever asks first', async () => {
    // Over the public limits, within the signed-in ones: Yoga caches validation per document and rules.
    const query = overPublic.aliases!.query;
    const signedIn = await post({ query }, { authorization: `Bearer ${staff}` });
    expect(signedIn.status).toBe(200);
    expect(JSON.parse(signedIn.text).data.a0).toBeInstanceOf(Array);
    expect((await post({ query })).status).toBe(400);
    expect((await post({ query }, { authorization: `Bearer ${staff}` })).status).toBe(200);
    // And a long document refused to the public first still passes for the signed-in.
    const long = overPublic['document size']!.query;
    expect((await post({ query: long })).status).toBe(400);
    expect((await post({ query: long }, { authorization: `Bearer ${staff}` })).status).toBe(200);
  });

  it('should apply the signed-in limits over graphql-ws to a socket that signed in', async () => {
    const ws = await rawSocket(server.url);
    ws.send({ type: 'connection_init', payload: { authorization: `Bearer ${staff}` } });
    await waitUntil(() => ws.messages.some((m) => m.type === 'connection_ack'), 5_000, () => 'no ack');
    const sql = await sqlDuring(async () => {
      ws.send({ id: 'over', type: 'subscribe', payload: { query: nested(QUERY_LIMITS.signedIn.depth + 1) } });
      await waitUntil(() => ws.messages.some((m) => m.id === 'over'), 5_000, () => JSON.stringify(ws.messages));
    });
    const answer = ws.messages.find((m) => m.id === 'over');
    expect(answer.type).toBe('error');
    expect(limitRefusal(JSON.stringify({ errors: answer.payload }))).toBe(true);
    expect(sql).toBe(0);
    ws.socket.close();
  });

  it('should check a known document again over graphql-ws: its variables every time, its limits per audience', async () => {
    // graphql-ws parses and validates a text once per audience; what changes per operation is still checked.
    const open = async (payload: Record<string, unknown>) => {
      const ws = await rawSocket(server.url);
      ws.send({ type: 'connection_init', payload });
      await waitUntil(() => ws.messages.some((m) => m.type === 'connection_ack'), 5_000, () => 'no ack');
      return ws;
    };
    const answer = async (ws: Awaited<ReturnType<typeof open>>, id: string, operation: Record<string, unknown>) => {
      ws.send({ id, type: 'subscribe', payload: operation });
      await waitUntil(() => ws.messages.some((m) => m.id === id && m.type !== 'complete'), 5_000, () => JSON.stringify(ws.messages));
      return ws.messages.find((m) => m.id === id);
    };
    const search = overPublic['a long search string']!.query;
    const publicSocket = await open({});
    expect((await answer(publicSocket, 'short', { query: search, variables: { filter: { search: 'pay' } } })).type).toBe('next');
    const long = await answer(publicSocket, 'long', overPublic['a long search string']!);
    expect(long.type).toBe('error');
    expect(limitRefusal(JSON.stringify({ errors: long.payload }))).toBe(true);

    // Within the signed-in limits, over the public ones: known for one audience, refused to the other.
    const staffSocket = await open({ authorization: `Bearer ${staff}` });
    const aliases = { query: `query Known_Aliases ${overPublic.aliases!.query}` };
    expect((await answer(staffSocket, 'a', aliases)).type).toBe('next');
    expect((await answer(staffSocket, 'b', aliases)).type).toBe('next');
    const refused = await answer(publicSocket, 'aliases', aliases);
    expect(refused.type).toBe('error');
    expect(limitRefusal(JSON.stringify({ errors: refused.payload }))).toBe(true);
    expect(publicSocket.socket.readyState).toBe(WebSocket.OPEN);
    publicSocket.socket.close();
    staffSocket.socket.close();
  });

  it('should answer 10,000 nested braces with a clean 400 for everyone', async () => {
    const query = `{${'a{'.repeat(10_000)}b${'}'.repeat(10_000)}}`;
    const callers: Record<string, string>[] = [{}, { authorization: `Bearer ${staff}` }];
    for (const headers of callers) {
      const answer = await post({ query }, headers);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('QUERY_LIMIT');
    }
    // Deep but within the signed-in token limit: refused by depth, not a stack overflow.
    const deep = `{${'a{'.repeat(900)}b${'}'.repeat(900)}}`;
    const answer = await post({ query: deep }, { authorization: `Bearer ${staff}` });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('QUERY_LIMIT');
  });

  it('should not bound the strings of mutations (their inputs have their own validation)', async () => {
    const answer = await post({
      query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { __typename } }',
      variables: { email: 'nobody@vetline.dev', password: 'p'.repeat(ARGUMENT_LIMITS.stringChars + 1) },
    });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('QUERY_LIMIT');
  });

  it('should keep /health fast during a burst of over-limit documents', async () => {
    const burst = [
      ...Array.from({ length: 40 }, () => post({ query: `{${'a{'.repeat(10_000)}b${'}'.repeat(10_000)}}` })),
      ...Array.from({ length: 40 }, () => post({ query: `{${'a{'.repeat(900)}b${'}'.repeat(900)}}` }, { authorization: `Bearer ${staff}` })),
      ...Array.from({ length: 40 }, () => post(overPublic.aliases!)),
      ...Array.from({ length: 40 }, () => post(overPublic.cost!)),
    ];
    const latencies: number[] = [];
    const probe = (async () => {
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const health = await fetch(`${server.url}/health`);
        expect(health.status).toBe(200);
        latencies.push(performance.now() - started);
      }
    })();
    const answers = await Promise.all(burst);
    await probe;
    expect(answers.filter((a) => a.status !== 400).map((a) => a.text)).toEqual([]);
    // Two shared cores: generous, but a stalled event loop takes seconds.
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  });

  describe('request bodies', () => {
    it('should answer 413 to a declared body over the limit without reading it', async () => {
      const answer = await post({ query: '{ sections { key } }', variables: { x: 'y'.repeat(HTTP_LIMITS.bodyBytes) } });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.text)).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    });

    it('should count a chunked body while reading it: 413 over the limit, served under it', async () => {
      const send = (body: string) =>
        new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = httpRequest(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          });
          // The server may close while we still write: the answer already came.
          req.on('error', reject);
          for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
          req.end();
        });
      const small = await send(JSON.stringify({ query: '{ sections { key } }' }));
      expect(small.status).toBe(200);
      expect(JSON.parse(small.text).data.sections.length).toBeGreaterThan(0);
      const big = await send(JSON.stringify({ query: '{ sections { key } }', variables: { x: 'y'.repeat(HTTP_LIMITS.bodyBytes) } }));
      expect(big.status).toBe(413);
    });
  });

  describe('content types and CSRF', () => {
    const mutation = 'mutation { login(email: "admin@vetline.dev", password: "vetline-demo") { __typename } }';

    it.each([
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(mutation)}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: mutation })}\r\n--x--\r\n`],
      ['text/plain', JSON.stringify({ query: mutation })],
    ])('should refuse a %s POST before running anything', async (type, body) => {
      const variants: Record<string, string>[] = [{ 'content-type': type }, { 'content-type': type, 'x-graphql-yoga-csrf': '1' }];
      for (const headers of variants) {
        let status = 0;
        const sql = await sqlDuring(async () => {
          const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body });
          status = response.status;
          await response.text();
        });
        expect([403, 415]).toContain(status);
        expect(sql).toBe(0);
      }
    });

    it('should refuse a GET query without the CSRF header and serve it with one', async () => {
      const url = `${server.url}/graphql?query=${encodeURIComponent('{ sections { key } }')}`;
      expect((await fetch(url)).status).toBe(403);
      const answer = await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } });
      expect(answer.status).toBe(200);
    });

    it('should never run a mutation from a GET', async () => {
      const url = `${server.url}/graphql?query=${encodeURIComponent(mutation)}`;
      expect((await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } })).status).toBe(405);
    });
  });

  describe('origins', () => {
    it('should send CORS headers to allowed origins only', async () => {
      const allowed = await post({ query: '{ sections { key } }' }, { origin: ALLOWED });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      const foreign = await post({ query: '{ sections { key } }' }, { origin: 'https://evil.example' });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const allowedPreflight = await fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(allowedPreflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(allowedPreflight.headers.get('access-control-allow-headers')).toContain('authorization');
    });

    const upgrade = (origin: string | undefined) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.once('error', () => resolve(-1));
      });

    it('should accept WebSockets from no origin, its own origin and allowed ones, and refuse others', async () => {
      expect(await upgrade(undefined)).toBe(101);
      expect(await upgrade(server.url)).toBe(101);
      expect(await upgrade(ALLOWED)).toBe(101);
      expect(await upgrade('https://evil.example')).toBe(403);
      expect(await upgrade('null')).toBe(403);
    });
  });

  describe('production mode', () => {
    it('should refuse introspection to the public and serve it to signed-in users', async () => {
      const query = '{ __schema { queryType { name } } }';
      const anonymous = await post({ query });
      expect(anonymous.text).toContain('introspection');
      expect(anonymous.text).not.toContain('"queryType"');
      const signedIn = await post({ query }, { authorization: `Bearer ${staff}` });
      expect(JSON.parse(signedIn.text).data.__schema.queryType.name).toBe('Query');
    });

    it('should hide field suggestions from the public only', async () => {
      const anonymous = await post({ query: '{ sectons { key } }' });
      expect(anonymous.text).not.toContain('Did you mean');
      const signedIn = await post({ query: '{ sectons { key } }' }, { authorization: `Bearer ${staff}` });
      expect(signedIn.text).toContain('Did you mean');
    });

    it('should serve GraphiQL from the installed package, with no script from elsewhere', async () => {
      const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Vetline GraphQL');
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/i);
    });
  });

  it('should close a connection that sends its headers too slowly', async () => {
    const { port } = server;
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\n'));
      // One header line per second, never the blank line that ends them.
      const drip = setInterval(() => socket.write(`X-Slow: ${Date.now()}\r\n`), 1_000);
      socket.on('data', () => {});
      socket.on('close', () => {
        clearInterval(drip);
        resolve(Date.now() - started);
      });
      socket.on('error', () => {});
    });
    expect(closedAfter).toBeLessThan(HTTP_LIMITS.headersTimeoutMs + 3_000);
  }, 30_000);

  it('should close a connection that sends its body too slowly', async () => {
    const { port } = server;
    const started = Date.now();
    const { closedAfter, answer } = await new Promise<{ closedAfter: number; answer: string }>((resolve) => {
      let answer = '';
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{'),
      );
      // One byte a second: the headers came in time, the whole request never does.
      const drip = setInterval(() => socket.write(' '), 1_000);
      socket.on('data', (chunk) => (answer += String(chunk)));
      socket.on('close', () => {
        clearInterval(drip);
        resolve({ closedAfter: Date.now() - started, answer });
      });
      socket.on('error', () => {});
    });
    expect(closedAfter).toBeGreaterThanOrEqual(HTTP_LIMITS.requestTimeoutMs - 1_000);
    expect(closedAfter).toBeLessThan(HTTP_LIMITS.requestTimeoutMs + 3_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 60_000);
});

describe("the dashboard's operations", () => {
  /** What urql's graphcache sends: `__typename` added to every selection set but the operation's own. */
  const asSent = (document: DocumentNode) =>
    parse(
      print(
        visit(document, {
          SelectionSet: (node: SelectionSetNode, _key, parent) =>
            parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION
              ? undefined
              : { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] },
        }),
      ),
    );
  const documents = Object.entries(operations).filter(
    (entry): entry is [string, DocumentNode] => entry[0].endsWith('Document') && typeof entry[1] === 'object',
  );
  // Pages anyone can open: the catalog, the sign-in page and the shell around them.
  const publicPages = /^(CatalogPage|SignInPage|AppShell)_/;

  it('should find every operation of the dashboard', () => {
    expect(documents.length).toBeGreaterThan(20);
  });

  it.each(documents.map(([name, document]) => [name, document, publicPages.test(name) ? 'public' : 'signedIn'] as const))(
    'should let %s through the limits',
    (_name, document, audience: Audience) => {
      const sent = asSent(document);
      expect(print(sent).length).toBeLessThanOrEqual(QUERY_LIMITS[audience].documentChars);
      expect(validate(schema, sent, [...specifiedRules, ...queryLimitRules(audience, true)])).toEqual([]);
    },
  );

  it("should leave introspection (GraphiQL's included) to the public outside production", () => {
    const document = parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true }));
    expect(validate(schema, document, [...specifiedRules, ...queryLimitRules('public', false)])).toEqual([]);
    expect(validate(schema, document, [...specifiedRules, ...queryLimitRules('public', true)])).not.toEqual([]);
  });
});
