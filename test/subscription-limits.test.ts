import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signSessionToken } from '../server/src/auth/tokens.js';
import { SUBSCRIPTION_LIMITS } from '../server/src/subscription-limits.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { type SseSubscription, sseSubscribe } from './helpers/sse.js';
import { collect, rawSocket, waitUntil, wsClient } from './helpers/ws.js';

// One set of limits on every transport (issue 9, item 7): graphql-ws and server-sent events share
// the per-user budget, a connection holds exactly 25 subscriptions, a bad or refused operation
// fails alone, and a subscription refuses at once what the viewer may never see.

const JWT_SECRET = 'subscription-limits-test-secret-0123456789';
const QUEUE = 'subscription ($after: String) { queueEvents(after: $after) { cursor type } }';
const REVIEW = 'subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type } }';

type Raw = Awaited<ReturnType<typeof rawSocket>>;

describe('subscription limits on graphql-ws and SSE', () => {
  let server: TestServer;
  let anna: string;
  let olga: string;
  let rita: string;
  let ivan: string;
  let admin: string;
  const sockets: Raw[] = [];
  const streams: SseSubscription[] = [];
  const clients: ReturnType<typeof wsClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { JWT_SECRET } });
    [anna, olga, rita, ivan, admin] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'olga@nordlys.dev'),
      login(server.url, 'rita@vetline.dev'),
      login(server.url, 'ivan@vetline.dev'),
      login(server.url, 'admin@vetline.dev'),
    ]);
  });
  // Each case starts with every budget empty.
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.socket.terminate();
    await Promise.all(streams.splice(0).map((s) => s.close()));
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A raw graphql-transport-ws socket, acknowledged. */
  async function connect(token: string): Promise<Raw> {
    const ws = await rawSocket(server.url);
    sockets.push(ws);
    ws.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await waitUntil(() => ws.messages.some((m) => m.type === 'connection_ack'), 5000, () => 'no connection_ack');
    return ws;
  }

  async function sse(query: string, variables: Record<string, unknown>, token: string) {
    const stream = await sseSubscribe(server.url, query, variables, token);
    streams.push(stream);
    return stream;
  }

  /** The newest event's cursor: subscribing after it replays exactly what comes next, with no sleep. */
  async function now(): Promise<string> {
    const last = await server.prisma.event.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    return String(last?.id ?? 0n);
  }

  /** acme-pay 1.1, in review, and its open thread. */
  async function acmePay() {
    const version = await server.prisma.appVersion.findFirstOrThrow({
      where: { app: { code: 'acme-pay' }, status: 'IN_REVIEW' },
      include: { threads: { where: { status: 'OPEN' } } },
    });
    return { versionId: globalId('AppVersion', version.id), appId: globalId('App', version.appId), threadId: globalId('Thread', version.threads[0]!.id) };
  }

  let assignee = 'ivan@vetline.dev';
  /** One queue event: the admin hands acme-pay's review to the other reviewer. */
  async function queueEvent() {
    assignee = assignee === 'ivan@vetline.dev' ? 'rita@vetline.dev' : 'ivan@vetline.dev';
    const reviewer = await server.prisma.user.findUniqueOrThrow({ where: { email: assignee } });
    const { versionId } = await acmePay();
    const result = await gql(
      server.url,
      `mutation ($v: ID!, $r: ID!) { assignReview(versionId: $v, reviewerId: $r) { __typename } }`,
      { v: versionId, r: globalId('User', reviewer.id) },
      { token: admin },
    );
    expect(result.data?.assignReview.__typename).toBe('MutationAssignReviewSuccess');
  }

  const of = (ws: Raw, id: string, type: string) => ws.messages.filter((m) => m.id === id && m.type === type);
  const subscribe = (ws: Raw, id: string, query: string, variables: Record<string, unknown> = {}) =>
    ws.send({ id, type: 'subscribe', payload: { query, variables } });

  it('should hold exactly 25 subscriptions on a connection, refuse the 26th alone and keep the 25 delivering', async () => {
    const ws = await connect(rita);
    const after = await now();
    const limit = SUBSCRIPTION_LIMITS.perConnection;
    expect(limit).toBe(25);
    for (let i = 0; i <= limit; i++) subscribe(ws, `s${i}`, QUEUE, { after });
    await waitUntil(() => of(ws, `s${limit}`, 'error').length > 0, 5000, () => JSON.stringify(ws.messages));
    const [refused] = of(ws, `s${limit}`, 'error');
    expect(refused.payload[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);

    await queueEvent();
    await waitUntil(() => Array.from({ length: limit }, (_, i) => of(ws, `s${i}`, 'next').length).every((n) => n === 1), 10_000, () =>
      JSON.stringify(ws.messages.filter((m) => m.type !== 'next')),
    );
    expect(ws.messages.filter((m) => m.type === 'error')).toHaveLength(1);
    expect(of(ws, `s${limit}`, 'next')).toEqual([]);

    // Completing one frees its slot for the next subscription.
    ws.send({ id: 's0', type: 'complete' });
    // The server frees the slot once it has finished completing s0, which the protocol does not
    // acknowledge: retry (as a client would on TOO_MANY_SUBSCRIPTIONS) until a subscription is let in.
    const since = await now();
    let again = '';
    for (let attempt = 0; !again; attempt++) {
      if (attempt === 50) throw new Error('the slot of a completed subscription was never freed');
      subscribe(ws, `again${attempt}`, QUEUE, { after: since });
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (of(ws, `again${attempt}`, 'error').length === 0) again = `again${attempt}`;
    }
    await queueEvent();
    await waitUntil(() => of(ws, again, 'next').length === 1, 10_000, () => JSON.stringify(of(ws, again, 'error')));
    expect(of(ws, 's1', 'next')).toHaveLength(2);
    expect(of(ws, 's0', 'next')).toHaveLength(1);
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("should fail a syntax or validation error alone while the connection's other subscription keeps delivering", async () => {
    const { versionId, threadId } = await acmePay();
    const ws = await connect(anna);
    subscribe(ws, 'live', REVIEW, { id: versionId, after: await now() });
    subscribe(ws, 'syntax', 'subscription { reviewEvents(');
    subscribe(ws, 'invalid', 'subscription { noSuchField }');
    subscribe(ws, 'unnamed', REVIEW, { id: versionId });
    ws.send({ id: 'unknown-operation', type: 'subscribe', payload: { query: REVIEW, operationName: 'Nope', variables: { id: versionId } } });
    await waitUntil(() => ['syntax', 'invalid', 'unknown-operation'].every((id) => of(ws, id, 'error').length === 1), 5000, () => JSON.stringify(ws.messages));
    expect(of(ws, 'syntax', 'error')[0].payload[0].message).toMatch(/Syntax Error/);
    expect(of(ws, 'invalid', 'error')[0].payload[0].message).toMatch(/noSuchField/);

    const posted = await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "still here?") { __typename } }`, {}, { token: rita });
    expect(posted.data?.postComment.__typename).toBe('MutationPostCommentSuccess');
    await waitUntil(() => of(ws, 'live', 'next').length >= 1 && of(ws, 'unnamed', 'next').length >= 1, 10_000, () => JSON.stringify(ws.messages));
    expect(of(ws, 'live', 'next')[0].payload.data.reviewEvents.type).toBe('thread.comment_posted');
    expect(ws.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("should hold SSE subscriptions to the user's budget shared with graphql-ws", async () => {
    const perUser = SUBSCRIPTION_LIMITS.perUser;
    const perConnection = SUBSCRIPTION_LIMITS.perConnection;
    const after = await now();
    // Rita fills her whole budget over graphql-ws: four connections of 25.
    const full: Raw[] = [];
    for (let c = 0; c < perUser / perConnection; c++) {
      const ws = await connect(rita);
      for (let i = 0; i < perConnection; i++) subscribe(ws, `q${i}`, QUEUE, { after });
      full.push(ws);
    }
    await queueEvent();
    await waitUntil(() => full.every((ws) => ws.messages.filter((m) => m.type === 'next').length === perConnection), 15_000, () => 'not all 100 delivered');

    // Over HTTP she gets no 101st; another reviewer is not affected.
    const refused = await sse(QUEUE, {}, rita);
    await refused.waitEnded();
    expect(refused.results[0]?.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    const ivans = await sse(QUEUE, { after: await now() }, ivan);

    // One graphql-ws subscription ends: the stream may take its place, and then holds it.
    full[0]!.send({ id: 'q0', type: 'complete' });
    const accepted = await retryUntilAccepted(async () => sse(QUEUE, { after: await now() }, rita));
    subscribe(full[0]!, 'over', QUEUE, {});
    await waitUntil(() => of(full[0]!, 'over', 'error').length === 1, 5000, () => JSON.stringify(of(full[0]!, 'over', 'next')));
    expect(of(full[0]!, 'over', 'error')[0].payload[0].extensions.code).toBe('TOO_MANY_SUBSCRIPTIONS');

    await queueEvent();
    await accepted.waitFor(1);
    await ivans.waitFor(1);
    expect(accepted.results[0]?.data?.queueEvents.type).toBe('version.assigned');

    // The browser tab goes away: its slot comes back.
    await accepted.close();
    const back = await retryWsUntilAccepted(full[0]!, await now());
    await queueEvent();
    await waitUntil(() => of(full[0]!, back, 'next').length === 1, 10_000, () => JSON.stringify(of(full[0]!, back, 'error')));

    // Closed sockets give back every slot they held.
    for (const ws of full) ws.socket.close();
    await Promise.all(full.map((ws) => ws.closed));
    const again = await retryUntilAccepted(async () => sse(QUEUE, { after: await now() }, rita));
    await again.close();
  });

  /** A freed slot is freed when the server has processed the message: try again briefly. */
  async function retryUntilAccepted(open: () => Promise<SseSubscription>): Promise<SseSubscription> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const stream = await open();
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (!stream.ended) return stream;
      if (Date.now() > deadline) throw new Error(`still refused: ${JSON.stringify(stream.results)}`);
    }
  }

  /** Subscribes to the queue until the server no longer refuses it; returns the accepted id. */
  async function retryWsUntilAccepted(ws: Raw, after: string): Promise<string> {
    const deadline = Date.now() + 5000;
    for (let attempt = 0; ; attempt++) {
      const id = `retry${attempt}`;
      subscribe(ws, id, QUEUE, { after });
      await new Promise((resolve) => setTimeout(resolve, 150));
      if (of(ws, id, 'error').length === 0) return id;
      if (Date.now() > deadline) throw new Error(`still refused: ${JSON.stringify(of(ws, id, 'error'))}`);
    }
  }

  it('should refuse queueEvents to a partner when subscribing, with the FORBIDDEN that HTTP gives', async () => {
    const http = await gql(server.url, '{ moderationQueue(first: 1) { edges { cursor } } }', {}, { token: anna });
    expect(http.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // No queue event happens: the refusal comes from subscribing alone.
    const ws = collect(client(anna), QUEUE);
    await ws.ended(3000);
    expect(ws.items).toEqual([]);
    expect(ws.errors).toMatchObject([{ message: http.errors?.[0]?.message.replace('Query.moderationQueue', 'Subscription.queueEvents'), extensions: { code: 'FORBIDDEN' } }]);

    const overSse = await sse(QUEUE, {}, anna);
    await overSse.waitEnded(3000);
    expect(overSse.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Staff still subscribe.
    const staff = collect(client(rita), QUEUE, { after: await now() });
    await queueEvent();
    await staff.waitFor(1);
    staff.stop();
  });

  it("should answer NOT_FOUND alike for another partner's id, an id of nothing, a wrong type and garbage, as HTTP does", async () => {
    const { versionId, appId } = await acmePay();
    const ids = {
      "another partner's": versionId,
      'nothing (well-formed)': globalId('AppVersion', 'c0000000000000000000000000'),
      'a thread id': globalId('Thread', 'c0000000000000000000000000'),
      garbage: 'not an id!',
    };
    const olgaWs = client(olga);
    for (const [what, id] of Object.entries(ids)) {
      const http = await gql(server.url, `mutation ($id: ID!) { withdrawVersion(versionId: $id) { __typename } }`, { id }, { token: olga });
      expect(http.data?.withdrawVersion.__typename, what).toBe('NotFoundError');

      const review = collect(olgaWs, REVIEW, { id });
      const app = collect(olgaWs, 'subscription ($id: ID!) { appEvents(appId: $id) { cursor } }', { id: what === "another partner's" ? appId : id });
      await Promise.all([review.ended(3000), app.ended(3000)]);
      expect(review.errors, what).toMatchObject([{ message: 'No such version', extensions: { code: 'NOT_FOUND' } }]);
      expect(app.errors, what).toMatchObject([{ message: 'No such app', extensions: { code: 'NOT_FOUND' } }]);
    }
    const overSse = await sse(REVIEW, { id: versionId }, olga);
    await overSse.waitEnded(3000);
    expect(overSse.results[0]?.errors?.[0]).toMatchObject({ message: 'No such version', extensions: { code: 'NOT_FOUND' } });
  });

  it('should close with 4403 when a subscription arrives after the session expired, as a connect would', async () => {
    const user = await server.prisma.user.findUniqueOrThrow({ where: { email: 'anna@acme.dev' } });
    const session = await server.prisma.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 2000) } });
    const shortLived = await signSessionToken(session, new TextEncoder().encode(JWT_SECRET));
    const expiresAt = JSON.parse(Buffer.from(shortLived.split('.')[1]!, 'base64url').toString()).exp * 1000;
    const ws = await connect(shortLived);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 100));
    const { versionId } = await acmePay();
    subscribe(ws, 'late', REVIEW, { id: versionId });
    expect((await ws.closed).code).toBe(4403);
  });

  function client(token: string) {
    const c = wsClient(server.url, { authorization: `Bearer ${token}` });
    clients.push(c);
    return c;
  }
});
