import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/embedded.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { startBuiltServer, type ServerProcess } from './helpers/process.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { collect, waitUntil, wsClient } from './helpers/ws.js';

const API_KEY = 'vl_account_corner_shop';
const PASSWORD = 'vetline-demo';
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

/** The JSON records of a server's output; throws on any line that is not JSON. */
function records(output: string): Record<string, any>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, any>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
}

describe('request logs of the built server', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let server: ServerProcess;

  beforeAll(async () => {
    data = await tempDir();
    server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await data?.remove();
  });

  it('should write one JSON line per request and operation, with its request id and no secret', async () => {
    // A sign-in (password in variables), a signed-in query, an API-key query, and a WebSocket operation.
    const signIn = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'op-test-login-1' },
      body: JSON.stringify({
        query: 'mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { __typename ... on MutationLoginSuccess { data { token } } } }',
        variables: { email: 'rita@vetline.dev', password: PASSWORD },
      }),
    });
    expect(signIn.headers.get('x-request-id')).toBe('op-test-login-1');
    const token = ((await signIn.json()) as any).data.login.data.token as string;
    expect(token).toBeTruthy();

    const queue = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Operability_Queue { moderationQueue(first: 3) { edges { node { id } } } }' }),
    });
    expect(queue.status).toBe(200);
    const generatedId = queue.headers.get('x-request-id');
    expect(generatedId).toMatch(/^[0-9a-f-]{36}$/);

    const keyed = await gql(server.url, 'query Operability_Viewer { viewer { __typename } }', {}, { apiKey: API_KEY });
    expect(keyed.status).toBe(200);
    const refused = await gql(server.url, 'query Operability_Refused { moderationQueue(first: 1) { edges { node { id } } } }', {}, { token: 'not-a-token' });
    expect(refused.errors?.[0]?.extensions?.['code']).toBeTruthy();

    const client = wsClient(server.url, { authorization: `Bearer ${token}`, apiKey: API_KEY });
    try {
      const result = await new Promise<unknown>((resolve, reject) =>
        client.subscribe({ query: 'query Operability_Ws { viewer { __typename } }' }, { next: resolve, error: reject, complete: () => {} }),
      );
      expect(result).toMatchObject({ data: { viewer: { __typename: expect.any(String) } } });
    } finally {
      await client.dispose();
    }

    await waitUntil(() => server.output().includes('Operability_Ws'), 5_000, () => server.output());
    const lines = records(server.output());
    const find = (predicate: (r: Record<string, any>) => boolean) => lines.find(predicate);

    expect(find((r) => r['requestId'] === 'op-test-login-1')).toMatchObject({
      msg: 'graphql request',
      transport: 'http',
      operation: 'SignIn',
      viewer: 'anonymous',
      outcome: 'ok',
      status: 200,
      ms: expect.any(Number),
      sql: expect.any(Number),
    });
    const queueLine = find((r) => r['requestId'] === generatedId);
    expect(queueLine).toMatchObject({ operation: 'Operability_Queue', viewer: 'user', outcome: 'ok' });
    expect(queueLine!['sql']).toBeGreaterThan(0);
    expect(find((r) => r['operation'] === 'Operability_Viewer')).toMatchObject({ viewer: 'accountKey', outcome: 'ok' });
    expect(find((r) => r['operation'] === 'Operability_Refused')).toMatchObject({ outcome: expect.stringMatching(/^[A-Z_]+$/), status: 401 });
    expect(find((r) => r['operation'] === 'Operability_Ws')).toMatchObject({ msg: 'graphql-ws operation', transport: 'ws', viewer: 'user', outcome: 'ok' });

    // The start-up hint names the demo password on purpose; nothing else may.
    const rest = lines.filter((r) => !String(r['msg']).startsWith('Demo sign-in')).map((r) => JSON.stringify(r)).join('\n');
    expect(rest).not.toContain(PASSWORD);
    expect(rest).not.toContain(token);
    expect(rest).not.toContain(token.split('.')[2]!);
    expect(rest).not.toContain(API_KEY);
    expect(rest).not.toContain('rita@vetline.dev');
  }, 60_000);

  it('should not serve /metrics without VETLINE_METRICS_TOKEN', async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer anything-at-all-here' } });
    expect(response.status).toBe(404);
  });
});

