import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, gql, login } from './helpers/graphql.js';
import { postgresAvailable } from './helpers/postgres.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { wsClient } from './helpers/ws.js';

// Concurrent copies of one state change on PostgreSQL (a real pool of connections, unlike PGlite's
// one session): exactly one takes effect and records one event; the others are refused.

const available = await postgresAvailable();
const N = 20;

describe.runIf(available)('concurrent state changes on PostgreSQL', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ backend: 'postgres' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** POSTs one mutation field, optionally with an Idempotency-Key header; returns the field's result. */
  async function mutate(field: string, args: string, auth: { token?: string; apiKey?: string }, key?: string) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
        ...(auth.apiKey ? { 'x-api-key': auth.apiKey } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify({ query: `mutation { r: ${field}(${args}) { __typename ... on Error { message } ... on ${successType(field)} { data { id } } } }` }),
    });
    const body = (await response.json()) as { data?: { r: { __typename: string; data?: { id: string } } }; errors?: unknown };
    if (!body.data) throw new Error(`${field}: ${JSON.stringify(body)}`);
    return body.data.r;
  }
  const successType = (field: string) => `Mutation${field[0]!.toUpperCase()}${field.slice(1)}Success`;
  const successes = (results: { __typename: string }[]) => results.filter((r) => r.__typename.endsWith('Success'));
  const events = (type: string, where: { versionId?: string; appId?: string } = {}) => server.prisma.event.count({ where: { type, ...where } });
  const race = <T>(call: () => Promise<T>) => Promise.all(Array.from({ length: N }, call));

  async function memberToken(partnerId: string) {
    const member = await server.prisma.membership.findFirstOrThrow({ where: { partnerId }, include: { user: true } });
    return login(server.url, member.user.email);
  }

  it('should let exactly one of 20 concurrent claims take a review, with one event', async () => {
    const version = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'SUBMITTED', assigneeId: null } });
    const rita = await login(server.url, 'rita@vetline.dev');
    const results = await race(() => mutate('claimReview', `versionId: "${globalId('AppVersion', version.id)}"`, { token: rita }));
    expect(successes(results)).toHaveLength(1);
    expect(await events('version.claimed', { versionId: version.id })).toBe(1);
  });

  it('should let exactly one of 20 concurrent submissions start a review round', async () => {
    const candidates = await server.prisma.appVersion.findMany({ where: { status: { in: ['DRAFT', 'CHANGES_REQUESTED'] }, app: { deletedAt: null } } });
    let submitted = false;
    for (const version of candidates) {
      const token = await memberToken((await server.prisma.app.findUniqueOrThrow({ where: { id: version.appId } })).partnerId);
      const id = globalId('AppVersion', version.id);
      const can = await gql(server.url, `{ node(id: "${id}") { ... on AppVersion { viewerCan { submit { allowed } } } } }`, {}, { token });
      if (!can.data?.node?.viewerCan.submit.allowed) continue;
      const rounds = await server.prisma.reviewRound.count({ where: { versionId: version.id } });
      const before = await events('version.submitted', { versionId: version.id });
      const results = await race(() => mutate('submitVersion', `versionId: "${id}"`, { token }));
      expect(successes(results)).toHaveLength(1);
      expect(await events('version.submitted', { versionId: version.id })).toBe(before + 1);
      expect(await server.prisma.reviewRound.count({ where: { versionId: version.id } })).toBe(rounds + 1);
      submitted = true;
      break;
    }
    expect(submitted).toBe(true);
  });

  it('should let exactly one of 20 concurrent releases make a version live, superseding once', async () => {
    const version = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'APPROVED', app: { deletedAt: null } }, include: { app: true } });
    const token = await memberToken(version.app.partnerId);
    const results = await race(() => mutate('releaseVersion', `versionId: "${globalId('AppVersion', version.id)}"`, { token }));
    expect(successes(results)).toHaveLength(1);
    expect(await events('version.released', { versionId: version.id })).toBe(1);
    expect(await server.prisma.appVersion.count({ where: { appId: version.appId, status: 'LIVE' } })).toBe(1);
  });

  it('should connect once and disconnect once under 20 concurrent calls each, and return the first connection to a retried key', async () => {
    // What the account's catalog offers is what it may install.
    const offered = await gql(server.url, '{ catalog(first: 100) { edges { node { code } } } }', {}, { apiKey: 'vl_account_corner_shop' });
    const app = await server.prisma.app.findFirstOrThrow({
      where: {
        code: { in: offered.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code) },
        installations: { none: { account: { name: 'Corner Shop' }, disconnectedAt: null } },
      },
      include: { versions: { where: { status: 'LIVE' }, include: { scopes: true } } },
    });
    const scopes = JSON.stringify(app.versions[0]!.scopes.map((s) => s.scopeKey));
    const auth = { apiKey: 'vl_account_corner_shop' };
    const connect = (key?: string) => mutate('connectApp', `code: "${app.code}", grantedScopes: ${scopes}`, auth, key);
    const active = () => server.prisma.installation.count({ where: { appId: app.id, account: { name: 'Corner Shop' }, disconnectedAt: null } });

    const connected = await race(() => connect());
    expect(successes(connected), JSON.stringify(connected[0])).toHaveLength(1);
    expect(await active()).toBe(1);
    expect(await events('installation.connected', { appId: app.id })).toBe(1);

    const disconnected = await race(() => mutate('disconnectApp', `code: "${app.code}"`, auth));
    expect(successes(disconnected)).toHaveLength(1);
    expect(await active()).toBe(0);
    expect(await events('installation.disconnected', { appId: app.id })).toBe(1);
    const [row] = await server.prisma.installation.findMany({ where: { appId: app.id, account: { name: 'Corner Shop' } } });
    expect(row!.disconnectedAt).not.toBeNull();

    // Twenty retries of one key, at once: one installation, and every answer names it.
    const retried = await race(() => connect('connect-corner-shop-1'));
    const ids = new Set(retried.map((r) => r.data?.id));
    expect(successes(retried)).toHaveLength(N);
    expect(ids.size).toBe(1);
    expect(await active()).toBe(1);
    expect(await events('installation.connected', { appId: app.id })).toBe(2);
    // A later retry still answers with the first result, not "already connected".
    expect((await connect('connect-corner-shop-1')).data?.id).toBe([...ids][0]);
    // A new key is a new attempt.
    expect((await connect('connect-corner-shop-2')).__typename).toBe('ValidationError');
  });

  it('should create one app for 20 concurrent createApp calls with one code, and one per idempotency key on retries', async () => {
    const anna = await login(server.url, 'anna@acme.dev');
    const results = await race(() => mutate('createApp', 'code: "race-one-code", name: "Race"', { token: anna }));
    expect(successes(results)).toHaveLength(1);
    expect(results.filter((r) => r.__typename === 'ValidationError')).toHaveLength(N - 1);
    expect(await server.prisma.app.count({ where: { code: 'race-one-code' } })).toBe(1);
    expect(await events('app.created', { appId: (await server.prisma.app.findUniqueOrThrow({ where: { code: 'race-one-code' } })).id })).toBe(1);

    // A retry whose first answer was lost: same key, same app, no "code taken".
    const first = await mutate('createApp', 'code: "race-keyed", name: "Keyed"', { token: anna }, 'create-race-keyed');
    const again = await race(() => mutate('createApp', 'code: "race-keyed", name: "Keyed"', { token: anna }, 'create-race-keyed'));
    expect(again.map((r) => r.data?.id)).toEqual(Array(N).fill(first.data!.id));
    expect(await server.prisma.app.count({ where: { code: 'race-keyed' } })).toBe(1);

    // The key belongs to its viewer and its operation.
    const max = await login(server.url, 'max@acme.dev');
    expect((await mutate('createApp', 'code: "race-keyed", name: "Keyed"', { token: max }, 'create-race-keyed')).__typename).toBe('ValidationError');
    const thread = await server.prisma.thread.findFirstOrThrow({ where: { status: 'OPEN', version: { app: { partner: { slug: 'acme' } } } } });
    const otherOperation = await mutate('postComment', `threadId: "${globalId('Thread', thread.id)}", body: "x"`, { token: anna }, 'create-race-keyed');
    expect(otherOperation).toMatchObject({ __typename: 'ValidationError', message: expect.stringContaining('already used for createApp') });
  });

  it('should post one comment for concurrent retries of postComment with one key', async () => {
    const thread = await server.prisma.thread.findFirstOrThrow({ where: { status: 'OPEN' }, include: { version: { include: { app: true } } } });
    const token = await memberToken(thread.version.app.partnerId);
    const before = await server.prisma.comment.count({ where: { threadId: thread.id } });
    const results = await race(() => mutate('postComment', `threadId: "${globalId('Thread', thread.id)}", body: "once"`, { token }, 'comment-once'));
    expect(new Set(results.map((r) => r.data?.id)).size).toBe(1);
    expect(await server.prisma.comment.count({ where: { threadId: thread.id } })).toBe(before + 1);
    expect(await events('thread.comment_posted', { versionId: thread.versionId })).toBeGreaterThanOrEqual(1);
  });

  it('should return the first result to retries over graphql-ws that carry the key in extensions', async () => {
    const anna = await login(server.url, 'anna@acme.dev');
    const sockets = [wsClient(server.url, { authorization: `Bearer ${anna}` }), wsClient(server.url, { authorization: `Bearer ${anna}` })];
    const query = `mutation { r: createApp(code: "race-ws-keyed", name: "Keyed over WebSocket") {
      __typename ... on Error { message } ... on MutationCreateAppSuccess { data { id } } } }`;
    /** Runs the mutation over one socket with the given extensions; the field's result, or the errors. */
    type Result = { __typename: string; data?: { id: string }; errors?: { extensions?: { code?: string } }[] };
    const run = async (socket: number, extensions: Record<string, unknown>): Promise<Result> => {
      try {
        for await (const result of sockets[socket]!.iterate<{ r: Result }>({ query, extensions })) return result.data!.r;
      } catch (errors) {
        // An `error` message for the operation: graphql-ws rejects with its errors.
        return { __typename: 'errors', errors: errors as Result['errors'] };
      }
      throw new Error('no result');
    };
    // The lazy clients close idle sockets normally (1000); the server must never close one.
    const abnormal: number[] = [];
    for (const socket of sockets) socket.on('closed', (event) => (event as { code: number }).code !== 1000 && abnormal.push((event as { code: number }).code));
    try {
      // Twenty retries at once, over two sockets (a reconnecting client): one app, one answer.
      const retried = await race(() => run(Math.round(Math.random()), { idempotencyKey: 'create-over-ws' }));
      expect(successes(retried), JSON.stringify(retried[0])).toHaveLength(N);
      expect(new Set(retried.map((r) => r.data?.id)).size).toBe(1);
      expect(await server.prisma.app.count({ where: { code: 'race-ws-keyed' } })).toBe(1);
      // The key is the viewer's, whatever the transport: HTTP with the same key gets the same app.
      const overHttp = await mutate('createApp', 'code: "race-ws-keyed", name: "Keyed over WebSocket"', { token: anna }, 'create-over-ws');
      expect(overHttp.data?.id).toBe(retried[0]!.data?.id);
      // Without a key it is a new attempt: the code is taken.
      expect((await run(0, {})).__typename).toBe('ValidationError');
      // A malformed key refuses that operation only; the socket carries on.
      const bad = await run(1, { idempotencyKey: 'x'.repeat(300) });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect((await run(1, { idempotencyKey: 'create-over-ws' })).data?.id).toBe(retried[0]!.data?.id);
      expect(abnormal).toEqual([]);
    } finally {
      await Promise.all(sockets.map((socket) => socket.dispose()));
    }
  });
});
