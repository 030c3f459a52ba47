import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../server/src/auth/api-keys.js';
import { gql, login } from './helpers/graphql.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// The response cache of one instance (no Redis: kept in the process), on the embedded database.

const CATALOG = `query Catalog($first: Int) { sections { key name } catalog(first: $first) { edges { node { code listing { name } countries minApiVersion } } } }`;

/** A listing change by its partner: a committed change that moves the response cache's generation. */
async function renameAcmePay(url: string, name: string) {
  const anna = await login(url, 'anna@acme.dev');
  const { data } = await gql(url, `query { app(code: "acme-pay") { id } }`, {}, { token: anna });
  const renamed = await gql(
    url,
    `mutation ($id: ID!, $name: String!) { updateListing(appId: $id, listing: { texts: [{ locale: "en", name: $name }] }) { __typename } }`,
    { id: data!.app.id, name },
    { token: anna },
  );
  expect(renamed.data?.updateListing.__typename).toBe('MutationUpdateListingSuccess');
}

describe('the public response cache', () => {
  let server: TestServer;
  let statements = 0;

  beforeAll(async () => {
    // No background reads of the event log while counting: a mutation's own catch-up must do.
    server = await startTestServer({ onQuery: () => statements++, env: { VETLINE_EVENT_POLL_MS: '600000' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Runs an operation and says how many SQL statements it cost. */
  async function counted(query: string, variables: Record<string, unknown>, auth: { token?: string; apiKey?: string } = {}) {
    statements = 0;
    const result = await gql(server.url, query, variables, auth);
    expect(result.errors).toBeUndefined();
    return { result, statements };
  }

  it('should serve a repeated anonymous catalog read without SQL and the next read after a listing change fresh', async () => {
    const first = await counted(CATALOG, { first: 20 });
    expect(first.statements).toBeGreaterThan(0);
    const again = await counted(CATALOG, { first: 20 });
    expect(again.statements).toBe(0);
    expect(again.result.data).toEqual(first.result.data);

    const anna = await login(server.url, 'anna@acme.dev');
    const app = await server.prisma.app.findUniqueOrThrow({ where: { code: 'acme-pay' } });
    const appId = Buffer.from(`App:${app.id}`).toString('base64');
    const renamed = await gql(
      server.url,
      `mutation ($id: ID!) { updateListing(appId: $id, listing: { texts: [{ locale: "en", name: "Acme Pay Renamed" }] }) { __typename } }`,
      { id: appId },
      { token: anna },
    );
    expect(renamed.data?.updateListing.__typename).toBe('MutationUpdateListingSuccess');

    const after = await counted(CATALOG, { first: 20 });
    expect(after.statements).toBeGreaterThan(0);
    const names = after.result.data!.catalog.edges.map((e: { node: { code: string; listing: { name: string } } }) => [e.node.code, e.node.listing.name]);
    expect(names).toContainEqual(['acme-pay', 'Acme Pay Renamed']);

    // Switched off by its partner: gone from the very next read.
    await gql(server.url, `mutation ($id: ID!) { setPartnerState(appId: $id, online: false) { __typename } }`, { id: appId }, { token: anna });
    const offline = await counted(CATALOG, { first: 20 });
    expect(offline.result.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code)).not.toContain('acme-pay');
    await gql(server.url, `mutation ($id: ID!) { setPartnerState(appId: $id, online: true) { __typename } }`, { id: appId }, { token: anna });
  });

  it('should key on the variables the operation declares, and read the database when the request says no-cache', async () => {
    const query = `query Page($first: Int) { catalog(first: $first) { edges { node { code } } } }`;
    const first = await counted(query, { first: 3 });
    expect(first.statements).toBeGreaterThan(0);
    // Variables the operation does not declare change nothing GraphQL answers: same entry, no new one per request.
    for (const junk of [1, 2, 'x'.repeat(200)]) {
      const again = await counted(query, { first: 3, junk });
      expect(again.statements).toBe(0);
      expect(again.result.data).toEqual(first.result.data);
    }
    // A declared variable is part of the key.
    const four = await counted(query, { first: 4 });
    expect(four.statements).toBeGreaterThan(0);
    expect(four.result.data!.catalog.edges).toHaveLength(4);

    const send = async (cacheControl: string) => {
      statements = 0;
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cache-control': cacheControl },
        body: JSON.stringify({ query, variables: { first: 3 } }),
      });
      expect(response.status).toBe(200);
      return { body: await response.text(), statements };
    };
    const cachedBody = await send('');
    expect(cachedBody.statements).toBe(0);
    // no-cache and no-store: answered from the database, the same bytes.
    for (const header of ['no-cache', 'no-store', 'max-age=0, no-cache']) {
      const fresh = await send(header);
      expect(fresh.statements).toBeGreaterThan(0);
      expect(fresh.body).toBe(cachedBody.body);
    }
    // A no-cache read stored its answer again: the next plain read is served from the cache.
    expect((await send('')).statements).toBe(0);
  });

  it('should share an entry between account keys of one audience and keep other audiences apart', async () => {
    // A second key of the Corner Shop account (US, API 5): same audience as the seeded one.
    const account = await server.prisma.account.findFirstOrThrow({ where: { name: 'Corner Shop' } });
    await server.prisma.apiKey.create({ data: { hash: hashApiKey('vl_account_corner_second'), kind: 'ACCOUNT', name: 'second', accountId: account.id } });
    const query = `{ catalog(first: 50) { edges { node { code countries minApiVersion } } } }`;

    const corner = await counted(query, {}, { apiKey: 'vl_account_corner_shop' });
    const second = await counted(query, {}, { apiKey: 'vl_account_corner_second' });
    // Only the key itself is read: the answer is the audience's.
    expect(second.statements).toBe(1);
    expect(second.result.data).toEqual(corner.result.data);
    // And the key is remembered: the same read again costs no statement at all.
    const secondAgain = await counted(query, {}, { apiKey: 'vl_account_corner_second' });
    expect(secondAgain.statements).toBe(0);
    expect(secondAgain.result.data).toEqual(corner.result.data);
    for (const { node } of corner.result.data!.catalog.edges) {
      expect(node.countries).toContain('US');
      expect(node.minApiVersion).toBeLessThanOrEqual(5);
    }

    // Old Town (DE, API 2) sees its own catalog, not Corner Shop's, nor the anonymous one.
    const oldTown = await counted(query, {}, { apiKey: 'vl_account_old_town' });
    const anonymous = await counted(query, {});
    const codes = (r: typeof oldTown) => r.result.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code);
    expect(codes(oldTown)).not.toEqual(codes(corner));
    expect(codes(anonymous).length).toBeGreaterThan(codes(oldTown).length);
    for (const { node } of oldTown.result.data!.catalog.edges) {
      expect(node.countries).toContain('DE');
      expect(node.minApiVersion).toBeLessThanOrEqual(2);
    }

    // A revoked key is refused, never answered from the cache. No API revokes keys yet, so this
    // revokes in SQL, outside the event log: the remembered key holds until a committed change
    // moves the generation (here a listing change; at most API_KEY_TTL_MS otherwise).
    await server.prisma.apiKey.update({ where: { hash: hashApiKey('vl_account_corner_second') }, data: { revokedAt: new Date() } });
    await renameAcmePay(server.url, 'Acme Pay (after the revocation)');
    const revoked = await gql(server.url, query, {}, { apiKey: 'vl_account_corner_second' });
    expect(revoked.status).toBe(401);
    expect(revoked.data ?? null).toBeNull();
    expect((await gql(server.url, query, {}, { apiKey: 'vl_account_corner_second' })).status).toBe(401);
  });

  it('should read a key again after any committed change that can alter public reads, and a new key at once', async () => {
    const query = `{ catalog(first: 5) { edges { node { code } } } }`;
    await counted(query, {}, { apiKey: 'vl_account_old_town' });
    expect((await counted(query, {}, { apiKey: 'vl_account_old_town' })).statements).toBe(0);
    await renameAcmePay(server.url, 'Acme Pay (moved the generation)');
    // The key (1) and the catalog (1+): both read again under the new generation.
    expect((await counted(query, {}, { apiKey: 'vl_account_old_town' })).statements).toBeGreaterThanOrEqual(2);

    // A key created a moment ago works on its first request: unknown keys are never remembered.
    const unknown = await gql(server.url, query, {}, { apiKey: 'vl_account_old_town_new' });
    expect(unknown.status).toBe(401);
    const account = await server.prisma.account.findFirstOrThrow({ where: { name: 'Old Town Store' } });
    await server.prisma.apiKey.create({ data: { hash: hashApiKey('vl_account_old_town_new'), kind: 'ACCOUNT', name: 'new', accountId: account.id } });
    const created = await gql(server.url, query, {}, { apiKey: 'vl_account_old_town_new' });
    expect(created.status).toBe(200);
    expect(created.errors).toBeUndefined();
  });

  it("should never serve a partner's or a staff member's answer to another viewer", async () => {
    const [anna, olga, rita] = await Promise.all([login(server.url, 'anna@acme.dev'), login(server.url, 'olga@nordlys.dev'), login(server.url, 'rita@vetline.dev')]);
    const query = `{ apps(first: 100) { edges { node { code } } } catalog(first: 100) { edges { node { code } } } }`;
    const codes = (r: Awaited<ReturnType<typeof counted>>) => r.result.data!.apps.edges.map((e: { node: { code: string } }) => e.node.code) as string[];

    const asAnna = await counted(query, {}, { token: anna });
    const asOlga = await counted(query, {}, { token: olga });
    const asRita = await counted(query, {}, { token: rita });
    const annaAgain = await counted(query, {}, { token: anna });
    expect(codes(asAnna).every((code) => code.startsWith('acme-'))).toBe(true);
    expect(codes(asOlga).every((code) => code.startsWith('nordlys-'))).toBe(true);
    expect(codes(asRita)).toEqual(expect.arrayContaining([...codes(asAnna), ...codes(asOlga)]));
    // Each signed-in answer is computed for its viewer, every time.
    for (const run of [asAnna, asOlga, asRita, annaAgain]) expect(run.statements).toBeGreaterThan(0);
    expect(annaAgain.result.data).toEqual(asAnna.result.data);

    // The same document without a session sees no one's apps.
    const anonymous = await gql(server.url, query);
    expect(anonymous.data?.apps ?? { edges: [] }).toEqual({ edges: [] });
  });

  it('should not share an anonymous answer that selects any root field besides the public reads, through a fragment too', async () => {
    const direct = `{ catalog(first: 2) { edges { node { code } } } viewer { __typename } }`;
    const throughFragment = `query Mixed { ...Roots } fragment Roots on Query { catalog(first: 2) { edges { node { code } } } ... on Query { viewer { __typename } } }`;
    for (const query of [direct, throughFragment]) {
      expect((await counted(query, {})).statements).toBeGreaterThan(0);
      expect((await counted(query, {})).statements).toBeGreaterThan(0);
    }
    // The public reads alone, through the same kind of fragment: shared.
    const publicOnly = `query PublicOnly { ...Roots } fragment Roots on Query { __typename ... on Query { catalog(first: 2) { edges { node { code } } } } }`;
    expect((await counted(publicOnly, {})).statements).toBeGreaterThan(0);
    expect((await counted(publicOnly, {})).statements).toBe(0);
  });

  it('should tell a query from a mutation by its syntax, not by the words in its text', async () => {
    // "mutation" and "subscription" as an operation name and inside a string: still a query, cached.
    const query = `query mutationWatch { catalog(first: 5, filter: { search: "subscription mutation" }) { edges { node { code } } } }`;
    expect((await counted(query, {})).statements).toBeGreaterThan(0);
    expect((await counted(query, {})).statements).toBe(0);
    // A document holding a query and a mutation: the query it runs is cached, the mutation never is.
    const both = `query Catalog { catalog(first: 3) { edges { node { code } } } } mutation Login { login(email: "nobody@example.com", password: "guess") { __typename } }`;
    const send = async (operationName: string) => {
      statements = 0;
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: both, operationName }),
      });
      const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return { data: body.data, statements };
    };
    expect((await send('Catalog')).statements).toBeGreaterThan(0);
    expect((await send('Catalog')).statements).toBe(0);
    const first = await send('Login');
    const again = await send('Login');
    expect(again.data).toEqual({ login: { __typename: 'InvalidCredentialsError' } });
    // Each log-in attempt looks the account up again.
    expect(first.statements).toBeGreaterThan(0);
    expect(again.statements).toBeGreaterThan(0);
  });
});
