import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../server/src/generated/prisma/client.js';
import { availableWhere } from '../server/src/domain/states.js';
import { gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// The catalog reads its page in one SQL statement (server/src/db/catalog-page.ts). Its filters,
// order and paging must list exactly what the Prisma query it replaced listed: that query is kept
// here as the specification.

interface Filter {
  search?: string;
  section?: string;
  country?: string;
  apiVersion?: number;
  freeOnly?: boolean;
}

/** The catalog's filter as Prisma conditions, as the resolver built them before the SQL. */
function prismaWhere(filter: Filter, locale: string | undefined, account?: { country: string; apiVersion: number }): Prisma.AppWhereInput {
  const country = filter.country ?? account?.country;
  const apiVersion = filter.apiVersion ?? account?.apiVersion;
  const where: Prisma.AppWhereInput[] = [availableWhere];
  if (filter.section) where.push({ section: { key: filter.section } });
  if (country) where.push({ countries: { has: country.toUpperCase() } });
  if (filter.freeOnly) where.push({ priceMinor: 0 });
  if (apiVersion != null) where.push({ versions: { some: { status: 'LIVE', minApiVersion: { lte: apiVersion } } } });
  const text = filter.search?.trim();
  if (text) {
    where.push({
      OR: [
        { code: { contains: text, mode: 'insensitive' } },
        {
          texts: {
            some: {
              ...(locale ? { locale } : {}),
              OR: [{ name: { contains: text, mode: 'insensitive' } }, { description: { contains: text, mode: 'insensitive' } }],
            },
          },
        },
      ],
    });
  }
  return { AND: where };
}

const PAGE = `query ($filter: CatalogFilter, $locale: String, $first: Int, $after: String, $last: Int, $before: String) {
  catalog(filter: $filter, locale: $locale, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe.each(await serverBackends())('the catalog page statement on %s', async (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    // Hundreds of anonymous pages: no query budget (0 is off).
    server = await startTestServer({ backend, env: { VETLINE_RATE_PUBLIC_POINTS: '0' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const expected = async (where: Prisma.AppWhereInput) =>
    (await server.prisma.app.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { code: true } })).map((a) => a.code);

  type CatalogPage = { catalog: { edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

  /** Every code of the catalog, read forwards in pages of `size`. */
  async function readAll(variables: Record<string, unknown>, size: number, apiKey?: string) {
    const codes: string[] = [];
    for (let after: string | null = null, pages = 0; pages < 50; pages++) {
      const result: { data?: CatalogPage | null; errors?: unknown } = await gql<CatalogPage>(server.url, PAGE, { ...variables, first: size, after }, apiKey ? { apiKey } : {});
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo } = result.data!.catalog;
      codes.push(...edges.map((e) => e.node.code));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    return codes;
  }

  it('should list what the Prisma filter listed, for every filter, locale and page size', async () => {
    const sections = await server.prisma.section.findMany({ select: { key: true } });
    const someText = await server.prisma.listingText.findFirstOrThrow({ where: { app: availableWhere, locale: 'ru' } });
    const filters: Filter[] = [
      {},
      { section: sections[0]!.key },
      { section: 'no-such-section' },
      { country: 'us' },
      { country: 'DE', freeOnly: true },
      { freeOnly: true },
      { apiVersion: 2 },
      { apiVersion: 5, country: 'US' },
      { search: '  pay ' },
      { search: 'ACME' },
      { search: someText.name.split(' ')[0]!.slice(0, 4) },
      { search: '%' },
      { search: '_' },
      { search: 'nothing-matches-this' },
    ];
    let nonEmpty = 0;
    for (const filter of filters) {
      for (const locale of [undefined, 'ru']) {
        const want = await expected(prismaWhere(filter, locale));
        nonEmpty += want.length > 0 ? 1 : 0;
        for (const size of [2, 100]) {
          expect(await readAll({ filter, locale }, size), JSON.stringify({ filter, locale, size })).toEqual(want);
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('should filter for an account key by its country and API version unless the filter says otherwise', async () => {
    // Corner Shop: US, API version 5.
    const account = { country: 'US', apiVersion: 5 };
    for (const filter of [{}, { country: 'DE' }, { apiVersion: 1 }]) {
      expect(await readAll({ filter }, 2, 'vl_account_corner_shop')).toEqual(await expected(prismaWhere(filter, undefined, account)));
    }
  });

  it("should give each app the global id Relay encodes (the node-ids plugin answers it without Relay's promise)", async () => {
    const result = await gql<{ catalog: { edges: { node: { id: string; code: string } }[] } }>(server.url, `{ catalog(first: 5) { edges { node { id code } } } }`);
    expect(result.errors).toBeUndefined();
    const edges = result.data!.catalog.edges;
    expect(edges.length).toBeGreaterThan(0);
    const ids = new Map((await server.prisma.app.findMany({ where: { code: { in: edges.map((e) => e.node.code) } }, select: { id: true, code: true } })).map((a) => [a.code, a.id]));
    // Relay's global id: base64 of `Type:id`.
    for (const { node } of edges) expect(node.id).toBe(Buffer.from(`App:${ids.get(node.code)!}`).toString('base64'));
  });

  it('should page backwards with last and before as Prisma did', async () => {
    const all = await expected(prismaWhere({}, undefined));
    expect(all.length).toBeGreaterThan(4);
    const last = await gql(server.url, PAGE, { last: 2 });
    expect(last.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(all.slice(-2));
    expect(last.data!.catalog.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await gql(server.url, PAGE, { last: 2, before: last.data!.catalog.pageInfo.startCursor });
    expect(before.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(all.slice(-4, -2));
    const fromThird = await gql(server.url, PAGE, { first: 2 });
    const after = await gql(server.url, PAGE, { first: 2, after: fromThird.data!.catalog.pageInfo.endCursor });
    expect(after.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(all.slice(2, 4));
  });

  it('should answer fields outside the page statement from a second read, and dates as Prisma gives them', async () => {
    const query = `{ catalog(first: 3) { edges { node { code createdAt texts { locale name } permissions { key scope { key } }
      connectionMethod minApiVersion available section { key } partner { name } } } } }`;
    const apps = await server.prisma.app.findMany({
      where: availableWhere,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 3,
      include: {
        texts: { orderBy: { locale: 'asc' } },
        partner: true,
        versions: { where: { status: 'LIVE' }, include: { scopes: { orderBy: { scopeKey: 'asc' } } } },
      },
    });
    // Staff may read the managers' fields (texts, partner) too.
    const result = await gql(server.url, query, {}, { token: await login(server.url, 'admin@vetline.dev') });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.catalog.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes.map((n: { code: string }) => n.code)).toEqual(apps.map((a) => a.code));
    for (const [i, app] of apps.entries()) {
      const live = app.versions[0]!;
      expect(nodes[i]).toMatchObject({
        createdAt: app.createdAt.toISOString(),
        texts: app.texts.map((t) => ({ locale: t.locale, name: t.name })),
        permissions: live.scopes.map((s) => ({ key: s.scopeKey, scope: { key: s.scopeKey } })),
        connectionMethod: live.simpleConnection ? 'SIMPLE_CONNECTION' : 'CONNECTION_PAGE',
        minApiVersion: live.minApiVersion,
        available: true,
        partner: { name: app.partner.name },
      });
    }
  });
});
