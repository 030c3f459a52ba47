import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseWithScopes } from './helpers/activation.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// Permissions exactly as the module declares them (connect, consent on a new version, narrowing
// on release), the catalog's facts for integrators, and an account's own view, over HTTP.

describe.each(await serverBackends())('activation on %s', async (backend) => {
  let server: TestServer;
  let olga: string;
  let anna: string;
  let rita: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [olga, anna, rita] = await Promise.all([
      login(server.url, 'olga@nordlys.dev'),
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'rita@vetline.dev'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const CONNECT = `mutation ($code: String!, $scopes: [String!]!) {
    connectApp(code: $code, grantedScopes: $scopes) {
      __typename
      ... on ValidationError { problems { field message } }
      ... on ActionRefused { reasons { code } }
      ... on MutationConnectAppSuccess { data { grantedScopes pendingScopes status } }
    }
  }`;
  const GRANT = `mutation ($code: String!, $scopes: [String!]!) {
    grantInstallationScopes(code: $code, scopes: $scopes) {
      __typename
      ... on Error { message }
      ... on ValidationError { problems { field message } }
      ... on MutationGrantInstallationScopesSuccess { data { grantedScopes pendingScopes status } }
    }
  }`;
  const ACCOUNT_VIEW = `{
    viewer {
      __typename name
      ... on Account { country apiVersion installations { app { code } grantedScopes pendingScopes status } }
    }
  }`;
  const snapshot = async () => ({
    events: await server.prisma.event.count(),
    installations: await server.prisma.installation.findMany({ orderBy: { id: 'asc' } }),
  });
  const installationOf = async (apiKey: string, code: string) => {
    const view = await gql(server.url, ACCOUNT_VIEW, {}, { apiKey });
    if (!view.data?.viewer) throw new Error(JSON.stringify(view));
    return view.data.viewer.installations.find((i: { app: { code: string } }) => i.app.code === code);
  };

  it("should show an app's live permissions, connection method, minimum API version and pricing to anyone", async () => {
    const query = `{
      catalog(first: 50, filter: { country: "DE" }) { edges { node {
        code minApiVersion connectionMethod
        permissions { key justification pollingIntervalSeconds scope { label polling } }
        pricing { priceMinor currency free }
      } } }
    }`;
    const anonymous = await gql(server.url, query);
    expect(anonymous.errors).toBeUndefined();
    const pickup = anonymous.data!.catalog.edges.map((e: { node: unknown }) => e.node).find((n: { code: string }) => n.code === 'nordlys-pickup');
    const live = await server.prisma.appVersion.findFirstOrThrow({
      where: { status: 'LIVE', app: { code: 'nordlys-pickup' } },
      include: { scopes: { orderBy: { scopeKey: 'asc' }, include: { scope: true } } },
    });
    expect(pickup).toEqual({
      code: 'nordlys-pickup',
      minApiVersion: live.minApiVersion,
      connectionMethod: live.simpleConnection ? 'SIMPLE_CONNECTION' : 'CONNECTION_PAGE',
      permissions: live.scopes.map((s) => ({
        key: s.scopeKey,
        justification: s.justification,
        pollingIntervalSeconds: s.pollingIntervalSeconds,
        scope: { label: s.scope.label, polling: s.scope.polling },
      })),
      pricing: { priceMinor: 0, currency: 'EUR', free: true },
    });
    expect(pickup.permissions.length).toBeGreaterThan(0);
    // The same through `app(code:)`, with an account's key too.
    const byCode = await gql(server.url, '{ app(code: "nordlys-pickup") { connectionMethod permissions { key } } }', {}, { apiKey: 'vl_account_old_town' });
    expect(byCode.data!.app).toEqual({ connectionMethod: pickup.connectionMethod, permissions: pickup.permissions.map((p: { key: string }) => ({ key: p.key })) });
  });

  it('should answer the account as the viewer of an account key, with its installations, and nobody else', async () => {
    const oldTown = await gql(server.url, ACCOUNT_VIEW, {}, { apiKey: 'vl_account_old_town' });
    expect(oldTown.errors).toBeUndefined();
    const account = await server.prisma.account.findFirstOrThrow({ where: { name: 'Old Town Store' }, include: { installations: { where: { disconnectedAt: null }, include: { app: true } } } });
    expect(oldTown.data!.viewer).toMatchObject({ __typename: 'Account', name: account.name, country: account.country, apiVersion: account.apiVersion });
    expect(oldTown.data!.viewer.installations.map((i: { app: { code: string } }) => i.app.code).sort()).toEqual(account.installations.map((i) => i.app.code).sort());
    expect(oldTown.data!.viewer.installations.length).toBeGreaterThan(0);

    expect((await gql(server.url, ACCOUNT_VIEW)).data!.viewer).toBeNull();
    expect((await gql(server.url, ACCOUNT_VIEW, {}, { apiKey: 'vl_catalog_demo' })).data!.viewer).toBeNull();
    expect((await gql(server.url, ACCOUNT_VIEW, {}, { token: olga })).data!.viewer).toEqual({ __typename: 'User', name: expect.any(String) });

    // The partner sees its own app's installation, but not what else the account installed.
    const installation = account.installations.find((i) => i.app.code === 'nordlys-pickup')!;
    const asPartner = await gql(
      server.url,
      'query ($id: ID!) { node(id: $id) { ... on Installation { grantedScopes account { name installations { id } } } } }',
      { id: globalId('Installation', installation.id) },
      { token: olga },
    );
    expect(asPartner.data?.node?.account?.installations ?? null).toBeNull();
    expect(asPartner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another partner does not see the installation at all.
    const otherPartner = await gql(server.url, 'query ($id: ID!) { node(id: $id) { id } }', { id: globalId('Installation', installation.id) }, { token: anna });
    expect(otherPartner.data!.node).toBeNull();
  });

  it('should refuse a permission the live version does not declare or the platform does not know, creating nothing', async () => {
    const before = await snapshot();
    const refused = await gql(
      server.url,
      CONNECT,
      { code: 'nordlys-pickup', scopes: ['delivery.write', 'orders.read', 'customers.write', 'no.such-scope'] },
      { apiKey: 'vl_account_magazin' },
    );
    expect(refused.data!.connectApp).toEqual({
      __typename: 'ValidationError',
      problems: [
        { field: 'grantedScopes.2', message: "customers.write is not requested by the app's live version" },
        { field: 'grantedScopes.3', message: 'no.such-scope is not a permission the platform knows' },
      ],
    });
    expect(await snapshot()).toEqual(before);

    const connected = await gql(server.url, CONNECT, { code: 'nordlys-pickup', scopes: ['orders.read', 'delivery.write'] }, { apiKey: 'vl_account_magazin' });
    expect(connected.data!.connectApp).toEqual({
      __typename: 'MutationConnectAppSuccess',
      data: { grantedScopes: ['delivery.write', 'orders.read'], pendingScopes: [], status: 'ACTIVE' },
    });
  });

  it('should ask each installation for consent when a release adds a permission, and keep the old ones working', async () => {
    const eventsBefore = await server.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await releaseWithScopes(server, 'nordlys-pickup', ['delivery.write', 'orders.read', 'customers.read'], { partner: olga, reviewer: rita });

    for (const key of ['vl_account_magazin', 'vl_account_old_town']) {
      expect(await installationOf(key, 'nordlys-pickup')).toEqual({
        app: { code: 'nordlys-pickup' },
        grantedScopes: ['delivery.write', 'orders.read'],
        pendingScopes: ['customers.read'],
        status: 'NEEDS_CONSENT',
      });
    }
    const changes = await server.prisma.event.findMany({ where: { id: { gt: eventsBefore.id }, type: 'installation.permissions_changed' } });
    expect(changes).toHaveLength(2);
    expect(changes[0]!.payload).toMatchObject({
      cause: 'VERSION_RELEASED',
      grantedScopes: { old: ['delivery.write', 'orders.read'], new: ['delivery.write', 'orders.read'] },
      pendingScopes: { old: [], new: ['customers.read'] },
    });

    // Only what is pending may be granted; nothing changes otherwise.
    const before = await snapshot();
    const wrong = await gql(server.url, GRANT, { code: 'nordlys-pickup', scopes: ['customers.read', 'customers.write', 'orders.read', 'nope'] }, { apiKey: 'vl_account_magazin' });
    expect(wrong.data!.grantInstallationScopes).toEqual({
      __typename: 'ValidationError',
      message: expect.any(String),
      problems: [
        { field: 'scopes.1', message: "customers.write is not requested by the app's live version" },
        { field: 'scopes.2', message: 'orders.read is already granted' },
        { field: 'scopes.3', message: 'nope is not a permission the platform knows' },
      ],
    });
    // An account without the app installed, and a partner, have nothing to grant.
    const notInstalled = await gql(server.url, GRANT, { code: 'nordlys-pickup', scopes: ['customers.read'] }, { apiKey: 'vl_account_corner_shop' });
    expect(notInstalled.data!.grantInstallationScopes.__typename).toBe('NotFoundError');
    const partner = await gql(server.url, GRANT, { code: 'nordlys-pickup', scopes: ['customers.read'] }, { token: olga });
    expect(partner.data!.grantInstallationScopes.__typename).toBe('ForbiddenError');
    expect(await snapshot()).toEqual(before);

    const granted = await gql(server.url, GRANT, { code: 'nordlys-pickup', scopes: ['customers.read'] }, { apiKey: 'vl_account_magazin' });
    expect(granted.data!.grantInstallationScopes).toEqual({
      __typename: 'MutationGrantInstallationScopesSuccess',
      data: { grantedScopes: ['customers.read', 'delivery.write', 'orders.read'], pendingScopes: [], status: 'ACTIVE' },
    });
    const consent = await server.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(consent.type).toBe('installation.permissions_changed');
    expect(consent.payload).toMatchObject({ cause: 'CONSENT_GRANTED', pendingScopes: { old: ['customers.read'], new: [] } });
    // Old Town has not consented: it keeps its old permissions.
    expect(await installationOf('vl_account_old_town', 'nordlys-pickup')).toMatchObject({ status: 'NEEDS_CONSENT', grantedScopes: ['delivery.write', 'orders.read'] });
  });

  it('should narrow every installation at once when a release drops a permission', async () => {
    await releaseWithScopes(server, 'nordlys-pickup', ['customers.read', 'delivery.write'], { partner: olga, reviewer: rita });
    expect(await installationOf('vl_account_magazin', 'nordlys-pickup')).toMatchObject({
      grantedScopes: ['customers.read', 'delivery.write'],
      pendingScopes: [],
      status: 'ACTIVE',
    });
    // Old Town loses orders.read and still has customers.read to consent to.
    expect(await installationOf('vl_account_old_town', 'nordlys-pickup')).toMatchObject({
      grantedScopes: ['delivery.write'],
      pendingScopes: ['customers.read'],
      status: 'NEEDS_CONSENT',
    });
    const rows = await server.prisma.installation.findMany({ where: { app: { code: 'nordlys-pickup' }, disconnectedAt: null }, include: { version: true } });
    for (const row of rows) expect(row.version.status).toBe('LIVE');
    // A new connection grants exactly the new set; the dropped permission is refused.
    const refused = await gql(server.url, CONNECT, { code: 'nordlys-pickup', scopes: ['customers.read', 'delivery.write', 'orders.read'] }, { apiKey: 'vl_account_magazin' });
    expect(refused.data!.connectApp.__typename).toBe('ValidationError');
  });
});
