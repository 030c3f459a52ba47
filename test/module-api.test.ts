import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../server/src/auth/api-keys.js';
import { changesPublicReads } from '../server/src/cache/response-store.js';
import { availableWhere } from '../server/src/domain/states.js';
import { globalId, gql } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// The API a partner's module uses with a key the customer created for it: the account manages its
// keys, the module verifies its key (GraphQL and REST-compatible) and registers itself, creating
// the installation; every refusal changes nothing; a revoked key is refused at once.

const ADMIN = { corner: 'vl_account_corner_shop', magazin: 'vl_account_magazin', oldTown: 'vl_account_old_town' };

const CREATE_KEY = `mutation ($name: String!, $scopes: [String!]!) {
  createApiKey(name: $name, scopes: $scopes) {
    __typename
    ... on Error { message }
    ... on ValidationError { problems { field message } }
    ... on MutationCreateApiKeySuccess { data { secret apiKey { id name scopes revokedAt } } }
  }
}`;
const REVOKE_KEY = `mutation ($id: ID!) {
  revokeApiKey(id: $id) {
    __typename
    ... on Error { message }
    ... on ValidationError { problems { field message } }
    ... on MutationRevokeApiKeySuccess { data { id revokedAt } }
  }
}`;
const VERIFY = `{
  apiVersions { __typename ... on Error { message } ... on QueryApiVersionsSuccess { data { account current versions } } }
  apiCredentials { __typename ... on Error { message } ... on QueryApiCredentialsSuccess { data { account scopes } } }
}`;
const REGISTER = `mutation ($account: String!, $code: String!) {
  registerModule(account: $account, code: $code) {
    __typename
    ... on Error { message }
    ... on ValidationError { problems { field message } }
    ... on ActionRefused { reasons { code message } }
    ... on MutationRegisterModuleSuccess { data { id status grantedScopes pendingScopes app { code } account { id } } }
  }
}`;

