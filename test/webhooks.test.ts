import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RunningApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { isPrivateAddress } from '../server/src/webhooks/address-guard.js';
import { postWebhook } from '../server/src/webhooks/delivery-http.js';
import { retryDelayMs } from '../server/src/webhooks/dispatcher.js';
import { mutate } from './helpers/activation.js';
import { tempDir } from './helpers/embedded.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.js';
import { serverBackends, startTestServer, type Backend } from './helpers/server.js';

// Signed webhooks from the durable outbox: a real HTTP receiver verifies each signature with the
// Standard Webhooks algorithm, fails, recovers, sees redeliveries, and loses nothing across a restart.

/** One request the receiver got. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback: answers the queued statuses first (0: never answers), then `fallback`. */
async function startReceiver() {
  const received: Received[] = [];
  const queue: number[] = [];
  let fallback = 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = queue.shift() ?? fallback;
      // 0: never answer, like an endpoint that hangs.
      if (status === 0) return;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    answer(statuses: number[], then = 200) {
      queue.splice(0, queue.length, ...statuses);
      fallback = then;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The Standard Webhooks check, written from the spec: HMAC-SHA256 keyed with the base64 secret
 * after `whsec_`, over `id.timestamp.body`, compared with each `v1,` signature; the timestamp
 * within five minutes.
 */
function verifies(secret: string, request: Received): boolean {
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64'));
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const [version, value = ''] = signature.split(',');
      const given = Buffer.from(value);
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** Waits (bounded) until `check` gives a value. */
async function until<T>(check: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fast retries and polls, loopback allowed: what the test's receiver needs. */
const FAST = {
  VETLINE_WEBHOOK_ALLOW_PRIVATE: 'true',
  VETLINE_WEBHOOK_FIRST_RETRY_MS: '150',
  VETLINE_WEBHOOK_TIMEOUT_MS: '2000',
};

/** A Vetline on a database that outlives it, so a second one can start on the same data. */
async function startOn(target: { databaseUrl?: string; dataDir: string }, env: Record<string, string>) {
  const config = loadConfig({
    PORT: '0',
    VETLINE_DATA_DIR: target.dataDir,
    LOG_LEVEL: 'error',
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl, JWT_SECRET: 'test-secret-that-is-at-least-32-chars', VETLINE_SEED_DEMO: 'true' } : {}),
    ...env,
  });
  const app = buildApp(config);
  const running: RunningApp = await app.start();
  // The demo seed points Nordlys' webhooks at the demo module; these tests set their own endpoints.
  if (running.seeded) await running.prisma.webhookEndpoint.deleteMany();
  return { ...running, stop: () => app.stop() };
}

const DELIVERIES = `query ($partner: ID!) {
  node(id: $partner) { ... on Partner { webhookDeliveries(first: 50) { edges { node {
    id webhookId type status failedAttempts eventCursor
    attempts { statusCode succeeded durationMs error }
  } } } } }
}`;

describe.each(await serverBackends())('signed webhooks on %s', async (backend: Backend) => {
  let database: TestDatabase | undefined;
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let server: Awaited<ReturnType<typeof startOn>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let olga: string;
  let nordlys: string;
  let secret: string;

  beforeAll(async () => {
    folder = await tempDir('vetline-h11-webhooks-');
    if (backend === 'postgres') database = await createTestDatabase();
    receiver = await startReceiver();
    server = await startOn({ dataDir: folder.dir, databaseUrl: database?.url }, FAST);
    olga = await login(server.url, 'olga@nordlys.dev');
    nordlys = globalId('Partner', (await server.prisma.partner.findUniqueOrThrow({ where: { slug: 'nordlys' } })).id);
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await database?.drop();
    await folder?.remove();
  });

  const SET_ENDPOINT = `mutation ($partner: ID!, $url: String!) {
    setWebhookEndpoint(partnerId: $partner, url: $url) {
      __typename
      ... on Error { message }
      ... on ValidationError { problems { field message } }
      ... on MutationSetWebhookEndpointSuccess { data { url secret } }
    }
  }`;
  const deliveriesOf = async (token: string) => {
    const result = await gql(server.url, DELIVERIES, { partner: nordlys }, { token });
    if (!result.data?.node) throw new Error(JSON.stringify(result));
    return result.data.node.webhookDeliveries.edges.map((e: { node: unknown }) => e.node) as {
      id: string;
      webhookId: string;
      type: string;
      status: string;
      failedAttempts: number;
      attempts: { statusCode: number | null; succeeded: boolean; durationMs: number; error: string | null }[];
    }[];
  };

  it("should let only the partner's owner set its endpoint, and give the owner a whsec_ secret", async () => {
    const anna = await login(server.url, 'anna@acme.dev');
    const max = await login(server.url, 'max@acme.dev');
    const acme = globalId('Partner', (await server.prisma.partner.findUniqueOrThrow({ where: { slug: 'acme' } })).id);
    expect((await gql(server.url, SET_ENDPOINT, { partner: acme, url: receiver.url }, { token: max })).data!.setWebhookEndpoint.__typename).toBe('ForbiddenError');
    expect((await gql(server.url, SET_ENDPOINT, { partner: nordlys, url: receiver.url }, { token: anna })).data!.setWebhookEndpoint.__typename).toBe('NotFoundError');
    const bad = await gql(server.url, SET_ENDPOINT, { partner: nordlys, url: 'ftp://example.com/x' }, { token: olga });
    expect(bad.data!.setWebhookEndpoint.problems).toEqual([{ field: 'url', message: 'must be an http or https URL' }]);
    expect(await server.prisma.webhookEndpoint.count()).toBe(0);

    const set = await mutate(server.url, SET_ENDPOINT, { partner: nordlys, url: receiver.url }, { token: olga });
    expect(set.url).toBe(receiver.url);
    expect(set.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    secret = set.secret;
    // Another partner never reads it.
    const peek = await gql(server.url, 'query ($p: ID!) { node(id: $p) { ... on Partner { webhookEndpoint { url } } } }', { p: nordlys }, { token: anna });
    expect(peek.data!.node).toBeNull();
  });

  it('should sign each attempt, retry after the receiver fails twice, and record every attempt', async () => {
    receiver.answer([500, 500]);
    const from = receiver.received.length;
    const connected = await mutate(
      server.url,
      `mutation { connectApp(code: "nordlys-pickup", grantedScopes: ["delivery.write", "orders.read"]) {
        __typename ... on Error { message } ... on MutationConnectAppSuccess { data { id } } } }`,
      {},
      { apiKey: 'vl_account_magazin' },
    );
    const attempts = await until(() => receiver.received.length - from >= 3 && receiver.received.slice(from), 'three attempts');
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    for (const attempt of attempts) {
      expect(verifies(secret, attempt)).toBe(true);
      expect(attempt.headers['content-type']).toBe('application/json');
    }
    // A signature from another secret, or over another body, does not verify.
    expect(verifies(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, attempts[0]!)).toBe(false);
    expect(verifies(secret, { ...attempts[0]!, body: attempts[0]!.body.replace('nordlys', 'nordlyz') })).toBe(false);

    const body = JSON.parse(attempts[0]!.body);
    expect(body).toMatchObject({
      type: 'installation.connected',
      timestamp: expect.any(String),
      data: {
        app: { code: 'nordlys-pickup' },
        installationId: expect.any(String),
        grantedScopes: ['delivery.write', 'orders.read'],
      },
    });
    expect(globalId('Installation', body.data.installationId)).toBe(connected.id);
    // Every attempt carries the same body (the event is immutable).
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);

    const delivery = await until(async () => {
      const found = (await deliveriesOf(olga)).find((d) => d.webhookId === attempts[0]!.headers['webhook-id']);
      return found?.status === 'DELIVERED' && found;
    }, 'the delivery to be recorded as delivered');
    expect(delivery.type).toBe('installation.connected');
    expect(delivery.failedAttempts).toBe(2);
    expect(delivery.attempts.map((a) => [a.statusCode, a.succeeded, a.error])).toEqual([
      [500, false, 'HTTP 500'],
      [500, false, 'HTTP 500'],
      [200, true, null],
    ]);
    for (const attempt of delivery.attempts) expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('should redeliver with the same webhook-id, signed with both secrets while a rotation is fresh', async () => {
    const [delivered] = (await deliveriesOf(olga)).filter((d) => d.status === 'DELIVERED');
    const rotated = await mutate(
      server.url,
      `mutation ($p: ID!) { rotateWebhookSecret(partnerId: $p) { __typename ... on Error { message } ... on MutationRotateWebhookSecretSuccess { data { secret previousSecretExpiresAt } } } }`,
      { p: nordlys },
      { token: olga },
    );
    expect(rotated.secret).not.toBe(secret);
    expect(new Date(rotated.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // Another partner can neither see nor redeliver it.
    const anna = await login(server.url, 'anna@acme.dev');
    const REDELIVER = `mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { __typename ... on Error { message } ... on MutationRedeliverWebhookSuccess { data { status } } } }`;
    expect((await gql(server.url, REDELIVER, { id: delivered!.id }, { token: anna })).data!.redeliverWebhook.__typename).toBe('NotFoundError');
    expect((await gql(server.url, 'query ($id: ID!) { node(id: $id) { id } }', { id: delivered!.id }, { token: anna })).data!.node).toBeNull();

    const from = receiver.received.length;
    receiver.answer([]);
    expect(await mutate(server.url, REDELIVER, { id: delivered!.id }, { token: olga })).toEqual({ status: 'PENDING' });
    const again = await until(() => receiver.received.length > from && receiver.received[from], 'the redelivery');
    expect(again.headers['webhook-id']).toBe(delivered!.webhookId);
    expect(String(again.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifies(rotated.secret, again)).toBe(true);
    expect(verifies(secret, again)).toBe(true);
    secret = rotated.secret;
    const redelivered = await until(async () => {
      const found = (await deliveriesOf(olga)).find((d) => d.id === delivered!.id);
      return found?.status === 'DELIVERED' && found;
    }, 'the redelivery to be recorded');
    expect(redelivered.attempts).toHaveLength(4);
  });

  it("should record an endpoint that hangs as a timed-out attempt and deliver the event on the next try, the partner's request unaffected", async () => {
    const version = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'nordlys-pickup' }, status: { in: ['SUBMITTED', 'IN_REVIEW'] } } });
    receiver.answer([0]);
    const from = receiver.received.length;
    const withdrawn = await mutate(
      server.url,
      `mutation ($id: ID!) { withdrawVersion(versionId: $id) { __typename ... on Error { message } ... on MutationWithdrawVersionSuccess { data { status } } } }`,
      { id: globalId('AppVersion', version.id) },
      { token: olga },
    );
    // The mutation answered while the endpoint had not (the first attempt waits on it for 2 s).
    expect(withdrawn).toEqual({ status: 'WITHDRAWN' });
    const delivery = await until(async () => {
      const found = (await deliveriesOf(olga)).find((d) => d.type === 'version.withdrawn');
      return found?.status === 'DELIVERED' && found;
    }, 'the withdrawal to be delivered after a timeout');
    expect(delivery.attempts.map((a) => [a.statusCode, a.succeeded, a.error])).toEqual([
      [null, false, 'timed out after 2000 ms'],
      [200, true, null],
    ]);
    expect(delivery.attempts[0]!.durationMs).toBeGreaterThanOrEqual(2000);
    const sent = receiver.received.slice(from);
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1]!.body)).toMatchObject({ type: 'version.withdrawn', data: { status: { old: version.status, new: 'WITHDRAWN' }, versionId: globalId('AppVersion', version.id) } });
    expect(verifies(secret, sent[1]!)).toBe(true);
  });

  it('should lose no event across a restart, and deliver what was still failing once the endpoint recovers', async () => {
    receiver.answer([], 503);
    const lastEvent = await server.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await mutate(
      server.url,
      `mutation { disconnectApp(code: "nordlys-pickup") { __typename ... on Error { message } ... on MutationDisconnectAppSuccess { data { id } } } }`,
      {},
      { apiKey: 'vl_account_magazin' },
    );
    const failing = await until(
      async () =>
        (await server.prisma.webhookDelivery.findFirst({
          where: { event: { type: 'installation.disconnected', id: { gt: lastEvent.id } }, attempts: { some: {} } },
        })) ?? null,
      'a failed attempt before the restart',
    );
    // Committed while the server stops: an event nobody has fanned out yet.
    await mutate(
      server.url,
      `mutation { disconnectApp(code: "nordlys-pickup") { __typename ... on Error { message } ... on MutationDisconnectAppSuccess { data { id } } } }`,
      {},
      { apiKey: 'vl_account_old_town' },
    );
    await server.stop();

    receiver.answer([], 200);
    server = await startOn({ dataDir: folder.dir, databaseUrl: database?.url }, FAST);
    olga = await login(server.url, 'olga@nordlys.dev');
    const after = await until(async () => {
      const deliveries = await server.prisma.webhookDelivery.findMany({
        where: { event: { id: { gt: lastEvent.id } } },
        include: { event: true, attempts: true },
      });
      return deliveries.length === 2 && deliveries.every((d) => d.status === 'DELIVERED') && deliveries;
    }, 'both deliveries after the restart');
    const retried = after.find((d) => d.id === failing.id)!;
    expect(retried.attempts.some((a) => a.statusCode === 503)).toBe(true);
    expect(retried.attempts.filter((a) => a.succeeded)).toHaveLength(1);
    const accounts = after.map((d) => (d.event.payload as { accountId: string }).accountId).sort();
    const expected = (await server.prisma.account.findMany({ where: { name: { in: ['Магазин у дома', 'Old Town Store'] } } })).map((a) => a.id).sort();
    expect(accounts).toEqual(expected);
    // Every webhook-worthy event of the partner since the endpoint was set has exactly one delivery.
    const endpoint = await server.prisma.webhookEndpoint.findFirstOrThrow();
    const events = await server.prisma.event.count({
      where: { partnerId: endpoint.partnerId, createdAt: { gte: endpoint.createdAt }, type: { startsWith: 'installation.' } },
    });
    expect(await server.prisma.webhookDelivery.count({ where: { event: { type: { startsWith: 'installation.' } } } })).toBe(events);
  });
});

