import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../server/src/auth/api-keys.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { collect, rawSocket, waitUntil, wsClient } from './helpers/ws.js';
import { Redis } from 'ioredis';
import { deploymentNamespace } from '../server/src/auth/login-throttle.js';
import { SUBSCRIPTION_LIMITS, TOO_MANY_SUBSCRIPTIONS } from '../server/src/subscription-limits.js';

// Two gateway instances behind one Postgres and one Redis, as behind a load balancer.

const available = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(available)('two instances sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  // Without a nudge an instance would read the log only every ten minutes: delivery within the
  // test's time proves the Redis fan-out.
  const env = { REDIS_URL, VETLINE_EVENT_POLL_MS: '600000' };
  const clients: ReturnType<typeof wsClient>[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestServer({ databaseUrl: database.url, env });
    second = await startTestServer({ databaseUrl: database.url, env });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  it('should deliver a mutation made on one instance to a subscriber on the other, and resume after a restart', async () => {
    const version = await first.prisma.appVersion.findFirstOrThrow({
      where: { app: { code: 'acme-pay' }, status: 'IN_REVIEW' },
      include: { threads: { where: { status: 'OPEN' } } },
    });
    const versionId = globalId('AppVersion', version.id);
    const threadId = globalId('Thread', version.threads[0]!.id);
    const [anna, rita] = await Promise.all([login(second.url, 'anna@acme.dev'), login(first.url, 'rita@vetline.dev')]);
    const comment = (body: string) =>
      gql(first.url, `mutation ($t: ID!, $b: String!) { postComment(threadId: $t, body: $b) { __typename } }`, { t: threadId, b: body }, { token: rita });
    const SUBSCRIPTION = `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type payload } }`;

    const onSecond = wsClient(second.url, { authorization: `Bearer ${anna}` });
    clients.push(onSecond);
    const live = collect(onSecond, SUBSCRIPTION, { id: versionId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await comment('seen live on the other instance');
    const [event] = await live.waitFor(1, 8000);
    expect(event).toMatchObject({ type: 'thread.comment_posted' });
    live.stop();

    // The second instance goes away; the partner keeps its last cursor; work goes on meanwhile.
    const lastSeen = event!.cursor as string;
    await second.stop();
    await comment('missed 1');
    await comment('missed 2');
    second = await startTestServer({ databaseUrl: database.url, env });
    const resumedClient = wsClient(second.url, { authorization: `Bearer ${await login(second.url, 'anna@acme.dev')}` });
    clients.push(resumedClient);
    const resumed = collect(resumedClient, SUBSCRIPTION, { id: versionId, after: lastSeen });
    const missed = await resumed.waitFor(2, 8000);
    const stored = await first.prisma.event.findMany({ where: { versionId: version.id, id: { gt: BigInt(lastSeen) } }, orderBy: { id: 'asc' } });
    expect(missed.map((e) => e.cursor)).toEqual(stored.map((e) => e.id.toString()));
    expect(stored).toHaveLength(2);

    // And live again across instances after the resume.
    await comment('live after the resume');
    const all = await resumed.waitFor(3, 8000);
    expect(all.map((e) => e.type)).toEqual(['thread.comment_posted', 'thread.comment_posted', 'thread.comment_posted']);
    resumed.stop();
  });
});

describe.runIf(available)("one user's subscription budget across two instances", () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  const sockets: Awaited<ReturnType<typeof rawSocket>>[] = [];
  const redis = new Redis(REDIS_URL, { lazyConnect: true });

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { REDIS_URL };
    [first, second] = await Promise.all([startTestServer({ databaseUrl: database.url, env }), startTestServer({ databaseUrl: database.url, env })]);
    await redis.connect();
  });
  afterAll(async () => {
    for (const ws of sockets) ws.socket.terminate();
    await first?.stop();
    await second?.stop();
    await redis.quit();
    await database?.drop();
  });

  it('should refuse the user\'s 101st subscription on the other instance, and take it once one ends', async () => {
    const { perConnection, perUser } = SUBSCRIPTION_LIMITS;
    const anna = await login(first.url, 'anna@acme.dev');
    const user = await first.prisma.user.findUniqueOrThrow({ where: { email: 'anna@acme.dev' } });
    const appId = globalId('App', (await first.prisma.app.findFirstOrThrow({ where: { code: 'acme-pay' } })).id);
    const subscribe = (ws: (typeof sockets)[number], id: string) =>
      ws.send({ id, type: 'subscribe', payload: { query: `subscription ($id: ID!) { appEvents(appId: $id) { cursor } }`, variables: { id: appId } } });
    const open = async (url: string) => {
      const ws = await rawSocket(url);
      sockets.push(ws);
      ws.send({ type: 'connection_init', payload: { authorization: `Bearer ${anna}` } });
      await waitUntil(() => ws.messages.some((m) => m.type === 'connection_ack'), 5000, () => 'no connection_ack');
      return ws;
    };
    // The whole budget on the first instance, a full connection at a time.
    const onFirst = [];
    for (let c = 0; c < perUser / perConnection; c++) {
      const ws = await open(first.url);
      for (let i = 0; i < perConnection; i++) subscribe(ws, `s${i}`);
      onFirst.push(ws);
    }
    const leases = `${deploymentNamespace(database.url, '')}:subscriptions:${user.id}`;
    /** Waits (bounded) until the user's leases in Redis number what `expected` accepts. */
    const leasesHeld = async (expected: (held: number) => boolean) => {
      const deadline = Date.now() + 5000;
      let held = await redis.zcard(leases);
      while (!expected(held)) {
        if (Date.now() > deadline) throw new Error(`the user holds ${held} leases`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        held = await redis.zcard(leases);
      }
    };
    await leasesHeld((held) => held === perUser);
    expect(onFirst.flatMap((ws) => ws.messages.filter((m) => m.type !== 'connection_ack'))).toEqual([]);

    const onSecond = await open(second.url);
    subscribe(onSecond, 'over');
    await waitUntil(() => onSecond.messages.some((m) => m.id === 'over'), 5000, () => 'no refusal');
    expect(onSecond.messages.find((m) => m.id === 'over')).toMatchObject({ type: 'error', payload: [{ extensions: { code: TOO_MANY_SUBSCRIPTIONS } }] });

    // One ends on the first instance: its slot is free for the second.
    onFirst[0]!.send({ id: 's0', type: 'complete' });
    await leasesHeld((held) => held === perUser - 1);
    subscribe(onSecond, 'again');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(onSecond.messages.filter((m) => m.id === 'again')).toEqual([]);
    expect(await redis.zcard(leases)).toBe(perUser);
    // A closed connection gives its slots back on every instance.
    onFirst[1]!.socket.close();
    await leasesHeld((held) => held === perUser - perConnection);
  });
});