/** Calls the REST-compatible module API. */
async function rest(baseUrl: string, method: 'GET' | 'POST', path: string, apiKey?: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(apiKey ? { 'x-api-key': apiKey } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Creates a module key with the account's administrator key; returns its secret and global id. */
async function createKey(url: string, adminKey: string, scopes: string[], name = 'Module key') {
  const result = await gql(url, CREATE_KEY, { name, scopes }, { apiKey: adminKey });
  const created = result.data?.createApiKey;
  if (created?.__typename !== 'MutationCreateApiKeySuccess') throw new Error(JSON.stringify(result));
  return { secret: created.data.secret as string, id: created.data.apiKey.id as string };
}

describe.each(await serverBackends())('module API on %s', async (backend) => {
  let server: TestServer;
  let accounts: Record<'corner' | 'magazin' | 'oldTown', string>;
  let pickupScopes: string[];

  beforeAll(async () => {
    server = await startTestServer({ backend });
    const byName = async (name: string) => (await server.prisma.account.findFirstOrThrow({ where: { name } })).id;
    accounts = { corner: await byName('Corner Shop'), magazin: await byName('Магазин у дома'), oldTown: await byName('Old Town Store') };
    const live = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'LIVE', app: { code: 'nordlys-pickup' } }, include: { scopes: true } });
    pickupScopes = live.scopes.map((s) => s.scopeKey).sort();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const snapshot = async () => ({
    events: await server.prisma.event.count(),
    installations: await server.prisma.installation.findMany({ orderBy: { id: 'asc' } }),
    apiKeys: await server.prisma.apiKey.findMany({ orderBy: { id: 'asc' } }),
  });

  it('should create a key carrying only known permissions, show its secret once and store only its hash', async () => {
    const before = await snapshot();
    const refused = await gql(server.url, CREATE_KEY, { name: 'Pickup', scopes: ['orders.read', 'no.such-scope'] }, { apiKey: ADMIN.magazin });
    expect(refused.data!.createApiKey).toEqual({
      __typename: 'ValidationError',
      message: expect.any(String),
      problems: [{ field: 'scopes.1', message: 'no.such-scope is not a permission the platform knows' }],
    });
    const problemsOf = async (name: string, scopes: string[]) =>
      (await gql(server.url, CREATE_KEY, { name, scopes }, { apiKey: ADMIN.magazin })).data!.createApiKey.problems;
    expect(await problemsOf(' ', ['orders.read'])).toEqual([{ field: 'name', message: 'must contain a visible character' }]);
    expect(await problemsOf('x'.repeat(121), ['orders.read'])).toEqual([{ field: 'name', message: 'must be at most 120 characters' }]);
    expect(await problemsOf('Pickup', [])).toEqual([{ field: 'scopes', message: 'name at least one permission' }]);
    // Only the account's administrator key manages keys: not the catalog's, not a signed-out caller.
    for (const auth of [{ apiKey: 'vl_catalog_demo' }, {}]) {
      expect((await gql(server.url, CREATE_KEY, { name: 'x', scopes: ['orders.read'] }, auth)).data!.createApiKey.__typename).toBe('ForbiddenError');
    }
    expect(await snapshot()).toEqual(before);

    const result = await gql(server.url, CREATE_KEY, { name: ' Pickup module ', scopes: ['orders.read', 'delivery.write', 'orders.read'] }, { apiKey: ADMIN.magazin });
    const created = result.data!.createApiKey.data;
    expect(created.apiKey).toMatchObject({ name: 'Pickup module', scopes: ['delivery.write', 'orders.read'], revokedAt: null });
    expect(created.secret).toMatch(/^vl_module_/);
    const stored = await server.prisma.apiKey.findFirstOrThrow({ where: { hash: hashApiKey(created.secret) } });
    expect(stored).toMatchObject({ kind: 'MODULE', accountId: accounts.magazin, scopes: ['delivery.write', 'orders.read'] });
    expect(JSON.stringify(await server.prisma.apiKey.findMany())).not.toContain(created.secret);

    // A module key is no administrator: it cannot create keys.
    expect((await gql(server.url, CREATE_KEY, { name: 'x', scopes: ['orders.read'] }, { apiKey: created.secret })).data!.createApiKey.__typename).toBe('ForbiddenError');
    // The account lists it; another account does not see it.
    const listed = await gql(server.url, '{ viewer { ... on Account { apiKeys { id name scopes } } } }', {}, { apiKey: ADMIN.magazin });
    expect(listed.data!.viewer.apiKeys).toContainEqual({ id: created.apiKey.id, name: 'Pickup module', scopes: ['delivery.write', 'orders.read'] });
    const foreign = await gql(server.url, 'query ($id: ID!) { node(id: $id) { id } }', { id: created.apiKey.id }, { apiKey: ADMIN.corner });
    expect(foreign.data!.node).toBeNull();
  });

  it("should tell a module the account's API versions and its key's permissions, alike over GraphQL and REST", async () => {
    const key = await createKey(server.url, ADMIN.magazin, ['orders.read', 'customers.write']);
    const account = await server.prisma.account.findUniqueOrThrow({ where: { id: accounts.magazin } });
    const versions = Array.from({ length: account.apiVersion }, (_, i) => i + 1);

    const graphql = await gql(server.url, VERIFY, {}, { apiKey: key.secret });
    expect(graphql.data).toEqual({
      apiVersions: { __typename: 'QueryApiVersionsSuccess', data: { account: account.id, current: account.apiVersion, versions } },
      apiCredentials: { __typename: 'QueryApiCredentialsSuccess', data: { account: account.id, scopes: ['customers.write', 'orders.read'] } },
    });
    expect(await rest(server.url, 'GET', '/api/api-versions', key.secret)).toEqual({
      status: 200,
      body: { success: true, ...graphql.data!.apiVersions.data },
    });
    expect(await rest(server.url, 'GET', '/api/credentials', key.secret)).toEqual({
      status: 200,
      body: { success: true, ...graphql.data!.apiCredentials.data },
    });

    // The administrator's key has API versions, but is no module's key; the catalog's has neither.
    const admin = await gql(server.url, VERIFY, {}, { apiKey: ADMIN.magazin });
    expect(admin.data!.apiVersions.data.versions).toEqual(versions);
    expect(admin.data!.apiCredentials.__typename).toBe('ForbiddenError');
    expect((await rest(server.url, 'GET', '/api/credentials', ADMIN.magazin)).status).toBe(403);
    expect((await rest(server.url, 'GET', '/api/api-versions', 'vl_catalog_demo')).status).toBe(403);
    // No key, an unknown key, a wrong method, an unknown route.
    expect(await rest(server.url, 'GET', '/api/credentials')).toEqual({ status: 401, body: { success: false, errorMsg: expect.stringContaining('X-API-KEY') } });
    expect((await rest(server.url, 'GET', '/api/credentials', 'vl_module_nonsense')).status).toBe(401);
    expect((await rest(server.url, 'POST', '/api/credentials', key.secret, {})).status).toBe(405);
    expect((await rest(server.url, 'GET', '/api/nothing-here', key.secret)).status).toBe(404);
  });

  it('should refuse every registration that does not fit, over GraphQL and REST alike, creating nothing', async () => {
    const fitting = await createKey(server.url, ADMIN.magazin, pickupScopes);
    const undeclared = await createKey(server.url, ADMIN.magazin, [...pickupScopes, 'customers.write']);
    const missing = await createKey(server.url, ADMIN.magazin, [pickupScopes[0]!]);
    const corner = await createKey(server.url, ADMIN.corner, pickupScopes);
    const unavailable = await server.prisma.app.findFirstOrThrow({ where: { NOT: availableWhere, deletedAt: null } });
    const cases: { key: string; account: string; code: string; typename: string; status: number; check?: (answer: any) => void }[] = [
      { key: fitting.secret, account: accounts.corner, code: 'nordlys-pickup', typename: 'ForbiddenError', status: 403 },
      { key: fitting.secret, account: 'no-such-account', code: 'nordlys-pickup', typename: 'ForbiddenError', status: 403 },
      { key: fitting.secret, account: accounts.magazin, code: 'no-such-app', typename: 'NotFoundError', status: 404 },
      { key: fitting.secret, account: accounts.magazin, code: unavailable.code, typename: 'NotFoundError', status: 404 },
      {
        key: undeclared.secret,
        account: accounts.magazin,
        code: 'nordlys-pickup',
        typename: 'ValidationError',
        status: 400,
        check: (answer) => expect(answer.problems ?? answer.errors).toBeTruthy(),
      },
      { key: missing.secret, account: accounts.magazin, code: 'nordlys-pickup', typename: 'ActionRefusedError', status: 409 },
      // Corner Shop is in a country the app does not serve.
      { key: corner.secret, account: accounts.corner, code: 'nordlys-pickup', typename: 'ActionRefusedError', status: 409 },
      // The administrator's key is not a module's.
      { key: ADMIN.magazin, account: accounts.magazin, code: 'nordlys-pickup', typename: 'ForbiddenError', status: 403 },
    ];
    const before = await snapshot();
    for (const c of cases) {
      const graphql = (await gql(server.url, REGISTER, { account: c.account, code: c.code }, { apiKey: c.key })).data!.registerModule;
      expect(graphql.__typename, JSON.stringify(c)).toBe(c.typename);
      const viaRest = await rest(server.url, 'POST', `/api/integration-modules/${encodeURIComponent(c.code)}/register`, c.key, { account: c.account });
      expect(viaRest, JSON.stringify(c)).toEqual({
        status: c.status,
        body: {
          success: false,
          errorMsg: graphql.message,
          ...(graphql.problems ? { errors: Object.fromEntries(graphql.problems.map((p: { field: string; message: string }) => [p.field, p.message])) } : {}),
          ...(graphql.reasons ? { reasons: graphql.reasons } : {}),
        },
      });
      c.check?.(graphql);
    }
    const declaredProblem = (await gql(server.url, REGISTER, { account: accounts.magazin, code: 'nordlys-pickup' }, { apiKey: undeclared.secret })).data!.registerModule;
    expect(declaredProblem.problems).toEqual([{ field: `key.scopes.${[...pickupScopes, 'customers.write'].sort().indexOf('customers.write')}`, message: "customers.write is not requested by the app's live version" }]);
    const missingReasons = (await gql(server.url, REGISTER, { account: accounts.magazin, code: 'nordlys-pickup' }, { apiKey: missing.secret })).data!.registerModule;
    expect(missingReasons.reasons.map((r: { code: string }) => r.code)).toEqual(['SCOPES_NOT_GRANTED']);
    // A form as modules post them is read alike.
    const form = await fetch(`${server.url}/api/integration-modules/no-such-app/register`, {
      method: 'POST',
      headers: { 'x-api-key': fitting.secret, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: accounts.magazin }).toString(),
    });
    expect(form.status).toBe(404);
    // A body without the account, or of another type, is refused before anything runs.
    expect((await rest(server.url, 'POST', '/api/integration-modules/nordlys-pickup/register', fitting.secret, {})).status).toBe(400);
    const text = await fetch(`${server.url}/api/integration-modules/nordlys-pickup/register`, {
      method: 'POST',
      headers: { 'x-api-key': fitting.secret, 'content-type': 'text/plain' },
      body: `account=${accounts.magazin}`,
    });
    expect(text.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("should register a module with a fitting key, granting exactly the key's permissions, once", async () => {
    const key = await createKey(server.url, ADMIN.magazin, pickupScopes);
    const before = await snapshot();
    const registered = await rest(server.url, 'POST', '/api/integration-modules/nordlys-pickup/register', key.secret, { account: accounts.magazin });
    expect(registered).toEqual({
      status: 201,
      body: {
        success: true,
        installation: {
          id: expect.any(String),
          status: 'ACTIVE',
          grantedScopes: pickupScopes,
          pendingScopes: [],
          connectedAt: expect.any(String),
          app: { code: 'nordlys-pickup' },
          account: { id: accounts.magazin },
        },
      },
    });
    const after = await snapshot();
    expect(after.installations).toHaveLength(before.installations.length + 1);
    expect(after.events).toBe(before.events + 1);
    const event = await server.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ type: 'installation.connected', payload: { accountId: accounts.magazin, grantedScopes: pickupScopes } });
    // The account sees it connected.
    const view = await gql(server.url, '{ viewer { ... on Account { installations { id app { code } status } } } }', {}, { apiKey: ADMIN.magazin });
    expect(view.data!.viewer.installations).toContainEqual({ id: registered.body.installation.id, app: { code: 'nordlys-pickup' }, status: 'ACTIVE' });

    // Registering again (by GraphQL now) is refused and changes nothing.
    const again = await gql(server.url, REGISTER, { account: accounts.magazin, code: 'nordlys-pickup' }, { apiKey: key.secret });
    expect(again.data!.registerModule).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'code', message: 'The app is already connected to this account' }] });
    expect(await snapshot()).toEqual(after);
  });

  it('should refuse a revoked key at once, record the revocation, and let only its account revoke it', async () => {
    const key = await createKey(server.url, ADMIN.oldTown, ['orders.read']);
    expect((await rest(server.url, 'GET', '/api/credentials', key.secret)).status).toBe(200);

    const before = await snapshot();
    for (const apiKey of [ADMIN.corner, key.secret, 'vl_catalog_demo']) {
      const refused = await gql(server.url, REVOKE_KEY, { id: key.id }, { apiKey });
      expect(refused.data!.revokeApiKey.__typename).toBe(apiKey === ADMIN.corner ? 'NotFoundError' : 'ForbiddenError');
    }
    // The administrator key itself is not revocable here (it is no module's key).
    const adminRow = await server.prisma.apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(ADMIN.oldTown) } });
    expect((await gql(server.url, REVOKE_KEY, { id: globalId('ApiKey', adminRow.id) }, { apiKey: ADMIN.oldTown })).data!.revokeApiKey.__typename).toBe('NotFoundError');
    expect(await snapshot()).toEqual(before);

    const revoked = await gql(server.url, REVOKE_KEY, { id: key.id }, { apiKey: ADMIN.oldTown });
    expect(revoked.data!.revokeApiKey).toEqual({ __typename: 'MutationRevokeApiKeySuccess', data: { id: key.id, revokedAt: expect.any(String) } });
    const event = await server.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ type: 'account.api_key_revoked', partnerId: null, payload: { accountId: accounts.oldTown, name: 'Module key' } });
    // What makes every instance drop its cached keys: the revocation moves the response cache's generation.
    expect(changesPublicReads(event)).toBe(true);

    expect((await rest(server.url, 'GET', '/api/credentials', key.secret)).status).toBe(401);
    expect((await gql(server.url, VERIFY, {}, { apiKey: key.secret })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const twice = await gql(server.url, REVOKE_KEY, { id: key.id }, { apiKey: ADMIN.oldTown });
    expect(twice.data!.revokeApiKey).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'id', message: 'The key is already revoked' }] });
  });
});