describe('the metrics endpoint', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { VETLINE_METRICS_TOKEN: METRICS_TOKEN } });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  const scrape = async (authorization?: string) =>
    fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

  /** One sample's value, e.g. `value(text, 'vetline_live_subscriptions')`; 0 when absent. */
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  it('should refuse a scrape without the token or with a wrong one', async () => {
    expect((await scrape()).status).toBe(404);
    expect((await scrape(`Bearer ${METRICS_TOKEN}x`)).status).toBe(404);
    expect((await scrape(METRICS_TOKEN)).status).toBe(404);
  });

  it('should count operations, errors, subscriptions, deliveries and the queue as traffic and events happen', async () => {
    const before = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    const rita = await login(server.url, 'rita@vetline.dev');
    const olga = await login(server.url, 'olga@nordlys.dev');
    for (let i = 0; i < 3; i++) await gql(server.url, 'query Operability_Catalog { catalog(first: 2) { edges { node { code } } } }');
    await gql(server.url, 'query Operability_Bad { moderationQueue(first: 1) { edges { node { id } } } }');

    const client = wsClient(server.url, { token: rita });
    const queue = collect(client, 'subscription Operability_QueueEvents { queueEvents { cursor } }');
    try {
      const waitingBefore = await server.prisma.appVersion.count({ where: { status: { in: ['SUBMITTED', 'IN_REVIEW'] }, app: { deletedAt: null } } });
      // Scraped until the subscription is running (the client connects lazily).
      let during = '';
      for (let tries = 0; tries < 50 && value(during, 'vetline_live_subscriptions') < 1; tries++) {
        if (tries) await new Promise((resolve) => setTimeout(resolve, 100));
        during = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
      }
      expect(value(during, 'vetline_live_subscriptions')).toBe(1);
      expect(value(during, 'vetline_websocket_connections')).toBe(1);
      expect(value(during, 'vetline_moderation_submissions_waiting')).toBe(waitingBefore);
      expect(value(during, 'vetline_moderation_oldest_waiting_seconds')).toBeGreaterThan(0);

      // An event: Nordlys withdraws a waiting submission; the queue subscriber hears it.
      const waiting = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'SUBMITTED', app: { partner: { slug: 'nordlys' } } } });
      const withdrawn = await gql(server.url, `mutation { withdrawVersion(versionId: "${globalId('AppVersion', waiting.id)}") { __typename } }`, {}, { token: olga });
      expect(withdrawn.data?.['withdrawVersion']?.__typename).toBe('MutationWithdrawVersionSuccess');
      await queue.waitFor(1);

      const after = await scrape(`Bearer ${METRICS_TOKEN}`);
      expect(after.status).toBe(200);
      expect(after.headers.get('content-type')).toContain('text/plain');
      const text = await after.text();
      const catalog = 'vetline_graphql_operations_total{transport="http",operation="Operability_Catalog"}';
      expect(value(text, catalog) - value(before, catalog)).toBe(3);
      expect(text).toMatch(/vetline_graphql_operation_duration_seconds_count\{transport="http",operation="Operability_Catalog"\} 3/);
      expect(value(text, 'vetline_graphql_errors_total{transport="http",code="UNAUTHENTICATED"}') + value(text, 'vetline_graphql_errors_total{transport="http",code="FORBIDDEN"}')).toBeGreaterThan(0);
      expect(value(text, 'vetline_graphql_operations_total{transport="ws",operation="Operability_QueueEvents"}')).toBe(1);
      expect(value(text, 'vetline_live_subscriptions')).toBe(1);
      expect(value(text, 'vetline_live_events_delivered_total') - value(before, 'vetline_live_events_delivered_total')).toBeGreaterThanOrEqual(1);
      expect(value(text, 'vetline_moderation_submissions_waiting')).toBe(waitingBefore - 1);
      expect(value(text, 'vetline_event_cursor')).toBeGreaterThan(value(before, 'vetline_event_cursor'));
      // Caught up: nothing committed is left unread.
      expect(value(text, 'vetline_live_delivery_lag_events')).toBe(0);
      expect(value(text, 'vetline_response_cache_hits_total') + value(text, 'vetline_response_cache_misses_total')).toBeGreaterThan(0);
      expect(text).toMatch(/vetline_db_pool_connections\{state="waiting"\} \d+/);

      await checkWithPromtool(text);
    } finally {
      queue.stop();
      await client.dispose();
    }
  }, 60_000);

  it('should count a subscription out of live delivery once it completes or its socket closes', async () => {
    const subscriptions = async () => value(await (await scrape(`Bearer ${METRICS_TOKEN}`)).text(), 'vetline_live_subscriptions');
    /** Scrapes until the gauge reads `expected` (subscribing and ending are asynchronous), then returns it. */
    const settle = async (expected: number) => {
      let now = await subscriptions();
      for (let tries = 0; tries < 50 && now !== expected; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        now = await subscriptions();
      }
      return now;
    };
    const rita = await login(server.url, 'rita@vetline.dev');
    const client = wsClient(server.url, { token: rita });
    const first = collect(client, 'subscription Operability_First { queueEvents { cursor } }');
    const second = collect(client, 'subscription Operability_Second { queueEvents { cursor } }');
    try {
      expect(await settle(2)).toBe(2);
      // The client completes one: the hub lets it go, the other stays.
      first.stop();
      expect(await settle(1)).toBe(1);
      expect(second.completed).toBe(false);
    } finally {
      await client.dispose();
    }
    // The socket closed under the other one: nothing is left behind.
    expect(await settle(0)).toBe(0);
  }, 60_000);
});


