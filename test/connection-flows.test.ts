import { createHmac } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WEBHOOK_SECRET } from '../server/src/db/demo-fixture.js';
import { signedHeaders } from '../server/src/webhooks/signing.js';
import { startDemoModule } from './helpers/demo-module.js';
import { gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// Connect's two halves over HTTP: the connection page's address comes only from the registered URL,
// and a simple connection issues a key, calls the module's configuration URL (here a module under
// the test's control) and installs only when the module answers; every refusal changes nothing.

type Mode = 'ok' | 'fail' | 'hang' | 'not-json';

/** Standard Webhooks, from the spec: a `v1,` HMAC-SHA256 (key: base64 after `whsec_`) of `id.timestamp.body`. */
function signatureValid(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`).digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe.each(await serverBackends())('connection flows on %s', async (backend) => {
  let server: TestServer;
  let moduleServer: http.Server;
  let moduleUrl: string;
  let mode: Mode = 'ok';
  const calls: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let misha: string;
  let olga: string;
  let magazin: string;

  beforeAll(async () => {
    moduleServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        calls.push({ headers: req.headers, body });
        if (mode === 'hang') return; // never answers: Vetline's timeout must end it
        if (mode === 'fail') return void res.writeHead(500).end('boom');
        if (mode === 'not-json') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('fine');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ surveyAfterDays: 5 }));
      });
    });
    await new Promise<void>((resolve) => moduleServer.listen(0, '127.0.0.1', resolve));
    moduleUrl = `http://127.0.0.1:${(moduleServer.address() as { port: number }).port}`;
    server = await startTestServer({
      backend,
      env: { VETLINE_DEMO_MODULE_URL: moduleUrl, VETLINE_WEBHOOK_ALLOW_PRIVATE: 'true', VETLINE_WEBHOOK_TIMEOUT_MS: '1500' },
    });
    [misha, olga] = await Promise.all([login(server.url, 'misha@magazin.shop'), login(server.url, 'olga@nordlys.dev')]);
    magazin = (await server.prisma.account.findFirstOrThrow({ where: { name: 'Магазин у дома' } })).id;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    moduleServer?.closeAllConnections();
    await new Promise((resolve) => moduleServer?.close(resolve));
  });

  const PAGE = `query ($code: String!) { connectionPage(code: $code) {
    __typename ... on QueryConnectionPageSuccess { data } ... on Error { message } ... on ActionRefused { reasons { code } } } }`;
  const SIMPLE = `mutation ($code: String!, $scopes: [String!]!) { connectSimply(code: $code, consentedScopes: $scopes) {
    __typename ... on Error { message } ... on ActionRefused { reasons { code message } } ... on ValidationError { problems { field message } }
    ... on MutationConnectSimplySuccess { data { id status grantedScopes settings } } } }`;
  const snapshot = async () => ({
    events: await server.prisma.event.count(),
    installations: await server.prisma.installation.findMany({ orderBy: { id: 'asc' } }),
    keys: await server.prisma.apiKey.findMany({ orderBy: { id: 'asc' } }),
  });

  it("should give only the live version's registered connection page, with the account's address", async () => {
    const live = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'LIVE', app: { code: 'nordlys-pickup' } } });
    const answer = (await gql(server.url, PAGE, { code: 'nordlys-pickup' }, { token: misha })).data!.connectionPage;
    expect(answer).toEqual({ __typename: 'QueryConnectionPageSuccess', data: `${live.connectionUrl}?account=${magazin}` });
    expect(answer.data.startsWith(`${moduleUrl}/connect/nordlys-pickup?`)).toBe(true);
    const code = async (app: string, auth: { token?: string; apiKey?: string }) => (await gql(server.url, PAGE, { code: app }, auth)).data!.connectionPage;
    expect((await code('nordlys-survey', { token: misha })).reasons).toEqual([{ code: 'WRONG_CONNECTION_METHOD' }]);
    expect((await code('no-such-app', { token: misha })).__typename).toBe('NotFoundError');
    expect((await code('nordlys-sms', { token: misha })).__typename).toBe('NotFoundError'); // suspended, though installed
    expect((await code('nordlys-crm', { token: misha })).__typename).toBe('ValidationError'); // connected already
    expect((await code('acme-coupons', { token: misha })).reasons).toEqual([{ code: 'COUNTRY_NOT_SERVED' }]);
    expect((await code('nordlys-pickup', { token: olga })).__typename).toBe('ForbiddenError');
    expect((await code('nordlys-pickup', {})).__typename).toBe('ForbiddenError');
  });

  it('should refuse consent that is not exactly what the app requests, and the wrong method, creating nothing', async () => {
    const before = await snapshot();
    for (const scopes of [['orders.read'], ['orders.read', 'messages.send', 'customers.write'], []]) {
      const answer = (await gql(server.url, SIMPLE, { code: 'nordlys-survey', scopes }, { token: misha })).data!.connectSimply;
      expect(answer.__typename, JSON.stringify(scopes)).toBe('ValidationError');
    }
    const pickup = (await gql(server.url, SIMPLE, { code: 'nordlys-pickup', scopes: ['delivery.write', 'orders.read'] }, { token: misha })).data!.connectSimply;
    expect(pickup.reasons.map((r: { code: string }) => r.code)).toEqual(['WRONG_CONNECTION_METHOD']);
    expect((await gql(server.url, SIMPLE, { code: 'nordlys-survey', scopes: ['orders.read', 'messages.send'] }, { token: olga })).data!.connectSimply.__typename).toBe('ForbiddenError');
    expect(calls).toHaveLength(0);
    expect(await snapshot()).toEqual(before);
  });

  it.each(['fail', 'hang', 'not-json'] as const)('should revoke the key and install nothing when the module answers %s, without hanging', async (failure) => {
    mode = failure;
    const before = await snapshot();
    const answer = (await gql(server.url, SIMPLE, { code: 'nordlys-survey', scopes: ['messages.send', 'orders.read'] }, { token: misha })).data!.connectSimply;
    expect(answer.__typename).toBe('ActionRefusedError');
    expect(answer.reasons.map((r: { code: string }) => r.code)).toEqual(['MODULE_FAILED']);
    const after = await snapshot();
    expect(after.installations).toEqual(before.installations);
    const issued = after.keys.filter((key) => !before.keys.some((k) => k.id === key.id));
    expect(issued).toHaveLength(1);
    expect(issued[0]!.revokedAt).not.toBeNull();
    const types = (await server.prisma.event.findMany({ orderBy: { id: 'desc' }, take: 2 })).map((e) => e.type).reverse();
    expect(types).toEqual(['account.api_key_created', 'account.api_key_revoked']);
  });

  it("should issue a key with exactly the live permissions, signed to the module, and install with the module's settings", async () => {
    mode = 'ok';
    calls.length = 0;
    const answer = (await gql(server.url, SIMPLE, { code: 'nordlys-survey', scopes: ['orders.read', 'messages.send'] }, { token: misha })).data!.connectSimply;
    expect(answer).toMatchObject({ __typename: 'MutationConnectSimplySuccess', data: { status: 'ACTIVE', grantedScopes: ['messages.send', 'orders.read'], settings: { surveyAfterDays: 5 } } });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    // Signed as a webhook with the partner's secret: a Standard Webhooks verifier accepts it.
    expect(signatureValid(DEMO_WEBHOOK_SECRET, call.headers, call.body)).toBe(true);
    const verified = JSON.parse(call.body) as { type: string; data: { account: string; apiKey: string } };
    expect(verified.type).toBe('installation.configure');
    expect(verified.data.account).toBe(magazin);
    const credentials = await gql(server.url, '{ apiCredentials { ... on QueryApiCredentialsSuccess { data { account scopes } } } }', {}, { apiKey: verified.data.apiKey });
    expect(credentials.data!.apiCredentials.data).toEqual({ account: magazin, scopes: ['messages.send', 'orders.read'] });

    // Disconnecting revokes the installation's key at once.
    const disconnected = await gql(server.url, 'mutation { disconnectApp(code: "nordlys-survey") { __typename } }', {}, { token: misha });
    expect(disconnected.data!.disconnectApp.__typename).toBe('MutationDisconnectAppSuccess');
    expect((await gql(server.url, '{ apiCredentials { __typename } }', {}, { apiKey: verified.data.apiKey })).status).toBe(401);
  });

  it("should have the demo module refuse replayed, expired and forged signatures and malformed account addresses", async () => {
    const demo = await startDemoModule(server.url);
    try {
      const post = (headers: Record<string, string>, body: string) =>
        fetch(`${demo.url}/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const body = JSON.stringify({ type: 'installation.connected', timestamp: new Date().toISOString(), data: {} });
      const signed = signedHeaders('msg_test_1', body, [DEMO_WEBHOOK_SECRET]);
      expect((await post(signed, body)).status).toBe(204);
      expect((await post(signed, body)).status).toBe(401); // replayed
      const stale = signedHeaders('msg_test_2', body, [DEMO_WEBHOOK_SECRET], new Date(Date.now() - 10 * 60_000));
      expect((await post(stale, body)).status).toBe(401);
      const forged = signedHeaders('msg_test_3', body, ['whsec_' + Buffer.from('another secret of 32 bytes......').toString('base64')]);
      expect((await post(forged, body)).status).toBe(401);
      expect((await post(signedHeaders('msg_test_4', body, [DEMO_WEBHOOK_SECRET]), `${body} `)).status).toBe(401); // body changed
      const listed = await (await fetch(`${demo.url}/webhooks`)).text();
      expect(listed).toContain('replayed');
      expect(listed).toContain('too old');
      // The connection page validates the account address it is given.
      expect((await fetch(`${demo.url}/connect/nordlys-pickup?account=${encodeURIComponent('"><script>x</script>')}`)).status).toBe(400);
      const form = await fetch(`${demo.url}/connect/nordlys-pickup`, { method: 'POST', body: new URLSearchParams({ account: 'bad address', apiKey: 'vl_module_x' }) });
      expect(form.status).toBe(400);
      expect(await form.text()).toContain('not an account address');
    } finally {
      await demo.stop();
    }
  });
});
