import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// A simple connection retried with an Idempotency-Key happens once; the account's signed-in
// administrator is the actor of the installation events they cause; and the module's address is
// checked when the marketplace calls it, refusing a name that resolves to loopback.

/** A module under the test's control: counts configuration calls (not webhooks), answers settings. */
async function startModule() {
  const calls: string[] = [];
  /** While set, configuration calls wait for it before answering. */
  let gate: Promise<void> | null = null;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      // The demo seed points Nordlys' webhooks here too: only the configuration calls count.
      if (!body.includes('"type":"installation.configure"')) return void res.writeHead(204).end();
      calls.push(body);
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ surveyAfterDays: 3 }));
      if (gate) void gate.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    calls,
    port,
    /** Holds configuration calls until the returned function is called. */
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const SIMPLE = `mutation ($code: String!, $scopes: [String!]!, $key: String) { connectSimply(code: $code, consentedScopes: $scopes, idempotencyKey: $key) {
  __typename ... on Error { message } ... on ActionRefused { reasons { code message } } ... on ValidationError { problems { field message } }
  ... on MutationConnectSimplySuccess { data { id status grantedScopes settings } } } }`;

/** POSTs `connectSimply` with the key in the `Idempotency-Key` header. */
async function connectWithHeader(url: string, auth: { token?: string; apiKey?: string }, key: string, scopes: string[], code = 'nordlys-survey') {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key,
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(auth.apiKey ? { 'x-api-key': auth.apiKey } : {}),
    },
    body: JSON.stringify({ query: SIMPLE, variables: { code, scopes } }),
  });
  return ((await response.json()) as { data: { connectSimply: Record<string, any> } }).data.connectSimply;
}

