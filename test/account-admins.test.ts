import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseWithScopes } from './helpers/activation.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// An account's administrator signed in as a person does for that account exactly what the
// account's API key does (the same domain functions), and nothing of other accounts, partners or staff.

describe.each(await serverBackends())('account administrators on %s', async (backend) => {
  let server: TestServer;
  let carol: string; // Corner Shop (US, API 5)
  let misha: string; // Магазин у дома (RU, API 5)
  let olga: string; // a partner's owner
  let accounts: { corner: string; magazin: string };

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [carol, misha, olga] = await Promise.all([
      login(server.url, 'carol@corner.shop'),
      login(server.url, 'misha@magazin.shop'),
      login(server.url, 'olga@nordlys.dev'),
    ]);
    const byName = async (name: string) => (await server.prisma.account.findFirstOrThrow({ where: { name } })).id;
    accounts = { corner: await byName('Corner Shop'), magazin: await byName('Магазин у дома') };
  });
  afterAll(async () => {
    await server?.stop();
  });

  const snapshot = async () => ({
    events: await server.prisma.event.count(),
    installations: await server.prisma.installation.findMany({ orderBy: { id: 'asc' } }),
    keys: await server.prisma.apiKey.findMany({ orderBy: { id: 'asc' } }),
  });
  const VIEWER = `{
    viewer { __typename name ... on User { staffRole memberships { role } account {
      id name country apiVersion
      installations { id app { code } grantedScopes status }
      apiKeys { id name scopes }
    } } }
  }`;
  const CONNECT = `mutation ($code: String!, $scopes: [String!]!) {
    connectApp(code: $code, grantedScopes: $scopes) {
      __typename ... on Error { message } ... on MutationConnectAppSuccess { data { id grantedScopes status account { id } } }
    }
  }`;
  const CREATE_KEY = `mutation ($name: String!, $scopes: [String!]!) {
    createApiKey(name: $name, scopes: $scopes) {
      __typename ... on Error { message } ... on MutationCreateApiKeySuccess { data { secret apiKey { id scopes } } }
    }
  }`;
  const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { __typename ... on Error { message } ... on MutationRevokeApiKeySuccess { data { revokedAt } } } }`;
  const DISCONNECT = `mutation ($code: String!) { disconnectApp(code: $code) { __typename ... on Error { message } ... on MutationDisconnectAppSuccess { data { status } } } }`;

  it('should sign an administrator in as a person who sees their own account, as its key does', async () => {
    const signedIn = await gql(server.url, VIEWER, {}, { token: carol });
    const withKey = await gql(server.url, '{ viewer { ... on Account { id name country apiVersion installations { id app { code } grantedScopes status } apiKeys { id name scopes } } } }', {}, { apiKey: 'vl_account_corner_shop' });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data!.viewer).toMatchObject({ __typename: 'User', name: 'Carol Corner', staffRole: null, memberships: [] });
    expect(signedIn.data!.viewer.account).toEqual(withKey.data!.viewer);
    expect(signedIn.data!.viewer.account).toMatchObject({ id: accounts.corner, country: 'US', apiVersion: 5 });
    // Partners and staff administer no account.
    expect((await gql(server.url, '{ viewer { ... on User { account { id } } } }', {}, { token: olga })).data!.viewer.account).toBeNull();
  });

  it("should filter the catalog for the administrator's account, as for its key", async () => {
    const query = '{ catalog(first: 100) { edges { node { code } } } }';
    const codes = (result: { data?: Record<string, any> }) => result.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code).sort();
    const signedIn = codes(await gql(server.url, query, {}, { token: misha }));
    expect(signedIn).toEqual(codes(await gql(server.url, query, {}, { apiKey: 'vl_account_magazin' })));
    expect(signedIn).not.toEqual(codes(await gql(server.url, query)));
    expect(signedIn).toContain('nordlys-pickup');
    expect(signedIn).not.toContain('acme-coupons'); // US and CA only
  });

  it('should connect, create and revoke keys and disconnect for its own account, recording the key as an account-private event', async () => {
    const coupons = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'LIVE', app: { code: 'acme-coupons' } }, include: { scopes: true } });
    const scopes = coupons.scopes.map((s) => s.scopeKey).sort();
    const connected = await gql(server.url, CONNECT, { code: 'acme-coupons', scopes }, { token: carol });
    expect(connected.data!.connectApp).toMatchObject({ __typename: 'MutationConnectAppSuccess', data: { grantedScopes: scopes, status: 'ACTIVE', account: { id: accounts.corner } } });

    const created = await gql(server.url, CREATE_KEY, { name: 'Coupons module', scopes }, { token: carol });
    expect(created.data!.createApiKey.__typename).toBe('MutationCreateApiKeySuccess');
    const keyId: string = created.data!.createApiKey.data.apiKey.id;
    const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'account.api_key_created' }, orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ partnerId: null, appId: null, payload: { accountId: accounts.corner, name: 'Coupons module', scopes } });
    expect(JSON.stringify(event.payload)).not.toContain(created.data!.createApiKey.data.secret);
    // The module key works for its account.
    const credentials = await gql(server.url, '{ apiCredentials { ... on QueryApiCredentialsSuccess { data { account scopes } } } }', {}, { apiKey: created.data!.createApiKey.data.secret });
    expect(credentials.data!.apiCredentials.data).toEqual({ account: accounts.corner, scopes });

    expect((await gql(server.url, REVOKE_KEY, { id: keyId }, { token: carol })).data!.revokeApiKey.__typename).toBe('MutationRevokeApiKeySuccess');
    expect((await gql(server.url, DISCONNECT, { code: 'acme-coupons' }, { token: carol })).data!.disconnectApp).toEqual({ __typename: 'MutationDisconnectAppSuccess', data: { status: 'DISCONNECTED' } });
  });

  it("should refuse every act on another account's installations and keys, changing nothing", async () => {
    const magazinKey = await gql(server.url, CREATE_KEY, { name: 'Theirs', scopes: ['orders.read'] }, { apiKey: 'vl_account_magazin' });
    const theirKeyId: string = magazinKey.data!.createApiKey.data.apiKey.id;
    const theirInstallation = await server.prisma.installation.findFirstOrThrow({ where: { accountId: accounts.magazin, disconnectedAt: null } });
    const before = await snapshot();

    // Not visible by id.
    const nodes = await gql(server.url, '{ nodes(ids: [$i, $k]) { id } }'.replace('$i', JSON.stringify(globalId('Installation', theirInstallation.id))).replace('$k', JSON.stringify(theirKeyId)), {}, { token: carol });
    expect(nodes.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    // Revoking their key: as unknown.
    expect((await gql(server.url, REVOKE_KEY, { id: theirKeyId }, { token: carol })).data!.revokeApiKey.__typename).toBe('NotFoundError');
    // Disconnecting acts on one's own account only: Corner Shop has no nordlys-sms.
    expect((await gql(server.url, DISCONNECT, { code: 'nordlys-sms' }, { token: carol })).data!.disconnectApp.__typename).toBe('NotFoundError');
    // Another account's data through the account object is refused.
    const account = await gql(server.url, '{ node(id: $id) { ... on Installation { account { installations { id } apiKeys { id } } } } }'.replace('$id', JSON.stringify(globalId('Installation', theirInstallation.id))), {}, { token: carol });
    expect(account.data?.node ?? null).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('should let a signed-in administrator grant what a new version requests, for its own account only', { timeout: 60_000 }, async () => {
    const [otto, rita] = await Promise.all([login(server.url, 'otto@oldtown.shop'), login(server.url, 'rita@vetline.dev')]);
    await releaseWithScopes(server, 'nordlys-pickup', ['delivery.write', 'orders.read', 'customers.read'], { partner: olga, reviewer: rita });
    const GRANT = `mutation ($scopes: [String!]!) { grantInstallationScopes(code: "nordlys-pickup", scopes: $scopes) {
      __typename ... on Error { message } ... on MutationGrantInstallationScopesSuccess { data { grantedScopes pendingScopes status } } } }`;
    // Магазин у дома has no Nordlys Pickup: its administrator cannot grant anything on Old Town's.
    const before = await snapshot();
    expect((await gql(server.url, GRANT, { scopes: ['customers.read'] }, { token: misha })).data!.grantInstallationScopes.__typename).toBe('NotFoundError');
    expect(await snapshot()).toEqual(before);
    const granted = await gql(server.url, GRANT, { scopes: ['customers.read'] }, { token: otto });
    expect(granted.data!.grantInstallationScopes).toEqual({
      __typename: 'MutationGrantInstallationScopesSuccess',
      data: { grantedScopes: ['customers.read', 'delivery.write', 'orders.read'], pendingScopes: [], status: 'ACTIVE' },
    });
  });

  it("should give an administrator nothing of partners or staff, and partners nothing of accounts", async () => {
    const before = await snapshot();
    const queue = await gql(server.url, '{ moderationQueue(first: 5) { edges { node { id } } } }', {}, { token: carol });
    expect(queue.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const apps = await gql(server.url, '{ apps(first: 50) { edges { node { code } } } }', {}, { token: carol });
    expect(apps.data?.apps?.edges ?? []).toEqual([]);
    const nordlys = await server.prisma.partner.findFirstOrThrow({ where: { slug: 'nordlys' } });
    const partner = await gql(server.url, '{ node(id: $id) { id } }'.replace('$id', JSON.stringify(globalId('Partner', nordlys.id))), {}, { token: carol });
    expect(partner.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const pickup = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'LIVE', app: { code: 'nordlys-pickup' } } });
    const version = await gql(server.url, '{ node(id: $id) { id } }'.replace('$id', JSON.stringify(globalId('AppVersion', pickup.id))), {}, { token: carol });
    expect(version.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // A partner (signed in) manages no account: connecting and keys are refused.
    expect((await gql(server.url, CONNECT, { code: 'nordlys-pickup', scopes: ['orders.read'] }, { token: olga })).data!.connectApp.__typename).toBe('ForbiddenError');
    expect((await gql(server.url, CREATE_KEY, { name: 'x', scopes: ['orders.read'] }, { token: olga })).data!.createApiKey.__typename).toBe('ForbiddenError');
    // Nor does a module key, which is no administrator.
    expect(await snapshot()).toEqual(before);
  });
});