const shared = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(shared)('a key revoked on one instance of two', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  // Without a nudge an instance reads the log only every ten minutes: refusal in time proves the
  // revocation moved the shared generation before the writer answered.
  const env = { REDIS_URL, VETLINE_EVENT_POLL_MS: '600000' };

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestServer({ databaseUrl: database.url, env });
    second = await startTestServer({ databaseUrl: database.url, env });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  it('should be refused on the other instance by the next request, though that one had it cached', async () => {
    const key = await createKey(first.url, ADMIN.magazin, ['orders.read']);
    // The second instance resolves the key, and keeps it in its key cache.
    for (let i = 0; i < 3; i++) expect((await rest(second.url, 'GET', '/api/credentials', key.secret)).status).toBe(200);
    expect((await gql(first.url, REVOKE_KEY, { id: key.id }, { apiKey: ADMIN.magazin })).data!.revokeApiKey.__typename).toBe('MutationRevokeApiKeySuccess');
    expect(await rest(second.url, 'GET', '/api/credentials', key.secret)).toMatchObject({ status: 401, body: { success: false } });
    expect((await gql(second.url, VERIFY, {}, { apiKey: key.secret })).status).toBe(401);
    const registration = await rest(second.url, 'POST', '/api/integration-modules/nordlys-pickup/register', key.secret, { account: 'x' });
    expect(registration.status).toBe(401);
  });
});

