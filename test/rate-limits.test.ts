import { request } from 'node:http';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { costOf, RATE_LIMITED } from '../server/src/rate-limits.js';
import { schema } from '../server/src/schema/index.js';
import { login } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { waitUntil } from './helpers/ws.js';

// Rate limits on operations (issue 10): each operation costs its caller what the query limits
// measure; past the budget it is refused with RATE_LIMITED before any SQL, on HTTP, SSE and
// graphql-ws alike. Each test speaks from its own loopback address, so budgets never mix.

/** Up to 100 apps with a few fields: hundreds of points (a variable page size counts as 100). */
const EXPENSIVE = 'query Expensive($n: Int) { catalog(first: $n) { edges { node { code countries listing { name description } } } } }';
/** A handful of points. */
const CHEAP = 'query Cheap($n: Int) { catalog(first: 1, filter: { apiVersion: $n }) { edges { node { code } } } }';
const expensiveCost = costOf(schema, parse(EXPENSIVE), 'Expensive');
const cheapCost = costOf(schema, parse(CHEAP), 'Cheap');
/** Three expensive operations fit, a fourth does not; what is left still fits a cheap one. */
const PUBLIC_POINTS = 3 * expensiveCost + 5 * cheapCost;
const SIGNED_IN_POINTS = 6 * expensiveCost + 5 * cheapCost;
const WINDOW_SECONDS = 60;
const ENV = {
  VETLINE_RATE_PUBLIC_POINTS: String(PUBLIC_POINTS),
  VETLINE_RATE_SIGNED_IN_POINTS: String(SIGNED_IN_POINTS),
  VETLINE_RATE_WINDOW_SECONDS: String(WINDOW_SECONDS),
  // No background reads of the event log: every statement counted is the request's.
  VETLINE_EVENT_POLL_MS: '600000',
};