describe.each(await serverBackends())('simple connection: idempotency and actors on %s', async (backend) => {
  let server: TestServer;
  let module: Awaited<ReturnType<typeof startModule>>;
  let misha: string;

  beforeAll(async () => {
    module = await startModule();
    server = await startTestServer({
      backend,
      env: { VETLINE_DEMO_MODULE_URL: `http://127.0.0.1:${module.port}`, VETLINE_WEBHOOK_ALLOW_PRIVATE: 'true', VETLINE_WEBHOOK_TIMEOUT_MS: '1500' },
    });
    misha = await login(server.url, 'misha@magazin.shop');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await module?.close();
  });

  const snapshot = async () => ({
    installations: await server.prisma.installation.findMany({ orderBy: { id: 'asc' } }),
    keys: await server.prisma.apiKey.findMany({ orderBy: { id: 'asc' } }),
    events: await server.prisma.event.count(),
  });

  it('should connect once for one Idempotency-Key, whether the header or the argument carries it and whoever of the account sends it', async () => {
    const before = await snapshot();
    const first = await connectWithHeader(server.url, { token: misha }, 'connect-survey-1', ['orders.read', 'messages.send']);
    expect(first).toMatchObject({ __typename: 'MutationConnectSimplySuccess', data: { status: 'ACTIVE', settings: { surveyAfterDays: 3 } } });
    expect(module.calls).toHaveLength(1);
    const afterFirst = await snapshot();
    expect(afterFirst.installations).toHaveLength(before.installations.length + 1);
    expect(afterFirst.keys).toHaveLength(before.keys.length + 1);

    // The same key and input (scopes in another order): the first installation, no second call or key.
    const again = await connectWithHeader(server.url, { token: misha }, 'connect-survey-1', ['messages.send', 'orders.read']);
    expect(again).toEqual(first);
    // The key belongs to the account: its API key sending it gets the same answer.
    const byKey = await connectWithHeader(server.url, { apiKey: 'vl_account_magazin' }, 'connect-survey-1', ['orders.read', 'messages.send']);
    expect(byKey.data.id).toBe(first.data.id);
    const byArgument = (await gql(server.url, SIMPLE, { code: 'nordlys-survey', scopes: ['orders.read', 'messages.send'], key: 'connect-survey-1' }, { token: misha })).data!.connectSimply;
    expect(byArgument.data.id).toBe(first.data.id);
    expect(module.calls).toHaveLength(1);
    expect(await snapshot()).toEqual(afterFirst);

    // The same key with other input: a typed error, nothing changed, the module not called.
    const other = await connectWithHeader(server.url, { token: misha }, 'connect-survey-1', ['orders.read']);
    expect(other.__typename).toBe('ValidationError');
    expect(other.problems[0].field).toBe('Idempotency-Key');
    const otherApp = await connectWithHeader(server.url, { token: misha }, 'connect-survey-1', ['orders.read', 'messages.send'], 'nordlys-pickup');
    expect(otherApp.__typename).toBe('ValidationError');
    expect(module.calls).toHaveLength(1);
    expect(await snapshot()).toEqual(afterFirst);

    // Header and argument that disagree: refused before anything runs.
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'connect-survey-1', authorization: `Bearer ${misha}` },
      body: JSON.stringify({ query: SIMPLE, variables: { code: 'nordlys-survey', scopes: ['orders.read', 'messages.send'], key: 'another' } }),
    });
    const mismatch = ((await response.json()) as { data: { connectSimply: { __typename: string; problems: { field: string }[] } } }).data.connectSimply;
    expect(mismatch).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'idempotencyKey' }] });

    // Kept 24 hours.
    const stored = await server.prisma.idempotencyKey.findFirstOrThrow({ where: { key: 'connect-survey-1' } });
    expect(stored.viewer).toBe(`account:${afterFirst.installations.at(-1)!.accountId}`);
    expect(stored.resultId).toBe(afterFirst.installations.find((i) => !before.installations.some((b) => b.id === i.id))!.id);
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('should refuse a second request with the key while the first still waits for the module, then give the first result', async () => {
    // Nordlys Survey is connected by the first test: disconnect it to connect again.
    const disconnected = await gql(server.url, 'mutation { disconnectApp(code: "nordlys-survey") { __typename } }', {}, { token: misha });
    expect(disconnected.data!.disconnectApp.__typename).toBe('MutationDisconnectAppSuccess');
    const callsBefore = module.calls.length;
    const release = module.hold();
    const first = connectWithHeader(server.url, { token: misha }, 'connect-survey-2', ['orders.read', 'messages.send']);
    await expect.poll(() => module.calls.length, { timeout: 10_000 }).toBe(callsBefore + 1);
    const during = await connectWithHeader(server.url, { apiKey: 'vl_account_magazin' }, 'connect-survey-2', ['orders.read', 'messages.send']);
    expect(during.__typename).toBe('ActionRefusedError');
    expect(during.reasons.map((r: { code: string }) => r.code)).toEqual(['REQUEST_IN_PROGRESS']);
    release();
    const answer = await first;
    expect(answer.__typename).toBe('MutationConnectSimplySuccess');
    const after = await connectWithHeader(server.url, { apiKey: 'vl_account_magazin' }, 'connect-survey-2', ['orders.read', 'messages.send']);
    expect(after).toEqual(answer);
    expect(module.calls).toHaveLength(callsBefore + 1);
  });

  it('should record the signed-in administrator as the actor of connect, consent and disconnect', async () => {
    const mishaId = (await server.prisma.user.findUniqueOrThrow({ where: { email: 'misha@magazin.shop' } })).id;
    const latest = async (type: string) => server.prisma.event.findFirstOrThrow({ where: { type }, orderBy: { id: 'desc' } });

    // The installation the first test made by simple connection.
    const connected = await latest('installation.connected');
    expect(connected.actorId).toBe(mishaId);

    // A pending permission (as a new version would leave it), granted by Misha.
    const crm = await server.prisma.installation.findFirstOrThrow({ where: { app: { code: 'nordlys-crm' }, account: { name: 'Магазин у дома' }, disconnectedAt: null } });
    const [held, ...rest] = crm.grantedScopes;
    await server.prisma.installation.update({ where: { id: crm.id }, data: { grantedScopes: rest, pendingScopes: [held!] } });
    const granted = await gql(server.url, 'mutation ($s: [String!]!) { grantInstallationScopes(code: "nordlys-crm", scopes: $s) { __typename } }', { s: [held] }, { token: misha });
    expect(granted.data!.grantInstallationScopes.__typename).toBe('MutationGrantInstallationScopesSuccess');
    expect((await latest('installation.permissions_changed')).actorId).toBe(mishaId);

    // Disconnecting: the installation's event and its key's revocation name Misha.
    const disconnected = await gql(server.url, 'mutation { disconnectApp(code: "nordlys-survey") { __typename } }', {}, { token: misha });
    expect(disconnected.data!.disconnectApp.__typename).toBe('MutationDisconnectAppSuccess');
    expect((await latest('installation.disconnected')).actorId).toBe(mishaId);
    expect((await latest('account.api_key_revoked')).actorId).toBe(mishaId);

    // The history API shows the actor too.
    const history = await gql(
      server.url,
      '{ app(code: "nordlys-survey") { history(first: 50) { edges { node { type actor { name } } } } } }',
      {},
      { token: await login(server.url, 'olga@nordlys.dev') },
    );
    const nodes = (history.data?.app?.history?.edges ?? []).map((e: { node: { type: string; actor: { name: string } | null } }) => e.node);
    expect(nodes.filter((n: { type: string }) => n.type === 'installation.disconnected' || n.type === 'installation.connected').slice(0, 2)).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor: { name: 'Миша Лавкин' } })]),
    );

    // With the account's API key there is no person: no actor.
    await gql(server.url, SIMPLE, { code: 'nordlys-survey', scopes: ['orders.read', 'messages.send'] }, { apiKey: 'vl_account_magazin' });
    expect((await latest('installation.connected')).actorId).toBeNull();
  });

  it("should let only the partner's owners remove its webhook endpoint", async () => {
    const nordlys = await server.prisma.partner.findFirstOrThrow({ where: { name: { contains: 'Nordlys' } } });
    const partnerId = Buffer.from(`Partner:${nordlys.id}`).toString('base64');
    const REMOVE = 'mutation ($p: ID!) { removeWebhookEndpoint(partnerId: $p) { __typename ... on MutationRemoveWebhookEndpointSuccess { data } } }';
    const anna = await login(server.url, 'anna@acme.dev');
    expect((await gql(server.url, REMOVE, { p: partnerId }, { token: anna })).data!.removeWebhookEndpoint.__typename).toBe('NotFoundError');
    expect((await gql(server.url, REMOVE, { p: partnerId }, { token: misha })).data!.removeWebhookEndpoint.__typename).toBe('NotFoundError');
    expect(await server.prisma.webhookEndpoint.count({ where: { partnerId: nordlys.id } })).toBe(1);
    const olga = await login(server.url, 'olga@nordlys.dev');
    expect((await gql(server.url, REMOVE, { p: partnerId }, { token: olga })).data!.removeWebhookEndpoint).toEqual({
      __typename: 'MutationRemoveWebhookEndpointSuccess',
      data: partnerId,
    });
    expect(await server.prisma.webhookEndpoint.count({ where: { partnerId: nordlys.id } })).toBe(0);
    const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'partner.webhook_endpoint_set' }, orderBy: { id: 'desc' } });
    expect(event.payload).toMatchObject({ url: { new: null } });
    expect((await gql(server.url, REMOVE, { p: partnerId }, { token: olga })).data!.removeWebhookEndpoint.__typename).toBe('NotFoundError');
  });
});