describe('the REST-compatible routes under the limits of /graphql', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { VETLINE_RATE_PUBLIC_POINTS: '200', VETLINE_RATE_WINDOW_SECONDS: '600' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('should refuse a body over the limit with 413 before reading it', async () => {
    const key = await createKey(server.url, ADMIN.magazin, ['orders.read']);
    const before = await server.prisma.installation.count();
    const response = await fetch(`${server.url}/api/integration-modules/nordlys-pickup/register`, {
      method: 'POST',
      headers: { 'x-api-key': key.secret, 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'x', padding: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await server.prisma.installation.count()).toBe(before);
  });

  it("should spend the key's one budget on REST and GraphQL alike, answering 429 with Retry-After", async () => {
    const key = await createKey(server.url, ADMIN.corner, ['orders.read']);
    let refused: Response | undefined;
    let served = 0;
    for (let i = 0; i < 200 && !refused; i++) {
      const response = await fetch(`${server.url}/api/credentials`, { headers: { 'x-api-key': key.secret } });
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        served++;
      }
    }
    expect(served).toBeGreaterThan(0);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused!.json()).toEqual({ success: false, errorMsg: expect.stringContaining('Too many requests') });
    // The same key's GraphQL requests draw on the budget REST spent.
    const graphql = await gql(server.url, VERIFY, {}, { apiKey: key.secret });
    expect(graphql.status).toBe(429);
    expect(graphql.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another key has its own budget.
    expect((await rest(server.url, 'GET', '/api/api-versions', ADMIN.oldTown)).status).toBe(200);
  });
});