interface Answer {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

/** POSTs an operation from a chosen loopback address (the client address the limits count). */
function postFrom(from: string, baseUrl: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/graphql`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A raw graphql-transport-ws socket from a chosen loopback address, acknowledged. */
async function socketFrom(from: string, baseUrl: string, payload: Record<string, unknown> = {}) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { localAddress: from });
  const messages: { id?: string; type: string; payload?: any }[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload }));
  await waitUntil(() => messages.some((m) => m.type === 'connection_ack'), 5_000, () => JSON.stringify(messages));
  /** Sends one operation and waits for its first answer (`next` or `error`). */
  const run = async (id: string, query: string, variables: Record<string, unknown>) => {
    socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    await waitUntil(() => messages.some((m) => m.id === id), 5_000, () => JSON.stringify(messages));
    return messages.find((m) => m.id === id)!;
  };
  return { socket, run };
}

const refusedCode = (text: string) =>
  (JSON.parse(text) as { errors?: { extensions?: { code?: string; retryAfterSeconds?: number } }[] }).errors?.[0]?.extensions;

describe('rate limits on operations', () => {
  let server: TestServer;
  let staff: string;
  const statements: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: ENV, onQuery: (sql) => statements.push(sql) });
    staff = await login(server.url, 'admin@vetline.dev');
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Runs `action` and returns how many SQL statements ran meanwhile. */
  async function sqlDuring<T>(action: () => Promise<T>): Promise<{ sql: number; result: T }> {
    // Earlier work (a login's commit nudges the event feed) may still be finishing: wait for quiet.
    for (let seen = -1, waited = 0; seen !== statements.length && waited < 5_000; waited += 200) {
      seen = statements.length;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    statements.length = 0;
    const result = await action();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { sql: statements.length, result };
  }

  it('should cost a big catalog page far more than a small query', () => {
    expect(expensiveCost).toBeGreaterThan(200);
    expect(cheapCost).toBeLessThan(10);
  });

  it('should refuse the fourth expensive query over HTTP with 429, Retry-After and no SQL, and still serve a cheap one', async () => {
    const from = '127.0.0.41';
    // Each page size is another cache key: every one of them runs, and is charged.
    for (const n of [1, 2, 3]) {
      const answer = await postFrom(from, server.url, { query: EXPENSIVE, variables: { n } });
      expect(answer.status, answer.text).toBe(200);
      expect(JSON.parse(answer.text).data.catalog.edges.length).toBeGreaterThan(0);
    }
    const { sql, result: refused } = await sqlDuring(() => postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 4 } }));
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).data).toBeUndefined();
    const extensions = refusedCode(refused.text)!;
    expect(extensions.code).toBe(RATE_LIMITED);
    expect(extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(extensions.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(refused.retryAfter).toBe(String(extensions.retryAfterSeconds));
    expect(sql).toBe(0);

    const cheap = await postFrom(from, server.url, { query: CHEAP, variables: { n: 1 } });
    expect(cheap.status, cheap.text).toBe(200);
    // Another address has its own budget.
    expect((await postFrom('127.0.0.42', server.url, { query: EXPENSIVE, variables: { n: 4 } })).status).toBe(200);
  });

  it('should not charge answers the public response cache serves', async () => {
    const from = '127.0.0.43';
    for (let i = 0; i < 10; i++) {
      const answer = await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 1 } });
      expect(answer.status, answer.text).toBe(200);
    }
  });

  it('should refuse the fourth expensive query over SSE before any SQL', async () => {
    const from = '127.0.0.44';
    const sse = { accept: 'text/event-stream' };
    for (const n of [1, 2, 3]) {
      const answer = await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 10 + n } }, sse);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('"catalog"');
    }
    const { sql, result: refused } = await sqlDuring(() => postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 14 } }, sse));
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(RATE_LIMITED);
    expect(refused.text).not.toContain('"catalog"');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(sql).toBe(0);
    const cheap = await postFrom(from, server.url, { query: CHEAP, variables: { n: 2 } }, sse);
    expect(cheap.status).toBe(200);
    expect(cheap.text).toContain('"catalog"');
  });

  it('should refuse the fourth expensive query over graphql-ws before any SQL, keeping the connection', async () => {
    const ws = await socketFrom('127.0.0.45', server.url);
    for (const n of [1, 2, 3]) expect((await ws.run(`e${n}`, EXPENSIVE, { n })).type).toBe('next');
    const { sql, result: refused } = await sqlDuring(() => ws.run('e4', EXPENSIVE, { n: 4 }));
    expect(refused.type).toBe('error');
    expect(refused.payload[0].extensions).toMatchObject({ code: RATE_LIMITED, retryAfterSeconds: expect.any(Number) });
    expect(sql).toBe(0);
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);
    expect((await ws.run('cheap', CHEAP, { n: 1 })).type).toBe('next');
    ws.socket.close();
  });

  it('should share one budget between the transports of one address', async () => {
    const from = '127.0.0.46';
    const ws = await socketFrom(from, server.url);
    for (const n of [1, 2]) expect((await ws.run(`e${n}`, EXPENSIVE, { n })).type).toBe('next');
    expect((await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 30 } })).status).toBe(200);
    expect((await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 31 } })).status).toBe(429);
    ws.socket.close();
  });

  it('should give signed-in users their own, looser budget, per user', async () => {
    const from = '127.0.0.47';
    const bearer = { authorization: `Bearer ${staff}` };
    // The public budget of this address is spent…
    for (const n of [1, 2, 3]) expect((await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 40 + n } })).status).toBe(200);
    expect((await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 44 } })).status).toBe(429);
    // …a signed-in user from it has six expensive queries, then is refused without SQL.
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const answer = await postFrom(from, server.url, { query: EXPENSIVE, variables: { n } }, bearer);
      expect(answer.status, answer.text).toBe(200);
    }
    const { sql, result: refused } = await sqlDuring(() => postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 7 } }, bearer));
    expect(refused.status).toBe(429);
    expect(refusedCode(refused.text)?.code).toBe(RATE_LIMITED);
    expect(sql).toBe(0);
    // The same user over graphql-ws, from elsewhere: the budget is the user's.
    const ws = await socketFrom('127.0.0.48', server.url, { authorization: `Bearer ${staff}` });
    expect((await ws.run('e', EXPENSIVE, { n: 8 })).payload[0]?.extensions?.code).toBe(RATE_LIMITED);
    ws.socket.close();
    // Another user has a budget of their own.
    const rita = await login(server.url, 'rita@vetline.dev');
    expect((await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 9 } }, { authorization: `Bearer ${rita}` })).status).toBe(200);
  });

  it('should charge an API key wherever it calls from', async () => {
    const key = { 'x-api-key': 'vl_catalog_demo' };
    for (const [i, from] of ['127.0.0.49', '127.0.0.50', '127.0.0.51'].entries()) {
      const answer = await postFrom(from, server.url, { query: EXPENSIVE, variables: { n: 50 + i } }, key);
      expect(answer.status, answer.text).toBe(200);
    }
    expect((await postFrom('127.0.0.52', server.url, { query: EXPENSIVE, variables: { n: 60 } }, key)).status).toBe(429);
    // The address itself still has its public budget.
    expect((await postFrom('127.0.0.52', server.url, { query: EXPENSIVE, variables: { n: 61 } })).status).toBe(200);
  });
});

const shared = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(shared)('rate limits shared by two instances through Redis', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { ...ENV, REDIS_URL, JWT_SECRET: 'test-secret-that-is-at-least-32-chars' };
    first = await startTestServer({ databaseUrl: database.url, env });
    second = await startTestServer({ databaseUrl: database.url, env });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  it('should refuse on one instance what the budget spent on the other no longer covers', async () => {
    const from = '127.0.0.53';
    for (const n of [1, 2, 3]) expect((await postFrom(from, first.url, { query: EXPENSIVE, variables: { n } })).status).toBe(200);
    const refused = await postFrom(from, second.url, { query: EXPENSIVE, variables: { n: 4 } });
    expect(refused.status).toBe(429);
    expect(refusedCode(refused.text)?.code).toBe(RATE_LIMITED);
    expect((await postFrom(from, second.url, { query: CHEAP, variables: { n: 1 } })).status).toBe(200);
  });
});
