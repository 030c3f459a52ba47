import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseFingerprint } from './helpers/fingerprint.js';
import { globalId, gql, login, type GraphQLResponse } from './helpers/graphql.js';
import { serverLog } from './helpers/logs.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// The cases of issue 10's "Unbounded inputs", on both databases.

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);
// Under the 1 MiB request-body limit, so the field's own bound is what refuses it.
const HALF_MB = 'x'.repeat(512 * 1024);
const VARIABLE_TYPES: Record<string, string> = {
  listing: 'ListingInput!',
  manifest: 'ManifestInput!',
  id: 'ID!',
  code: 'String!',
  body: 'String!',
  email: 'String!',
  password: 'String!',
};
const result = (r: GraphQLResponse) => r.data?.r as { __typename: string; problems?: { field: string; message: string }[] } | undefined;

describe.each(await serverBackends())('input bounds on %s', (backend) => {
  let server: TestServer;
  let anna: string;
  let olga: string;
  let rita: string;
  let ids: { app: string; draft: string; inReview: string; thread: string; itemKey: string; foreignApp: string; foreignVersion: string; foreignThread: string };
  let errorLog: ReturnType<typeof vi.spyOn>;
  const log = serverLog();

  beforeAll(async () => {
    server = await startTestServer({ backend, logger: log.logger });
    [anna, olga, rita] = await Promise.all([login(server.url, 'anna@acme.dev'), login(server.url, 'olga@nordlys.dev'), login(server.url, 'rita@vetline.dev')]);
    const db = server.prisma;
    const stats = await db.app.findUniqueOrThrow({ where: { code: 'acme-stats' }, include: { versions: true } });
    const draft = await db.appVersion.findFirstOrThrow({ where: { app: { partner: { slug: 'acme' } }, status: { in: ['DRAFT', 'CHANGES_REQUESTED'] } } });
    const inReview = await db.appVersion.findFirstOrThrow({ where: { status: 'IN_REVIEW' }, include: { checklist: true } });
    const thread = await db.thread.findFirstOrThrow({ where: { version: { app: { partner: { slug: 'acme' } } } } });
    ids = {
      app: globalId('App', stats.id),
      draft: globalId('AppVersion', draft.id),
      inReview: globalId('AppVersion', inReview.id),
      thread: globalId('Thread', thread.id),
      itemKey: inReview.checklist[0]!.key,
      foreignApp: globalId('App', stats.id),
      foreignVersion: globalId('AppVersion', draft.id),
      foreignThread: globalId('Thread', thread.id),
    };
  });
  afterAll(async () => {
    await server?.stop();
  });
  afterEach(() => {
    errorLog?.mockRestore();
  });

  const mutate = (field: string, args: string, variables: Record<string, unknown>, token: string) =>
    gql(
      server.url,
      `mutation(${Object.keys(variables).map((name) => `$${name}: ${VARIABLE_TYPES[name] ?? 'String'}`).join(', ')}) {
        r: ${field}(${args}) { __typename ... on ValidationError { problems { field message } } ... on Error { message } }
      }`,
      variables,
      { token },
    );

  it('should refuse a 10 MB app name, listing name, scope justification and verdict comment quickly, storing nothing', async () => {
    const before = await databaseFingerprint(server);
    const attempts = (value: string): [string, () => ReturnType<typeof mutate>][] => [
      ['name', () => mutate('createApp', 'code: "big-name", name: $name', { name: value }, anna)],
      ['listing.texts.0.name', () => mutate('updateListing', 'appId: $id, listing: $listing', { id: ids.app, listing: { texts: [{ locale: 'en', name: value }] } }, anna)],
      [
        'manifest.scopes.0.justification',
        () => mutate('updateVersion', 'versionId: $id, manifest: $manifest', { id: ids.draft, manifest: { scopes: [{ key: 'orders.read', justification: value }] } }, anna),
      ],
      ['comment', () => mutate('setChecklistVerdict', `versionId: $id, key: "${ids.itemKey}", verdict: FAIL, comment: $comment`, { id: ids.inReview, comment: value }, rita)],
    ];
    // 10 MB never reaches GraphQL: the request body limit answers 413 first.
    for (const [field, attempt] of attempts(TEN_MB)) {
      const started = performance.now();
      const response = await attempt();
      expect(response.status, field).toBe(413);
      expect(response.errors?.[0]?.extensions?.['code'], field).toBe('PAYLOAD_TOO_LARGE');
      expect(performance.now() - started, field).toBeLessThan(5000);
    }
    // Half a megabyte fits the body limit: each field's own bound refuses it, by name.
    for (const [field, attempt] of attempts(HALF_MB)) {
      const started = performance.now();
      const response = await attempt();
      const elapsed = performance.now() - started;
      expect(result(response), field).toMatchObject({ __typename: 'ValidationError', problems: [{ field, message: expect.stringMatching(/at most/) }] });
      // The bound itself is one length comparison; the rest is loopback and JSON.parse.
      expect(elapsed, field).toBeLessThan(5000);
    }
    expect(await databaseFingerprint(server)).toBe(before);
  });

  it('should refuse 1,048,576 countries quickly with a short answer, and 100,000 with one problem', async () => {
    const before = await databaseFingerprint(server);
    const hundredThousand = await mutate('updateListing', 'appId: $id, listing: $listing', { id: ids.app, listing: { countries: Array(100_000).fill('DE') } }, anna);
    expect(result(hundredThousand)).toEqual({
      __typename: 'ValidationError',
      problems: [{ field: 'listing.countries', message: 'must have at most 250 items' }],
      message: 'listing.countries: must have at most 250 items',
    });

    const started = performance.now();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${anna}` },
      body: JSON.stringify({
        query: 'mutation($id: ID!, $c: [String!]) { r: updateListing(appId: $id, listing: { countries: $c }) { __typename } }',
        variables: { id: ids.app, c: Array(1_048_576).fill('DE') },
      }),
    });
    const body = await response.text();
    expect(performance.now() - started).toBeLessThan(15_000);
    // Refused by the request-size limit or by the list bound: either way a short answer.
    expect(body.length).toBeLessThan(2000);
    if (response.status === 200) expect(JSON.parse(body).data.r.__typename).toBe('ValidationError');
    else expect(response.status).toBe(413);
    expect(await databaseFingerprint(server)).toBe(before);
  });

  it('should answer a NUL byte or a lone surrogate in any argument with a typed error and log nothing', async () => {
    errorLog = vi.spyOn(console, 'error');
    const logged = log.mark();
    const before = await databaseFingerprint(server);
    for (const bad of ['a\u0000b', 'a\uD800b', '\uDC00']) {
      const mutations = [
        await mutate('createApp', 'code: $code, name: $name', { code: 'fine-code', name: bad }, anna),
        await mutate('createApp', 'code: $code', { code: bad }, anna),
        await mutate('updateListing', 'appId: $id, listing: $listing', { id: ids.app, listing: { texts: [{ locale: bad, description: bad }] } }, anna),
        await mutate('postComment', 'threadId: $id, body: $body', { id: ids.thread, body: bad }, anna),
        await mutate('postComment', 'threadId: $id, body: $body', { id: bad, body: 'fine' }, anna),
        await mutate('login', 'email: $email, password: $password', { email: bad, password: bad }, ''),
      ];
      for (const response of mutations) {
        expect(response.errors, JSON.stringify(response)).toBeUndefined();
        expect(result(response)!.__typename).toBe('ValidationError');
      }
      const queries = [
        await gql(server.url, 'query($s: String) { catalog(first: 5, filter: { search: $s }) { edges { cursor } } }', { s: bad }),
        await gql(server.url, 'query($s: String!) { app(code: $s) { code } }', { s: bad }),
        await gql(server.url, 'query($s: ID!) { node(id: $s) { id } }', { s: bad }, { token: anna }),
        await gql(server.url, 'query($s: String) { sections { name(locale: $s) } }', { s: bad }),
      ];
      for (const response of queries) {
        expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response)).toBe('BAD_USER_INPUT');
      }
    }
    // The server's failures (a resolver's, the feed's, live delivery's) go to its logger, not the console.
    expect(log.errors(logged)).toEqual([]);
    expect(errorLog).not.toHaveBeenCalled();
    expect(await databaseFingerprint(server)).toBe(before);
  });

  it("should check a list's field arguments again for another request and another field node, though every row of one passed", async () => {
    // The plugin remembers the last field node and variables that passed: another row of the same
    // node and variables is not checked again; another request or another node is.
    for (const document of [
      'query($s: String) { sections { name(locale: $s) } }',
      'query($s: String) { sections { a: name(locale: "en") b: name(locale: $s) } }',
    ]) {
      const good = await gql<{ sections: unknown[] }>(server.url, document, { s: 'en' });
      expect(good.errors).toBeUndefined();
      expect(good.data!.sections.length).toBeGreaterThan(1);
      for (const bad of ['e\u0000n', 'a\uD800b']) {
        const refused = await gql(server.url, document, { s: bad });
        expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(refused)).toBe('BAD_USER_INPUT');
      }
      expect((await gql(server.url, document, { s: 'en' })).errors).toBeUndefined();
    }
  });

  it('should report every bound an input breaks in one ValidationError, and store nothing', async () => {
    const before = await databaseFingerprint(server);
    const listing = {
      texts: [
        { locale: 'en', name: 'x'.repeat(10_000) },
        { locale: 'ru', name: '\u202Egnp.exe' },
      ],
      countries: Array(300).fill('DE'),
    };
    const answer = result(await mutate('updateListing', 'appId: $id, listing: $listing', { id: ids.app, listing }, anna));
    expect(answer?.__typename).toBe('ValidationError');
    expect(answer?.problems?.map((problem) => problem.field)).toEqual(
      expect.arrayContaining(['listing.texts.0.name', 'listing.texts.1.name', 'listing.countries']),
    );
    expect(await databaseFingerprint(server)).toBe(before);
  });

  it('should refuse names with bidirectional overrides or only invisible characters', async () => {
    const before = await databaseFingerprint(server);
    for (const name of ['\u202Egnp.exe', 'Shop\u2066x\u2069', '\u200B\u200C\u200D', '\u2060\uFEFF', ' \u3164 ']) {
      const created = await mutate('createApp', 'code: "odd-name", name: $name', { name }, anna);
      expect(result(created), JSON.stringify(name)).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'name' }] });
      const listed = await mutate('updateListing', 'appId: $id, listing: $listing', { id: ids.app, listing: { texts: [{ locale: 'en', name }] } }, anna);
      expect(result(listed), JSON.stringify(name)).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'listing.texts.0.name' }] });
    }
    // Right-to-left text itself is fine: only the invisible controls that reorder it are refused.
    const arabic = await mutate('updateListing', 'appId: $id, listing: $listing', { id: ids.app, listing: { texts: [{ locale: 'en', name: 'متجر' }] } }, anna);
    expect(result(arabic)!.__typename).toBe('MutationUpdateListingSuccess');
    // Lengths count characters as the domain does: 120 emoji are 240 UTF-16 units and still fit.
    const emoji = await mutate('updateListing', 'appId: $id, listing: $listing', { id: ids.app, listing: { texts: [{ locale: 'en', name: '🦊'.repeat(120) }] } }, anna);
    expect(result(emoji)!.__typename).toBe('MutationUpdateListingSuccess');
    expect(before).not.toBe(await databaseFingerprint(server));
  });

  it("should answer an id of nothing, a malformed id and an id of another type exactly as another partner's real id", async () => {
    const nothing = (type: string) => globalId(type, 'cl0000000000000000nothing');
    const cases = [
      { field: 'updateListing', args: 'appId: $id, listing: { sectionKey: null }', foreign: ids.foreignApp, type: 'App' },
      { field: 'deleteApp', args: 'appId: $id', foreign: ids.foreignApp, type: 'App' },
      { field: 'submitVersion', args: 'versionId: $id', foreign: ids.foreignVersion, type: 'AppVersion' },
      { field: 'updateVersion', args: 'versionId: $id, manifest: { changelog: "x" }', foreign: ids.foreignVersion, type: 'AppVersion' },
      { field: 'postComment', args: 'threadId: $id, body: "x"', foreign: ids.foreignThread, type: 'Thread' },
      { field: 'markThreadAddressed', args: 'threadId: $id', foreign: ids.foreignThread, type: 'Thread' },
    ];
    const before = await databaseFingerprint(server);
    for (const { field, args, foreign, type } of cases) {
      const answers = await Promise.all(
        [foreign, nothing(type), 'not-an-id', globalId('Section', 'x'), globalId(type === 'App' ? 'Thread' : 'App', 'x')].map(async (id) => {
          const response = await mutate(field, args, { id }, olga);
          return JSON.stringify(response);
        }),
      );
      expect(JSON.parse(answers[0]!).data.r.__typename, field).toBe('NotFoundError');
      expect(new Set(answers), field).toEqual(new Set([answers[0]]));
    }
    for (const auth of [{ token: olga }, {}]) {
      const answers = await Promise.all(
        [ids.foreignApp, ids.foreignVersion, ids.foreignThread, nothing('App'), 'not-an-id', globalId('Nope', '1'), globalId('Section', 'x')].map(async (id) =>
          JSON.stringify(await gql(server.url, 'query($id: ID!) { node(id: $id) { id } }', { id }, auth)),
        ),
      );
      expect(JSON.parse(answers[0]!).errors[0].extensions.code).toBe('NOT_FOUND');
      expect(new Set(answers)).toEqual(new Set([answers[0]]));
      const many = await gql(server.url, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [ids.foreignApp, nothing('App')] }, auth);
      expect(many.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    }
    expect(await databaseFingerprint(server)).toBe(before);
  });
});

describe('argument checks remembered for plain values', () => {
  it('should still refuse values that differ from ones that passed, however alike', async () => {
    const { argumentProblems } = await import('../server/src/domain/input-bounds.js');
    for (let i = 0; i < 3; i++) expect(argumentProblems('Query.catalog', { locale: 'en', first: 20 })).toEqual([]);
    expect(argumentProblems('Query.catalog', { locale: 'e\u0000n', first: 20 }).length).toBeGreaterThan(0);
    expect(argumentProblems('Query.catalog', { locale: 'x'.repeat(36), first: 20 }).length).toBeGreaterThan(0);
    expect(argumentProblems('Query.catalog', { locale: 'x'.repeat(35), first: 20 })).toEqual([]);
    expect(argumentProblems('Query.catalog', { locale: 'x'.repeat(36), first: 20 }).length).toBeGreaterThan(0);
  });

  it('should remember an input object of plain values, and still refuse one that differs in a field, its type or its presence', async () => {
    const { argumentProblems } = await import('../server/src/domain/input-bounds.js');
    const filter = { search: null, section: null, freeOnly: null, country: null, apiVersion: 3 };
    for (let i = 0; i < 3; i++) expect(argumentProblems('Query.catalog', { locale: 'en', filter, first: 20 })).toEqual([]);
    const refused = (changed: Record<string, unknown>) => argumentProblems('Query.catalog', { locale: 'en', filter: { ...filter, ...changed }, first: 20 });
    expect(refused({ apiVersion: -3 }).map((p) => p.field)).toEqual(['filter.apiVersion']);
    expect(refused({ apiVersion: '3' }).map((p) => p.field)).toEqual(['filter.apiVersion']);
    expect(refused({ search: 'x'.repeat(10_000) }).map((p) => p.field)).toEqual(['filter.search']);
    expect(refused({ country: 'F\u0000R' }).map((p) => p.field)).toEqual(['filter.country']);
    // A nested object is not remembered: checked every time.
    for (let i = 0; i < 2; i++) expect(refused({ search: { deep: 'x'.repeat(5000) } }).length).toBeGreaterThan(0);
  });
});