describe('webhook endpoints in private ranges', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    server = await startTestServer({ env: { VETLINE_WEBHOOK_ALLOW_PRIVATE: 'false' } });
    // The demo seed's endpoint (the demo module) is not what these tests set.
    await server.prisma.webhookEndpoint.deleteMany();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('should refuse loopback and private addresses unless the operator allows them, creating nothing', async () => {
    const olga = await login(server.url, 'olga@nordlys.dev');
    const nordlys = globalId('Partner', (await server.prisma.partner.findUniqueOrThrow({ where: { slug: 'nordlys' } })).id);
    for (const url of ['http://127.0.0.1:9/hooks', 'http://localhost:9/hooks', 'https://10.1.2.3/hooks', 'http://[::1]:9/', 'http://192.168.0.10/', 'http://169.254.169.254/latest']) {
      const result = await gql(
        server.url,
        `mutation ($p: ID!, $url: String!) { setWebhookEndpoint(partnerId: $p, url: $url) { __typename ... on ValidationError { problems { field message } } } }`,
        { p: nordlys, url },
        { token: olga },
      );
      expect(result.data!.setWebhookEndpoint.__typename, url).toBe('ValidationError');
      expect(result.data!.setWebhookEndpoint.problems[0].message, url).toMatch(/private or loopback address.*VETLINE_WEBHOOK_ALLOW_PRIVATE/);
    }
    expect(await server.prisma.webhookEndpoint.count()).toBe(0);
  });

  it("should refuse a simple connection's configuration URL that could leak the customer's key, with a field problem, changing nothing", async () => {
    const anna = await login(server.url, 'anna@acme.dev');
    const draft = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-stats' }, status: 'DRAFT' } });
    expect(draft.simpleConnection).toBe(true);
    const UPDATE = `mutation ($v: ID!, $m: ManifestInput!) { updateVersion(versionId: $v, manifest: $m) {
      __typename ... on ValidationError { problems { field message } } ... on MutationUpdateVersionSuccess { data { connectionUrl simpleConnection } } } }`;
    const save = async (connectionUrl: string, simpleConnection = true) =>
      (await gql(server.url, UPDATE, { v: globalId('AppVersion', draft.id), m: { connectionUrl, simpleConnection } }, { token: anna })).data!.updateVersion;
    const before = { version: await server.prisma.appVersion.findUniqueOrThrow({ where: { id: draft.id } }), events: await server.prisma.event.count() };
    for (const [url, problem] of [
      ['http://127.0.0.1:9/configure', /private or loopback address.*VETLINE_WEBHOOK_ALLOW_PRIVATE/],
      ['https://localhost/configure', /private or loopback address/],
      ['https://10.1.2.3/configure', /private or loopback address/],
      ['http://93.184.216.34/configure', /must be an https URL/],
      ['https://vetline:secret@93.184.216.34/configure', /must not carry credentials/],
      ['ftp://93.184.216.34/configure', /must be an http or https URL/],
    ] as const) {
      const answer = await save(url);
      expect(answer.__typename, url).toBe('ValidationError');
      expect(answer.problems.map((p: { field: string }) => p.field), url).toContain('connectionUrl');
      expect(answer.problems.map((p: { message: string }) => p.message).join(' '), url).toMatch(problem);
    }
    expect(await server.prisma.appVersion.findUniqueOrThrow({ where: { id: draft.id } })).toEqual(before.version);
    expect(await server.prisma.event.count()).toBe(before.events);

    // A public https host is taken; a connection page is the customer's browser's to visit, not the server's.
    expect(await save('https://93.184.216.34/vetline/configure')).toEqual({
      __typename: 'MutationUpdateVersionSuccess',
      data: { connectionUrl: 'https://93.184.216.34/vetline/configure', simpleConnection: true },
    });
    expect((await save('http://127.0.0.1:9/connect', false)).__typename).toBe('MutationUpdateVersionSuccess');
    // Switching to simple connection makes the stored URL a configuration URL: it is judged then.
    const switched = await gql(server.url, UPDATE, { v: globalId('AppVersion', draft.id), m: { simpleConnection: true } }, { token: anna });
    expect(switched.data!.updateVersion.__typename).toBe('ValidationError');
  });

  it('should tell private, loopback and mapped addresses from public ones', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('should refuse to send to a private address at delivery time too, by address or by name', async () => {
    const receiver = await startReceiver();
    try {
      const byName = receiver.url.replace('127.0.0.1', 'localhost');
      for (const url of [receiver.url, byName]) {
        const refused = await postWebhook(url, {}, '{}', { timeoutMs: 2000, allowPrivate: false });
        expect(refused, url).toMatchObject({ statusCode: null, succeeded: false, error: expect.stringMatching(/^refused: /) });
      }
      expect(receiver.received).toHaveLength(0);
      expect(await postWebhook(receiver.url, {}, '{}', { timeoutMs: 2000, allowPrivate: true })).toMatchObject({ statusCode: 200, succeeded: true, error: null });
    } finally {
      await receiver.close();
    }
  });

  it('should wait exponentially longer after each failure, up to two hours', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5_000, middle))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30, 5_000, middle)).toBe(2 * 60 * 60 * 1000);
  });
});