describe.each(await serverBackends())("simple connection: the module's address checked at connect time on %s", async (backend) => {
  let server: TestServer;
  let module: Awaited<ReturnType<typeof startModule>>;
  let misha: string;

  beforeAll(async () => {
    module = await startModule();
    // `localhost` resolves to loopback; private addresses are not allowed here.
    server = await startTestServer({
      backend,
      env: { VETLINE_DEMO_MODULE_URL: `http://localhost:${module.port}`, VETLINE_WEBHOOK_ALLOW_PRIVATE: 'false', VETLINE_WEBHOOK_TIMEOUT_MS: '1500' },
    });
    misha = await login(server.url, 'misha@magazin.shop');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await module?.close();
  });

  it('should refuse a configuration URL whose host resolves to loopback, call nothing and install nothing', async () => {
    const live = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'LIVE', app: { code: 'nordlys-survey' } } });
    expect(new URL(live.connectionUrl!).hostname).toBe('localhost');
    const before = await server.prisma.installation.findMany({ orderBy: { id: 'asc' } });
    const answer = await connectWithHeader(server.url, { token: misha }, 'loopback-1', ['orders.read', 'messages.send']);
    expect(answer.__typename).toBe('ActionRefusedError');
    expect(answer.reasons.map((r: { code: string }) => r.code)).toEqual(['MODULE_ADDRESS_REFUSED']);
    expect(answer.reasons[0].message).toContain('127.0.0.1');
    expect(module.calls).toHaveLength(0);
    expect(await server.prisma.installation.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    // The key issued for the attempt is revoked, and the idempotency key freed for a retry.
    const issued = await server.prisma.apiKey.findFirstOrThrow({ where: { kind: 'MODULE', name: 'nordlys-survey (simple connection)' }, orderBy: { createdAt: 'desc' } });
    expect(issued.revokedAt).not.toBeNull();
    expect(await server.prisma.idempotencyKey.count({ where: { key: 'loopback-1' } })).toBe(0);
  });
});
