import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type VetlineApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { tempDir } from './helpers/embedded.js';
import { globalId, login } from './helpers/graphql.js';
import { captureLogger, ERROR_LEVEL } from './helpers/logs.js';
import { ADMIN_URL, createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { startBuiltServer, SERVER_STARTS } from './helpers/process.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { collect, rawSocket, wsClient } from './helpers/ws.js';
import { freePort, startProxy, type CuttableProxy } from './helpers/proxy.js';

// The real PostgreSQL behind a TCP proxy the test cuts; the built server as a child for SIGTERM.

const available = await postgresAvailable();
const pgTarget = { host: new URL(ADMIN_URL).hostname, port: Number(new URL(ADMIN_URL).port || 5432) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The URL of `database` reached through `proxy`. */
function throughProxy(database: TestDatabase, proxy: CuttableProxy) {
  const url = new URL(database.url);
  url.host = `127.0.0.1:${proxy.port}`;
  return url.toString();
}

/** What the server logged at `error` or above (since record `from`): its unexpected failures. */
const errorsSince = (records: Record<string, unknown>[], from = 0) =>
  records.slice(from).filter((r) => Number(r['level']) >= ERROR_LEVEL).map((r) => String(r['msg']));

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe.runIf(available)('faults: the database and shutdown', SERVER_STARTS, () => {
  let database: TestDatabase;
  let proxy: CuttableProxy;
  let app: VetlineApp | undefined;
  let data: Awaited<ReturnType<typeof tempDir>>;
  const lines: string[] = [];
  const records: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    data = await tempDir();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await proxy?.close();
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await database?.drop();
    await data?.remove();
  });

  function build(port: number) {
    const config = loadConfig({
      PORT: String(port),
      VETLINE_DATA_DIR: data.dir,
      LOG_LEVEL: 'error',
      DATABASE_URL: throughProxy(database, proxy),
      JWT_SECRET: 'test-secret-that-is-at-least-32-chars',
      VETLINE_SEED_DEMO: 'true',
    });
    lines.length = 0;
    records.length = 0;
    return buildApp(config, { logger: captureLogger(lines, records) });
  }

  it('should answer /health while waiting for an unreachable database at start, and become ready without a restart', async () => {
    proxy = await startProxy(pgTarget, { down: true });
    const port = await freePort();
    app = build(port);
    const started = app.start();
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(() => lines.some((l) => l.startsWith('Database not reachable')), 10_000);

    expect(await getJson(`${base}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await getJson(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.status).toContain('database unavailable');
    const graphql = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(graphql.status).toBe(503);
    expect(((await graphql.json()) as any).errors[0].extensions.code).toBe('DATABASE_UNAVAILABLE');

    await sleep(2000);
    // One line per attempt, with a growing delay: a handful in 2 s, not a flood.
    const attempts = lines.filter((l) => l.startsWith('Database not reachable')).length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(5);

    proxy.restore();
    const running = await started;
    expect(running.port).toBe(port);
    expect((await getJson(`${base}/ready`)).status).toBe(200);
    expect(lines.some((l) => l.startsWith('Database reachable after'))).toBe(true);
  }, 60_000);

  it('should log one line per outage mid-load, answer a clear 503 without driver text, and recover', async () => {
    proxy = await startProxy(pgTarget);
    const port = await freePort();
    app = build(port);
    const { url } = await app.start();
    const rita = await login(url, 'rita@vetline.dev');
    const query = () =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${rita}` },
        body: JSON.stringify({ query: '{ moderationQueue(first: 5) { edges { node { id } } } }' }),
      });

    const linesBefore = lines.length;
    const recordsBefore = records.length;
    proxy.cut();
    const answers = await Promise.all(Array.from({ length: 30 }, async () => {
      const response = await query();
      return { status: response.status, body: (await response.json()) as any };
    }));
    for (const answer of answers) {
      expect(answer.body.errors?.[0]?.extensions?.code, JSON.stringify(answer.body)).toBe('DATABASE_UNAVAILABLE');
      expect(JSON.stringify(answer.body)).not.toMatch(/reach database|ECONN|127\.0\.0\.1/);
    }
    const ready = await getJson(`${url}/ready`);
    expect(ready).toEqual({ status: 503, body: { status: 'database unavailable' } });
    // A socket is acknowledged on its token alone; its session cannot be read, so it is told to come back later.
    const ws = await rawSocket(url);
    ws.send({ type: 'connection_init', payload: { authorization: `Bearer ${rita}` } });
    expect(await ws.closed).toEqual({ code: 1013, reason: 'Try again later' });
    expect(ws.messages.map((m) => m.type)).toEqual(['connection_ack']);
    expect(lines.filter((l) => l.startsWith('Database unavailable'))).toHaveLength(1);
    // No request line per refused request either: the outage's own line stands for them.
    expect(lines.length - linesBefore, lines.slice(linesBefore).join('\n')).toBeLessThanOrEqual(2);
    // No error (and so no stack) per request; nor a failure of the feed's, which the outage must not be taken for.
    expect(errorsSince(records, recordsBefore)).toEqual([]);

    proxy.restore();
    await waitUntil(() => lines.some((l) => l.startsWith('Database available again')), 10_000);
    expect(lines.find((l) => l.startsWith('Database available again'))).toMatch(/\d+ failed call\(s\)/);
    expect((await getJson(`${url}/ready`)).status).toBe(200);
    expect((await query()).status).toBe(200);
  }, 60_000);

  it('should finish in-flight requests on SIGTERM, close WebSockets with 1001, lose nothing acknowledged, and exit within the bound', async () => {
    const server = await startBuiltServer({
      DATABASE_URL: database.url,
      JWT_SECRET: 'test-secret-that-is-at-least-32-chars',
      VETLINE_SEED_DEMO: 'true',
      VETLINE_DATA_DIR: data.dir,
    });
    const rita = await login(server.url, 'rita@vetline.dev');
    const check = await (await import('pg')).default.Client;
    const db = new check({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM "Thread" WHERE status = 'OPEN' LIMIT 1`);
      const threadId = globalId('Thread', rows[0]!.id);
      const failures: string[] = [];
      const post = async (i: number) => {
        try {
          const response = await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${rita}` },
            body: JSON.stringify({
              query: `mutation ($t: ID!, $b: String!) { postComment(threadId: $t, body: $b) { __typename ... on MutationPostCommentSuccess { data { id body } } } }`,
              variables: { t: threadId, b: `sigterm ${i}` },
            }),
          });
          const body = (await response.json()) as any;
          return response.status === 200 ? (body.data?.postComment?.data?.body as string | undefined) : undefined;
        } catch (error) {
          failures.push(String((error as { cause?: { code?: string } }).cause?.code ?? error));
          return undefined; // refused or cut: not acknowledged
        }
      };
      // A live subscriber, told to reconnect elsewhere (1001) rather than cut.
      const ws = await rawSocket(server.url);
      ws.send({ type: 'connection_init', payload: { authorization: `Bearer ${rita}` } });
      await waitUntil(() => ws.messages.some((m) => m.type === 'connection_ack'), 5_000);
      ws.send({ id: 'queue', type: 'subscribe', payload: { query: 'subscription { queueEvents { cursor } }' } });
      const inFlight = Array.from({ length: 40 }, (_, i) => post(i));
      await sleep(100);
      const stoppedAt = Date.now();
      const exit = server.stop();
      const acknowledged = (await Promise.all(inFlight)).filter((b): b is string => !!b);
      expect(await exit).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(15_000);
      expect((await ws.closed).code).toBe(1001);
      // Requests the server had begun were finished, not reset: at least that many were acknowledged.
      const waited = Number(server.output().match(/letting (\d+) in-flight request/)?.[1] ?? 0);
      expect(waited, server.output()).toBeGreaterThan(0);
      expect(acknowledged.length).toBeGreaterThanOrEqual(waited);
      // The rest never reached it (refused, or reset in the listen backlog): none was acknowledged.
      expect(failures.length + acknowledged.length).toBe(40);
      const stored = await db.query<{ body: string }>(`SELECT body FROM "Comment" WHERE body LIKE 'sigterm %'`);
      const bodies = new Set(stored.rows.map((r) => r.body));
      for (const body of acknowledged) expect(bodies).toContain(body);
      // Requests that were already running were not reset.
      expect(server.output()).not.toMatch(/request\(s\) still running/);
    } finally {
      await db.end();
    }
  }, 90_000);
});

