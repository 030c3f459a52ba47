import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, gql, login } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { collect, wsClient } from './helpers/ws.js';

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