describe('the operations figures (admins)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { VETLINE_METRICS_TOKEN: METRICS_TOKEN } });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  const STATUS = 'query Operability_Status { operationsStatus { connections connectedUsers queueWaiting deliveryLagEvents medianReviewSeconds operationsLastMinute errorsLastMinute errorsByCode { code count } } }';

  it('should refuse a partner, a reviewer and an anonymous caller with FORBIDDEN', async () => {
    const [olga, rita] = await Promise.all([login(server.url, 'olga@nordlys.dev'), login(server.url, 'rita@vetline.dev')]);
    for (const token of [olga, rita, undefined]) {
      const refused = await gql(server.url, STATUS, {}, token ? { token } : {});
      expect(refused.data?.['operationsStatus'] ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    // Over WebSocket too: the same schema and rule.
    const client = wsClient(server.url, { token: rita });
    try {
      const result = await new Promise<any>((resolve) => client.subscribe({ query: STATUS }, { next: resolve, error: resolve, complete: () => {} }));
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });

  it('should give an admin the same numbers as /metrics', async () => {
    const admin = await login(server.url, 'admin@vetline.dev');
    const client = wsClient(server.url, { token: admin });
    const queue = collect(client, 'subscription Operability_Watch { queueEvents { cursor } }');
    try {
      let status: any;
      for (let tries = 0; tries < 50; tries++) {
        status = (await gql(server.url, STATUS, {}, { token: admin })).data?.['operationsStatus'];
        if (status?.connectedUsers === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toMatchObject({ connections: 1, connectedUsers: 1, deliveryLagEvents: 0 });
      expect(status.operationsLastMinute).toBeGreaterThan(0);
      expect(status.errorsLastMinute).toBeGreaterThan(0); // the refusals above
      expect(status.errorsByCode).toContainEqual({ code: 'FORBIDDEN', count: expect.any(Number) });
      const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      const metric = (series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1));
      expect(metric('vetline_websocket_connections')).toBe(status.connections);
      expect(metric('vetline_websocket_users')).toBe(status.connectedUsers);
      expect(metric('vetline_moderation_submissions_waiting')).toBe(status.queueWaiting);
    } finally {
      queue.stop();
      await client.dispose();
    }
  });
});

describe('the series of events, catch-up, webhooks and reviews', () => {
  let server: TestServer;
  let endpoint: Server;
  let endpointUrl = '';
  let hits = 0;

  beforeAll(async () => {
    server = await startTestServer({ env: { VETLINE_METRICS_TOKEN: METRICS_TOKEN } });
    // A partner's webhook endpoint that fails every delivery.
    endpoint = createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(500).end('broken');
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hooks`;
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => endpoint?.close(resolve));
  });

  const scrape = async () => (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : undefined;
  };

  it('should count events by family, replayed events, webhook failures and the review figures as they move', async () => {
    const before = await scrape();
    for (const name of [
      'vetline_events_written_total',
      'vetline_live_catchup_subscriptions',
      'vetline_live_catchup_backlog_events',
      'vetline_live_catchup_events_total',
      'vetline_webhook_attempts_total',
      'vetline_webhook_deliveries_pending',
      'vetline_webhook_deliveries_failed',
      'vetline_moderation_review_seconds_median',
      'vetline_moderation_rounds_per_approval',
      'vetline_websocket_users',
    ]) {
      expect(before).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    expect(value(before, 'vetline_webhook_deliveries_pending')).toBe(0);

    // A waiting version without an open blocking thread, its partner's owner and who may decide it.
    const version = await server.prisma.appVersion.findFirstOrThrow({
      where: { status: 'SUBMITTED', app: { deletedAt: null }, threads: { none: { status: 'OPEN', blocking: true } } },
      include: { app: { include: { partner: true } } },
    });
    const owner = { acme: 'anna@acme.dev', nordlys: 'olga@nordlys.dev' }[version.app.partner.slug as 'acme' | 'nordlys'];
    const [partnerToken, rita] = await Promise.all([login(server.url, owner), login(server.url, 'rita@vetline.dev')]);
    const set = await gql(server.url, 'mutation ($p: ID!, $url: String!) { setWebhookEndpoint(partnerId: $p, url: $url) { __typename } }', { p: globalId('Partner', version.app.partnerId), url: endpointUrl }, { token: partnerToken });
    expect(set.data?.['setWebhookEndpoint'].__typename).toBe('MutationSetWebhookEndpointSuccess');

    // A client that reconnects replays the queue's stored events before live ones.
    const client = wsClient(server.url, { token: rita });
    const replay = collect(client, 'subscription Operability_Replay { queueEvents(after: "0") { cursor } }');
    try {
      await replay.waitFor(3);
      const claim = await gql(server.url, `mutation { claimReview(versionId: "${globalId('AppVersion', version.id)}") { __typename } }`, {}, { token: rita });
      expect(claim.data?.['claimReview'].__typename).toBe('MutationClaimReviewSuccess');
      const approve = await gql(server.url, `mutation { approveVersion(versionId: "${globalId('AppVersion', version.id)}") { __typename } }`, {}, { token: rita });
      expect(approve.data?.['approveVersion'].__typename).toBe('MutationApproveVersionSuccess');
      // The endpoint refuses the approval's delivery; it stays pending for a retry.
      await waitUntil(() => hits > 0, 15_000, () => 'no webhook attempt');
      let after = '';
      for (let tries = 0; tries < 50; tries++) {
        after = await scrape();
        if ((value(after, 'vetline_webhook_attempts_total{outcome="failed"}') ?? 0) > 0 && (value(after, 'vetline_events_written_total{family="version"}') ?? 0) >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(value(after, 'vetline_events_written_total{family="version"}')).toBeGreaterThanOrEqual(2);
      expect(value(after, 'vetline_events_written_total{family="partner"}')).toBeGreaterThanOrEqual(1);
      expect(value(after, 'vetline_live_catchup_events_total')).toBeGreaterThanOrEqual(3);
      expect(value(after, 'vetline_live_catchup_subscriptions')).toBe(0);
      expect(value(after, 'vetline_websocket_users')).toBe(1);
      expect(value(after, 'vetline_webhook_attempts_total{outcome="failed"}')).toBeGreaterThanOrEqual(1);
      expect(value(after, 'vetline_webhook_deliveries_pending')).toBeGreaterThanOrEqual(1);
      expect(value(after, 'vetline_webhook_deliveries_failed')).toBe(0);
      // The approval ended a round just now: the day's median and the rounds per approval include it.
      const round = await server.prisma.reviewRound.findFirstOrThrow({ where: { versionId: version.id, outcome: 'APPROVED' } });
      const median = value(after, 'vetline_moderation_review_seconds_median');
      expect(median).toBeGreaterThan(0);
      const roundSeconds = (round.endedAt!.getTime() - round.submittedAt.getTime()) / 1000;
      if (value(before, 'vetline_moderation_review_seconds_median') === undefined) expect(median).toBeCloseTo(roundSeconds, 0);
      expect(value(after, 'vetline_moderation_rounds_per_approval')).toBeGreaterThanOrEqual(1);
      await checkWithPromtool(after);
    } finally {
      replay.stop();
      await client.dispose();
    }
  }, 60_000);
});

/** Prometheus' own checker on the exposition, when Debian's `prometheus` package is installed. */
async function checkWithPromtool(text: string) {
  const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((candidate) => existsSync(candidate));
  if (!promtool) {
    // On CI (.ci/run installs it) a missing checker is a failure, not a quiet skip.
    if (process.env['CI']) throw new Error('promtool is not installed: apt-get install prometheus (.ci/run does)');
    console.info('[operability.test] promtool not installed: skipped `promtool check metrics`');
    return;
  }
  const folder = await tempDir();
  try {
    const file = path.join(folder.dir, 'metrics.txt');
    await writeFile(file, text);
    // `check metrics` reads stdin; lint problems make it exit non-zero with the problems on stderr.
    const { stdout, stderr } = await promisify(execFile)('/bin/sh', ['-c', `"${promtool}" check metrics < "${file}"`]).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`promtool check metrics failed:\n${error.stdout}\n${error.stderr}`);
    });
    expect(`${stdout}${stderr}`).toBe('');
  } finally {
    await folder.remove();
  }
}

describe('the logger', () => {
  it('should redact credentials wherever a caller puts them', async () => {
    const { captureLogger } = await import('./helpers/logs.js');
    const lines: string[] = [];
    const logged: Record<string, any>[] = [];
    const logger = captureLogger(lines, logged);
    logger.info(
      {
        request: { headers: { authorization: 'Bearer secret-jwt', 'x-api-key': 'vl_catalog_demo' } },
        connectionParams: { token: 'secret-jwt' },
        input: { email: 'a@b.c', password: 'hunter22', apiKey: 'vl_account_x' },
        token: 'secret-jwt',
      },
      'something happened',
    );
    const text = JSON.stringify(logged);
    for (const secret of ['secret-jwt', 'vl_catalog_demo', 'hunter22', 'vl_account_x']) expect(text).not.toContain(secret);
    expect(logged[0]).toMatchObject({ msg: 'something happened', input: { email: 'a@b.c', password: '[redacted]' } });
  });

  it('should log a failed read of the event log and a failed live delivery through the server’s logger, and read on', async () => {
    const { captureLogger } = await import('./helpers/logs.js');
    const { EventFeed } = await import('../server/src/events/feed.js');
    const { LiveHub } = await import('../server/src/events/live.js');
    const lines: string[] = [];
    const logged: Record<string, any>[] = [];
    // A log that fails once with an error that is not an outage, then has one event.
    const reads = [() => Promise.reject(new Error('column "actorId" does not exist')), () => Promise.resolve([{ id: 7n, appId: null, versionId: null, partnerId: null, 'actor.id': null }])];
    const prisma = { $queryRaw: () => reads.shift()!() } as any;
    const notifier = { publish() {}, subscribe: () => () => {}, close: async () => {} };
    const feed = new EventFeed(prisma, notifier, 60_000, () => lines.push('outage'), captureLogger(lines, logged));
    const hub = LiveHub.of(feed, prisma);
    // What a failed access read or write would do inside the hub's delivery of a page.
    (hub as unknown as { deliverPage: () => Promise<void> }).deliverPage = () => Promise.reject(new Error('connection terminated'));
    const pages: unknown[][] = [];
    feed.listenPages((page) => pages.push(page));

    await feed.poke();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, component: 'event-feed', cursor: '0', err: { message: 'column "actorId" does not exist' } });
    expect(logged[0]!.msg).toMatch(/^Reading the event log failed/);
    expect(logged[0]!.err.stack).toContain('Error: column');

    // The next poke reads from the same cursor; the hub's failure on that page is logged with its range.
    await feed.poke();
    expect(pages).toHaveLength(1);
    expect(feed.cursor).toBe(7n);
    await expect.poll(() => logged.length).toBe(2);
    expect(logged[1]).toMatchObject({ level: 50, component: 'live', events: 1, first: '7', last: '7', err: { message: 'connection terminated' } });
    expect(logged[1]!.msg).toBe('Live delivery of a page of events failed');
    expect(lines).not.toContain('outage');
    await feed.stop();
  });
});