describe.runIf(available)('the response cache shared by two instances through Redis', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  let statementsOnSecond = 0;
  // Without a nudge neither instance would read the log for ten minutes: freshness on the other
  // instance must come from the writer invalidating the shared cache before it answers.
  const env = { REDIS_URL, VETLINE_EVENT_POLL_MS: '600000' };
  const CATALOG = `query ($first: Int) { catalog(first: $first) { edges { node { code listing(locale: "en") { name } priceMinor: pricing { priceMinor } } } } }`;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestServer({ databaseUrl: database.url, env });
    second = await startTestServer({ databaseUrl: database.url, env, onQuery: () => statementsOnSecond++ });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  const readOnSecond = async () => {
    statementsOnSecond = 0;
    const result = await gql(second.url, CATALOG, { first: 50 });
    expect(result.errors).toBeUndefined();
    const apps = new Map<string, { name: string; price: number }>(
      result.data!.catalog.edges.map((e: { node: { code: string; listing: { name: string }; priceMinor: { priceMinor: number } } }) => [
        e.node.code,
        { name: e.node.listing.name, price: e.node.priceMinor.priceMinor },
      ]),
    );
    return { apps, statements: statementsOnSecond };
  };

  it('should read a listing changed on one instance from the other in the very next request', async () => {
    const anna = await login(first.url, 'anna@acme.dev');
    const app = await first.prisma.app.findUniqueOrThrow({ where: { code: 'acme-pay' } });
    const change = (listing: string) =>
      gql(first.url, `mutation ($id: ID!) { updateListing(appId: $id, listing: ${listing}) { __typename } }`, { id: globalId('App', app.id) }, { token: anna });

    await readOnSecond();
    const cached = await readOnSecond();
    expect(cached.statements).toBe(0);
    expect(cached.apps.has('acme-pay')).toBe(true);

    for (let round = 1; round <= 3; round++) {
      const changed = await change(`{ texts: [{ locale: "en", name: "Acme Pay ${round}" }], priceMinor: ${1000 + round} }`);
      expect(changed.data?.updateListing.__typename).toBe('MutationUpdateListingSuccess');
      const next = await readOnSecond();
      expect(next.apps.get('acme-pay')).toEqual({ name: `Acme Pay ${round}`, price: 1000 + round });
      // And cached again on the other instance until the next change.
      expect((await readOnSecond()).statements).toBe(0);
    }

    // Taken offline on the first instance: absent from the second's very next answer.
    const offline = await gql(first.url, `mutation ($id: ID!) { setPartnerState(appId: $id, online: false) { __typename } }`, { id: globalId('App', app.id) }, { token: anna });
    expect(offline.data?.setPartnerState.__typename).toBe('MutationSetPartnerStateSuccess');
    expect((await readOnSecond()).apps.has('acme-pay')).toBe(false);
  });

  it('should keep a key resolved on the other instance only until a change committed anywhere moves the shared generation', async () => {
    const query = `{ catalog(first: 5) { edges { node { code } } } }`;
    const secret = 'vl_account_corner_two_instances';
    const account = await first.prisma.account.findFirstOrThrow({ where: { name: 'Corner Shop' } });
    await first.prisma.apiKey.create({ data: { hash: hashApiKey(secret), kind: 'ACCOUNT', name: 'two instances', accountId: account.id } });
    const readWithKey = async () => {
      statementsOnSecond = 0;
      const { status } = await gql(second.url, query, {}, { apiKey: secret });
      return { status, statements: statementsOnSecond };
    };
    expect((await readWithKey()).status).toBe(200);
    // The key and the answer both come from memory and Redis now.
    expect(await readWithKey()).toEqual({ status: 200, statements: 0 });

    // No API revokes keys yet: revoked in SQL, outside the event log, then a listing change is
    // committed on the first instance. The second reads the key again on its very next request.
    await first.prisma.apiKey.update({ where: { hash: hashApiKey(secret) }, data: { revokedAt: new Date() } });
    const anna = await login(first.url, 'anna@acme.dev');
    const app = await first.prisma.app.findUniqueOrThrow({ where: { code: 'acme-coupons' } });
    const changed = await gql(
      first.url,
      `mutation ($id: ID!) { updateListing(appId: $id, listing: { texts: [{ locale: "en", name: "Acme Coupons, renamed" }] }) { __typename } }`,
      { id: globalId('App', app.id) },
      { token: anna },
    );
    expect(changed.data?.updateListing.__typename).toBe('MutationUpdateListingSuccess');
    expect((await readWithKey()).status).toBe(401);
  });
});