describe.each((await serverBackends()).filter((backend) => backend === 'postgres'))('webhooks from two instances on %s', () => {
  let database: TestDatabase;
  let folders: Awaited<ReturnType<typeof tempDir>>[];
  let servers: Awaited<ReturnType<typeof startOn>>[];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
    folders = [await tempDir('vetline-h11-a-'), await tempDir('vetline-h11-b-')];
    // Without Redis each instance reads the log on its own poll: both race for every delivery.
    const env = { ...FAST, VETLINE_EVENT_POLL_MS: '100' };
    servers = [];
    for (const folder of folders) servers.push(await startOn({ dataDir: folder.dir, databaseUrl: database.url }, env));
  });
  afterAll(async () => {
    for (const server of servers ?? []) await server.stop();
    await receiver?.close();
    await database?.drop();
    for (const folder of folders ?? []) await folder.remove();
  });

  it('should send each delivery from exactly one instance', async () => {
    const [a, b] = servers as [Awaited<ReturnType<typeof startOn>>, Awaited<ReturnType<typeof startOn>>];
    const olga = await login(a.url, 'olga@nordlys.dev');
    const nordlys = globalId('Partner', (await a.prisma.partner.findUniqueOrThrow({ where: { slug: 'nordlys' } })).id);
    await mutate(
      a.url,
      `mutation ($p: ID!, $url: String!) { setWebhookEndpoint(partnerId: $p, url: $url) { __typename ... on Error { message } ... on MutationSetWebhookEndpointSuccess { data { url } } } }`,
      { p: nordlys, url: receiver.url },
      { token: olga },
    );
    const CONNECT = `mutation { connectApp(code: "nordlys-pickup", grantedScopes: ["delivery.write", "orders.read"]) { __typename ... on Error { message } ... on MutationConnectAppSuccess { data { id } } } }`;
    const DISCONNECT = `mutation { disconnectApp(code: "nordlys-pickup") { __typename ... on Error { message } ... on MutationDisconnectAppSuccess { data { id } } } }`;
    // Alternate instances, so each one commits events the other must also see.
    for (let i = 0; i < 4; i++) {
      await mutate((i % 2 ? b : a).url, CONNECT, {}, { apiKey: 'vl_account_magazin' });
      await mutate((i % 2 ? a : b).url, DISCONNECT, {}, { apiKey: 'vl_account_magazin' });
    }
    const deliveries = await until(async () => {
      const rows = await a.prisma.webhookDelivery.findMany({ include: { attempts: true } });
      return rows.length === 8 && rows.every((d) => d.status === 'DELIVERED') && rows;
    }, 'eight deliveries');
    for (const delivery of deliveries) expect(delivery.attempts).toHaveLength(1);
    const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
  });
});
