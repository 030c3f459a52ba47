import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, gql, login } from './helpers/graphql.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// Partner B (Nordlys) against everything of partner A (Acme), through every entry point.

describe('authorization between partners and the public', () => {
  let server: TestServer;
  let olga: string;
  let ids: Record<'app' | 'publishedApp' | 'version' | 'thread' | 'installation' | 'partner', string>;

  beforeAll(async () => {
    server = await startTestServer();
    olga = await login(server.url, 'olga@nordlys.dev');
    const db = server.prisma;
    const app = await db.app.findUniqueOrThrow({ where: { code: 'acme-stats' } });
    const published = await db.app.findUniqueOrThrow({ where: { code: 'acme-pay' } });
    const version = await db.appVersion.findFirstOrThrow({ where: { appId: published.id, status: 'IN_REVIEW' } });
    const thread = await db.thread.findFirstOrThrow({ where: { versionId: version.id } });
    const installation = await db.installation.findFirstOrThrow({ where: { appId: published.id } });
    ids = {
      app: globalId('App', app.id),
      publishedApp: globalId('App', published.id),
      version: globalId('AppVersion', version.id),
      thread: globalId('Thread', thread.id),
      installation: globalId('Installation', installation.id),
      partner: globalId('Partner', app.partnerId),
    };
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(['app', 'version', 'thread', 'installation', 'partner'] as const)("should not let another partner read A's %s through node, nor learn that it exists", async (kind) => {
    const result = await gql(server.url, `{ node(id: "${ids[kind]}") { id __typename } }`, {}, { token: olga });
    expect(result.data?.node ?? null).toBeNull();
    // The same answer as an id of nothing: another partner's ids reveal nothing.
    expect(result.errors?.[0]).toMatchObject({ message: 'Not found', extensions: { code: 'NOT_FOUND' } });
  });

  it("should show another partner only the public face of A's published app", async () => {
    const result = await gql(server.url, `{ node(id: "${ids.publishedApp}") { ... on App { code listing { name } } } }`, {}, { token: olga });
    expect(result.data!.node.code).toBe('acme-pay');
    for (const field of ['stage', 'partnerState', 'versions { id }', 'history(first: 1) { edges { cursor } }', 'texts { locale }', 'partner { name }', 'viewerCan { delete { allowed } }']) {
      const denied = await gql(server.url, `{ node(id: "${ids.publishedApp}") { ... on App { ${field} } } }`, {}, { token: olga });
      expect(denied.errors?.[0]?.message, field).toMatch(/Not authorized/);
    }
  });

  it("should leave A's unpublished app invisible to others and to anonymous clients", async () => {
    for (const auth of [{ token: olga }, {}, { apiKey: 'vl_catalog_demo' }]) {
      expect((await gql(server.url, `{ app(code: "acme-stats") { code } }`, {}, auth)).data!.app).toBeNull();
      const apps = await gql(server.url, `{ apps(first: 100) { edges { node { code } } } }`, {}, auth);
      const codes = (apps.data?.apps?.edges ?? []).map((e: { node: { code: string } }) => e.node.code);
      expect(codes.filter((c: string) => c.startsWith('acme-'))).toEqual([]);
    }
  });

  it("should refuse every change to A's objects and change nothing", async () => {
    const before = { events: await server.prisma.event.count(), comments: await server.prisma.comment.count() };
    const attempts = [
      `updateListing(appId: "${ids.app}", listing: { texts: [{ locale: "en", name: "pwned" }] })`,
      `requestConsultation(appId: "${ids.app}")`,
      `setPartnerState(appId: "${ids.publishedApp}", online: false)`,
      `deleteApp(appId: "${ids.app}")`,
      `createVersion(appId: "${ids.app}", version: "9.9")`,
      `submitVersion(versionId: "${ids.version}")`,
      `withdrawVersion(versionId: "${ids.version}")`,
      `releaseVersion(versionId: "${ids.version}")`,
      `answerChecklistItem(versionId: "${ids.version}", key: "test-account", answer: "x")`,
      `updateVersion(versionId: "${ids.version}", manifest: { changelog: "x" })`,
      `postComment(threadId: "${ids.thread}", body: "x")`,
      `markThreadAddressed(threadId: "${ids.thread}")`,
    ];
    for (const attempt of attempts) {
      const result = await gql(server.url, `mutation { r: ${attempt} { __typename } }`, {}, { token: olga });
      expect(result.errors, attempt).toBeUndefined();
      expect(['NotFoundError', 'ForbiddenError'], attempt).toContain(result.data!.r.__typename);
    }
    expect({ events: await server.prisma.event.count(), comments: await server.prisma.comment.count() }).toEqual(before);
    expect((await server.prisma.listingText.findFirst({ where: { name: 'pwned' } })) ?? null).toBeNull();
  });

  it('should give anonymous callers the catalog and nothing else', async () => {
    expect((await gql(server.url, '{ viewer { id } }')).data!.viewer).toBeNull();
    const queue = await gql(server.url, '{ moderationQueue(first: 1) { edges { cursor } } }');
    expect(queue.errors?.[0]?.message).toMatch(/Not authorized/);
    const write = await gql(server.url, `mutation { r: postComment(threadId: "${ids.thread}", body: "x") { __typename } }`);
    expect(write.data!.r.__typename).toBe('NotFoundError');
  });

  it('should tell anyone the policy, and only staff who the staff are', async () => {
    const open = await gql(server.url, '{ policy { requiredLocales consultationEnabled listingFields } demoMode }');
    expect(open.data).toEqual({
      policy: { requiredLocales: ['en', 'ru'], consultationEnabled: true, listingFields: expect.arrayContaining(['name', 'logo']) },
      demoMode: true,
    });
    const asPartner = await gql(server.url, '{ staff { name } }', {}, { token: olga });
    expect(asPartner.errors?.[0]?.message).toMatch(/Not authorized/);
    const asStaff = await gql(server.url, '{ staff { name staffRole } }', {}, { token: await login(server.url, 'rita@vetline.dev') });
    expect(asStaff.data!.staff.map((u: { staffRole: string }) => u.staffRole).sort()).toEqual(['ADMIN', 'REVIEWER', 'REVIEWER']);
  });

  it('should answer a bad or expired token with 401, not with less access', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    const badKey = await gql(server.url, '{ viewer { id } }', {}, { apiKey: 'vl_catalog_wrong' });
    expect(badKey.status).toBe(401);
  });
});
