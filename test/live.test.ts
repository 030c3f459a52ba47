import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { recordEvent } from '../server/src/events/log.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { serverLog } from './helpers/logs.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { collect, rawSocket, waitUntil, wsClient } from './helpers/ws.js';

// Live events over graphql-ws against a real server and the demo marketplace.

const EVENT = 'cursor type payload actor { name }';

describe('live events over graphql-ws', () => {
  let server: TestServer;
  let anna: string;
  let olga: string;
  let rita: string;
  const clients: ReturnType<typeof wsClient>[] = [];
  const log = serverLog();
  let logged = 0;
  const client = (token?: string) => {
    const c = wsClient(server.url, token ? { authorization: `Bearer ${token}` } : {});
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer({ logger: log.logger });
    [anna, olga, rita] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'olga@nordlys.dev'),
      login(server.url, 'rita@vetline.dev'),
    ]);
  });
  beforeEach(() => {
    logged = log.mark();
  });
  // A failed read of the event log or a failed live delivery is logged, not thrown: it fails the test here.
  afterEach(() => {
    expect(log.errors(logged)).toEqual([]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
  });

  /** acme-pay 1.1: in review, claimed by Rita, with an open thread. */
  async function acmePayReview() {
    const version = await server.prisma.appVersion.findFirstOrThrow({
      where: { app: { code: 'acme-pay' }, status: 'IN_REVIEW' },
      include: { threads: { where: { status: 'OPEN' } } },
    });
    return { versionId: globalId('AppVersion', version.id), threadId: globalId('Thread', version.threads[0]!.id), raw: version };
  }

  it("should deliver a reviewer's comment to the partner's subscription the moment it is written", async () => {
    const { versionId, threadId, raw } = await acmePayReview();
    // Resume just before the version's newest event: receiving it replayed proves the
    // subscription is live on the server, so no sleep has to guess when it is.
    const [newest, before] = await server.prisma.event.findMany({ where: { versionId: raw.id }, orderBy: { id: 'desc' }, take: 2 });
    const feed = collect(client(anna), `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { ${EVENT} } }`, {
      id: versionId,
      after: before!.id.toString(),
    });
    const [replayed] = await feed.waitFor(1);
    expect(replayed!.cursor).toBe(newest!.id.toString());
    const posted = await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "Chargebacks still fail") { __typename } }`, {}, { token: rita });
    expect(posted.data!.postComment.__typename).toBe('MutationPostCommentSuccess');
    const [, event] = await feed.waitFor(2);
    expect(event).toMatchObject({ type: 'thread.comment_posted', actor: { name: expect.any(String) } });
    feed.stop();
  });

  it('should deliver an event committed after the subscribe message arrived, even while the subscription is still being set up', async () => {
    const { versionId, threadId, raw } = await acmePayReview();
    // Rita's stream is live first (a replayed event proves it): it shows when the feed has the comment.
    const [newest, before] = await server.prisma.event.findMany({ where: { versionId: raw.id }, orderBy: { id: 'desc' }, take: 2 });
    const watcher = collect(client(rita), `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type } }`, {
      id: versionId,
      after: before!.id.toString(),
    });
    await watcher.waitFor(1);
    // Anna's socket is open and acknowledged; her subscription's set-up then stops at its read of
    // her session's access until the comment has been delivered.
    const annaSocket = wsClient(server.url, { authorization: `Bearer ${anna}` }, { lazy: false });
    clients.push(annaSocket);
    await new Promise((resolve) => annaSocket.on('connected', resolve));
    const annaSession = (JSON.parse(Buffer.from(anna.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    let reached!: () => void;
    const reading = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const query = pg.Pool.prototype.query;
    const spy = vi.spyOn(pg.Pool.prototype, 'query').mockImplementation(async function (this: pg.Pool, ...args: unknown[]) {
      const config = args[0] as { text?: string; values?: unknown[] } | string;
      if (typeof config !== 'string' && String(config.text).includes('FROM "Session" s JOIN') && JSON.stringify(config.values).includes(annaSession)) {
        reached();
        await held;
      }
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
    try {
      const feed = collect(annaSocket, `subscription ($id: ID!) { reviewEvents(versionId: $id) { cursor type } }`, { id: versionId });
      await reading;
      await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "Posted while Anna subscribes") { __typename } }`, {}, { token: rita });
      const [, posted] = await watcher.waitFor(2);
      expect(posted!.cursor).not.toBe(newest!.id.toString());
      release();
      const [received] = await feed.waitFor(1);
      expect(received).toEqual(posted);
      feed.stop();
    } finally {
      release();
      spy.mockRestore();
      watcher.stop();
    }
  });

  it('should show staff a submission arriving in the queue', async () => {
    const queue = collect(client(rita), `subscription { queueEvents { ${EVENT} } }`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nordlys withdraws a waiting submission and... the queue hears it leave.
    const waiting = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'SUBMITTED', app: { partner: { slug: 'nordlys' } } } });
    const result = await gql(server.url, `mutation { withdrawVersion(versionId: "${globalId('AppVersion', waiting.id)}") { __typename } }`, {}, { token: olga });
    expect(result.data!.withdrawVersion.__typename).toBe('MutationWithdrawVersionSuccess');
    const [left] = await queue.waitFor(1);
    expect(left).toMatchObject({ type: 'version.withdrawn', payload: { status: { old: 'SUBMITTED', new: 'WITHDRAWN' } } });

    // …and a new one arrive: the loyalty app's version comes back after its changes.
    const loyalty = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-loyalty' }, status: 'CHANGES_REQUESTED' } });
    const submitted = await gql(
      server.url,
      `mutation { submitVersion(versionId: "${globalId('AppVersion', loyalty.id)}") { __typename ... on SubmissionIncompleteError { missing { field } } } }`,
      {},
      { token: anna },
    );
    expect(submitted.data!.submitVersion.__typename).toBe('MutationSubmitVersionSuccess');
    const [, arrived] = await queue.waitFor(2);
    expect(arrived).toMatchObject({ type: 'version.submitted' });
    queue.stop();
  });

  it('should replay from an old cursor while events keep arriving, each exactly once and in order', async () => {
    const { versionId, threadId, raw } = await acmePayReview();
    const stored = await server.prisma.event.findMany({ where: { versionId: raw.id }, orderBy: { id: 'asc' } });
    const from = stored[0]!.id; // replay everything after the first event
    const writes = 12;
    let written = 0;
    const writer = (async () => {
      for (; written < writes; written++) {
        await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "note ${written}") { __typename } }`, {}, { token: anna });
      }
    })();
    // Subscribe while the writer is mid-way.
    await waitUntil(() => written >= 3, 10_000, () => 'writer stalled');
    const feed = collect(client(anna), `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type } }`, {
      id: versionId,
      after: String(from),
    });
    await writer;
    const expected = await server.prisma.event.findMany({ where: { versionId: raw.id, id: { gt: from } }, orderBy: { id: 'asc' } });
    const received = await feed.waitFor(expected.length);
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more may come
    expect(feed.items.map((e) => e.cursor)).toEqual(expected.map((e) => e.id.toString()));
    expect(received.filter((e) => e.type === 'thread.comment_posted').length).toBeGreaterThanOrEqual(writes);
    feed.stop();
  });

  it('should never record, nor deliver, the event of a change that rolled back', async () => {
    const { versionId, raw } = await acmePayReview();
    const feed = collect(client(anna), `subscription ($id: ID!) { reviewEvents(versionId: $id) { cursor type } }`, { id: versionId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await server.prisma.event.count();
    await expect(
      server.prisma.$transaction(async (tx) => {
        await tx.appVersion.update({ where: { id: raw.id }, data: { changelog: 'rolled back' } });
        await recordEvent(tx, {
          type: 'version.updated',
          appId: raw.appId,
          versionId: raw.id,
          partnerId: null,
          actorId: null,
          payload: { version: raw.version, changed: ['changelog'] },
        });
        throw new Error('boom after writing');
      }),
    ).rejects.toThrow('boom after writing');
    expect(await server.prisma.event.count()).toBe(before);
    expect((await server.prisma.appVersion.findUniqueOrThrow({ where: { id: raw.id } })).changelog).not.toBe('rolled back');
    // A real change afterwards arrives alone.
    const { threadId } = await acmePayReview();
    await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "after the rollback") { __typename } }`, {}, { token: rita });
    await feed.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(feed.items.map((e) => e.type)).toEqual(['thread.comment_posted']);
    feed.stop();
  });

  it("should keep partner B out of partner A's events, even when guessing ids", async () => {
    const { versionId, raw } = await acmePayReview();
    const byVersion = collect(client(olga), `subscription ($id: ID!) { reviewEvents(versionId: $id, after: "0") { cursor } }`, { id: versionId });
    const byApp = collect(client(olga), `subscription ($id: ID!) { appEvents(appId: $id, after: "0") { cursor } }`, { id: globalId('App', raw.appId) });
    const byQueue = collect(client(olga), `subscription { queueEvents(after: "0") { cursor } }`);
    await Promise.all([byVersion.ended(), byApp.ended(), byQueue.ended()]);
    for (const sub of [byVersion, byApp, byQueue]) {
      expect(sub.items).toEqual([]);
      expect(sub.errors.length).toBeGreaterThan(0);
    }
  });

  it('should stop delivering the moment the partner member loses access', async () => {
    const { versionId, threadId } = await acmePayReview();
    const max = await login(server.url, 'max@acme.dev');
    const feed = collect(client(max), `subscription ($id: ID!) { reviewEvents(versionId: $id) { type } }`, { id: versionId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "one") { __typename } }`, {}, { token: rita });
    await feed.waitFor(1);
    const maxUser = await server.prisma.user.findUniqueOrThrow({ where: { email: 'max@acme.dev' } });
    await server.prisma.membership.deleteMany({ where: { userId: maxUser.id } });
    await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "two") { __typename } }`, {}, { token: rita });
    await feed.ended();
    expect(feed.items).toHaveLength(1);
    expect(JSON.stringify(feed.errors)).toContain('revoked');
  });

  describe('the WebSocket endpoint refuses misbehaviour with the protocol close codes and stays up', () => {
    const init = (token?: string) => ({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} });

    it('should close with 4403 for a bad token', async () => {
      const ws = await rawSocket(server.url);
      ws.send(init('not-a-token'));
      expect((await ws.closed).code).toBe(4403);
    });

    it('should close with 4408 when no connection_init arrives in time', async () => {
      const ws = await rawSocket(server.url);
      const started = Date.now();
      expect((await ws.closed).code).toBe(4408);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    });

    it('should close with 4400 for a malformed message', async () => {
      const ws = await rawSocket(server.url);
      ws.send('{ this is not json');
      expect((await ws.closed).code).toBe(4400);
    });

    it('should close with 4409 for a duplicate subscription id', async () => {
      const ws = await rawSocket(server.url);
      ws.send(init(rita));
      await waitUntil(() => ws.messages.some((m) => m.type === 'connection_ack'), 5000, () => 'no ack');
      const subscribe = { id: 'same', type: 'subscribe', payload: { query: 'subscription { queueEvents { cursor } }' } };
      ws.send(subscribe);
      ws.send(subscribe);
      expect((await ws.closed).code).toBe(4409);
    });

    // Past the subscriptions a connection may hold, the next one is refused alone: subscription-limits.test.ts.

    it('should close with 1009 for an oversized frame, without an "internal error" stack in the log', async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const ws = await rawSocket(server.url);
        ws.send(init(rita));
        ws.send({ id: 'big', type: 'subscribe', payload: { query: `query { viewer { name } } # ${'x'.repeat(70 * 1024)}` } });
        expect((await ws.closed).code).toBe(1009);
        // The client's fault is one line through the app's log, not graphql-ws' "Internal error emitted…".
        await waitUntil(() => log.records.slice(logged).some((r) => String(r['msg']).startsWith('WebSocket closed by a bad frame')), 5000, () => 'no bad-frame line');
        expect(log.records.slice(logged).filter((r) => String(r['msg']).startsWith('WebSocket closed by a bad frame')).map((r) => r['msg'])).toEqual([
          expect.stringContaining('(WS_ERR_UNSUPPORTED_MESSAGE_LENGTH)'),
        ]);
        expect(errors.mock.calls).toEqual([]);
      } finally {
        errors.mockRestore();
      }
    });

    it('should still serve after all of that', async () => {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const sub = collect(client(rita), 'query { viewer { ... on User { email } } }');
      expect(await sub.waitFor(1)).toEqual([{ email: 'rita@vetline.dev' }]);
    });
  });
});