describe.runIf(available && (await redisAvailable()))('faults: Redis', SERVER_STARTS, () => {
  it('should log a Redis loss once per instance and keep delivering from the log until Redis is back', async () => {
    const database = await createTestDatabase();
    const redis = new URL(REDIS_URL);
    const proxy = await startProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    const data = await tempDir();
    const logs: string[][] = [[], []];
    const logged: Record<string, unknown>[][] = [[], []];
    const errors = vi.spyOn(console, 'error');
    const apps = logs.map((lines, i) =>
      buildApp(
        loadConfig({
          PORT: '0',
          VETLINE_DATA_DIR: data.dir,
          LOG_LEVEL: 'error',
          DATABASE_URL: database.url,
          JWT_SECRET: 'test-secret-that-is-at-least-32-chars',
          VETLINE_SEED_DEMO: 'true',
          REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
          VETLINE_EVENT_POLL_MS: '1000',
        }),
        { logger: captureLogger(lines, logged[i]) },
      ),
    );
    const client: { current?: ReturnType<typeof wsClient> } = {};
    try {
      const first = await apps[0]!.start();
      const second = await apps[1]!.start();
      const thread = await first.prisma.thread.findFirstOrThrow({ where: { status: 'OPEN', version: { app: { code: 'acme-pay' } } } });
      const [anna, rita] = await Promise.all([login(second.url, 'anna@acme.dev'), login(first.url, 'rita@vetline.dev')]);
      const comment = (body: string) =>
        fetch(`${first.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${rita}` },
          body: JSON.stringify({ query: `mutation ($t: ID!, $b: String!) { postComment(threadId: $t, body: $b) { __typename } }`, variables: { t: globalId('Thread', thread.id), b: body } }),
        });
      client.current = wsClient(second.url, { authorization: `Bearer ${anna}` });
      const live = collect(client.current, `subscription ($id: ID!) { reviewEvents(versionId: $id) { type } }`, { id: globalId('AppVersion', thread.versionId) });
      await sleep(300);

      proxy.cut();
      await waitUntil(() => logs.every((lines) => lines.some((l) => l.startsWith('Redis unavailable'))), 10_000);
      await comment('while Redis is down');
      expect(await live.waitFor(1, 8000)).toHaveLength(1);
      await sleep(1500);
      for (const lines of logs) expect(lines.filter((l) => l.startsWith('Redis unavailable'))).toHaveLength(1);
      expect(errors.mock.calls.flat().join('\n')).not.toContain('Unhandled error event');

      proxy.restore();
      await waitUntil(() => logs.every((lines) => lines.some((l) => l === 'Redis available again')), 20_000);
      await comment('after Redis is back');
      expect(await live.waitFor(2, 8000)).toHaveLength(2);
      live.stop();
      // The loss is a notice, not a failure: neither instance's feed nor live delivery logged an error.
      for (const records of logged) expect(errorsSince(records)).toEqual([]);
    } finally {
      await client.current?.dispose();
      for (const app of apps) await app.stop();
      await proxy.close();
      await database.drop();
      await data.remove();
    }
  }, 90_000);
});
