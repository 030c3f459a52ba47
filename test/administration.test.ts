import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceData } from '../server/src/cache/reference-data.js';
import { EventFeed } from '../server/src/events/feed.js';
import { databaseFingerprint } from './helpers/fingerprint.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// Marketplace administration (issue 12, item 3) over HTTP on both databases: sections, partners'
// section requests and checklist templates; every refusal typed and leaving the database as it was.

const SVG_NS = 'http://www.w3.org/2000/svg';
const LOGO = `<svg xmlns="${SVG_NS}" viewBox="0 0 10 10"><rect width="10" height="10" fill="#36f"/></svg>`;
const APP_ERRORS = `
  __typename
  ... on Error { message }
  ... on ActionRefused { reasons { code message } }
  ... on ValidationError { problems { field message } }`;
const ERRORS = `${APP_ERRORS}
  ... on SectionNotEmptyError { sectionKey appCount }`;
const FULL_LISTING = {
  texts: [
    { locale: 'en', name: 'Admin test', description: 'Tests administration', installationGuide: 'Press connect' },
    { locale: 'ru', name: 'Тест', description: 'Проверяет администрирование', installationGuide: 'Нажмите «Подключить»' },
  ],
  countries: ['US', 'DE'],
  logoSvg: LOGO,
  supportUrl: 'https://admin.example/support',
  documentationUrl: 'https://admin.example/docs',
};
const dbId = (gid: string) => Buffer.from(gid, 'base64').toString().split(':')[1]!;
type Problem = { field: string; message: string };

/** Runs one operation and answers its only root field, failing on request-level errors. */
async function run(url: string, token: string | undefined, document: string, variables: Record<string, unknown> = {}) {
  const result = await gql(url, document, variables, token ? { token } : {});
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return Object.values(result.data!)[0] as Record<string, any>;
}

describe.each(await serverBackends())('marketplace administration on %s', (backend) => {
  let server: TestServer;
  let admin: string;
  let rita: string;
  let anna: string;
  let olga: string;
  let acmeId: string;
  let nordlysId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [admin, rita, anna, olga] = (await Promise.all(
      ['admin@vetline.dev', 'rita@vetline.dev', 'anna@acme.dev', 'olga@nordlys.dev'].map((email) => login(server.url, email)),
    )) as [string, string, string, string];
    const partners = await server.prisma.partner.findMany({ where: { slug: { in: ['acme', 'nordlys'] } } });
    acmeId = globalId('Partner', partners.find((p) => p.slug === 'acme')!.id);
    nordlysId = globalId('Partner', partners.find((p) => p.slug === 'nordlys')!.id);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const call = (token: string | undefined, document: string, variables: Record<string, unknown> = {}) => run(server.url, token, document, variables);
  const ok = async (token: string, document: string, variables: Record<string, unknown> = {}) => {
    const result = await call(token, document, variables);
    expect(result.__typename, JSON.stringify(result)).toMatch(/Success$/);
    return result;
  };
  const names = (en: string, ru: string) => [
    { locale: 'en', name: en },
    { locale: 'ru', name: ru },
  ];
  const createSection = (token: string, key: string, list = names(key, key)) =>
    call(token, `mutation ($k: String!, $n: [LocalizedNameInput!]!) { createSection(key: $k, names: $n) { ${ERRORS} ... on MutationCreateSectionSuccess { data { key name retired } } } }`, {
      k: key,
      n: list,
    });
  const retire = (token: string, key: string, moveTo?: string) =>
    call(token, `mutation ($k: String!, $m: String) { retireSection(key: $k, moveTo: $m) { ${ERRORS} ... on MutationRetireSectionSuccess { data { key retired } } } }`, {
      k: key,
      m: moveTo ?? null,
    });
  const setTemplate = (token: string, sectionKey: string | null, items: Record<string, unknown>[]) =>
    call(
      token,
      `mutation ($s: String, $i: [ChecklistTemplateItemInput!]!) { setChecklistTemplate(sectionKey: $s, items: $i) { ${ERRORS} ... on MutationSetChecklistTemplateSuccess { data { key items { key label kind mandatory position } } } } }`,
      { s: sectionKey, i: items },
    );
  /** The public section list, as a catalog client reads it (anonymous: through the response cache). */
  const publicSections = async (url = server.url) =>
    (await run(url, undefined, `{ sections { key name(locale: "en") } }`)) as unknown as { key: string; name: string }[];

  /** A new app of Acme in DEVELOPMENT, listed in `sectionKey`, with a draft 1.0 whose checklist is answered. */
  async function developedApp(code: string, sectionKey: string) {
    const created = await ok(anna, `mutation { createApp(code: "${code}") { ${APP_ERRORS} ... on MutationCreateAppSuccess { data { id } } } }`);
    const appId: string = created.data.id;
    await ok(anna, `mutation { requestConsultation(appId: "${appId}") { ${APP_ERRORS} } }`);
    await ok(admin, `mutation { decideConsultation(appId: "${appId}", approve: true) { ${APP_ERRORS} } }`);
    await ok(anna, `mutation ($l: ListingInput!) { updateListing(appId: "${appId}", listing: $l) { ${APP_ERRORS} } }`, { l: { ...FULL_LISTING, sectionKey } });
    const version = await ok(
      anna,
      `mutation { createVersion(appId: "${appId}", version: "1.0", manifest: { connectionUrl: "https://admin.example/connect" }) { ${APP_ERRORS} ... on MutationCreateVersionSuccess { data { id checklist { key kind } } } } }`,
    );
    const versionId: string = version.data.id;
    for (const item of version.data.checklist as { key: string; kind: string }[]) {
      const answer = item.kind === 'URL' ? 'https://admin.example/guide' : item.kind === 'CONFIRMATION' ? 'yes' : `answer to ${item.key}`;
      await ok(anna, `mutation ($v: ID!, $k: String!, $a: String) { answerChecklistItem(versionId: $v, key: $k, answer: $a) { ${APP_ERRORS} } }`, { v: versionId, k: item.key, a: answer });
    }
    return { appId, versionId };
  }
  const checklistOf = (versionId: string) =>
    server.prisma.checklistItem.findMany({ where: { versionId: dbId(versionId) }, orderBy: { position: 'asc' } });

  describe('sections', () => {
    it('should show a new section, and a renamed one, in the catalog at the next request', async () => {
      // Cached first: the change must reach past the response cache.
      expect((await publicSections()).map((s) => s.key)).not.toContain('loyalty');
      const created = await createSection(admin, 'loyalty', names('Loyalty', 'Лояльность'));
      expect(created).toEqual({ __typename: 'MutationCreateSectionSuccess', data: { key: 'loyalty', name: 'Loyalty', retired: false } });
      expect(await publicSections()).toContainEqual({ key: 'loyalty', name: 'Loyalty' });

      const renamed = await call(
        admin,
        `mutation ($n: [LocalizedNameInput!]!) { renameSection(key: "loyalty", names: $n) { ${ERRORS} ... on MutationRenameSectionSuccess { data { names { locale name } } } } }`,
        { n: [{ locale: 'en', name: 'Loyalty programs' }] },
      );
      expect(renamed.data.names).toEqual([
        { locale: 'en', name: 'Loyalty programs' },
        { locale: 'ru', name: 'Лояльность' },
      ]);
      expect(await publicSections()).toContainEqual({ key: 'loyalty', name: 'Loyalty programs' });

      const events = await server.prisma.event.findMany({ where: { type: { in: ['section.created', 'section.renamed'] } }, orderBy: { id: 'asc' } });
      expect(events.map((e) => [e.type, e.partnerId, e.payload])).toEqual([
        ['section.created', null, { key: 'loyalty', names: { en: 'Loyalty', ru: 'Лояльность' }, requestId: null }],
        ['section.renamed', null, { key: 'loyalty', names: { old: { en: 'Loyalty', ru: 'Лояльность' }, new: { en: 'Loyalty programs', ru: 'Лояльность' } } }],
      ]);
      const history = await call(admin, `{ administrationHistory(first: 5) { edges { node { type actor { name } } } } }`);
      expect(history.edges.map((e: any) => e.node.type)).toEqual(expect.arrayContaining(['section.created', 'section.renamed']));
    });

    it('should refuse non-admins with ForbiddenError and bad input with every problem at once, changing nothing', async () => {
      const before = await databaseFingerprint(server);
      const sections = await server.prisma.section.findMany({ orderBy: { key: 'asc' } });
      for (const token of [rita, anna]) {
        const refused = await createSection(token, 'forbidden-one');
        expect(refused.__typename).toBe('ForbiddenError');
        expect(refused.reasons).toEqual([{ code: 'FORBIDDEN', message: 'Only marketplace admins may create sections' }]);
        expect((await retire(token, 'payments', 'delivery')).__typename).toBe('ForbiddenError');
        expect((await setTemplate(token, null, [{ key: 'x', label: 'X', kind: 'TEXT', mandatory: true }])).__typename).toBe('ForbiddenError');
      }
      const invalid = await createSection(admin, 'Bad Key!', [{ locale: 'en', name: 'Bad' }]);
      expect(invalid.__typename).toBe('ValidationError');
      expect(invalid.problems.map((p: Problem) => p.field).sort()).toEqual(['key', 'names.ru']);
      const taken = await createSection(admin, 'payments');
      expect(taken.problems).toEqual([{ field: 'key', message: 'payments is taken' }]);
      expect((await retire(admin, 'no-such-section')).__typename).toBe('NotFoundError');
      expect(await databaseFingerprint(server)).toBe(before);
      expect(await server.prisma.section.findMany({ orderBy: { key: 'asc' } })).toEqual(sections);
    });

    it('should retire a section with apps only when told where they go, moving them and rebuilding their drafts', async () => {
      expect((await createSection(admin, 'short-lived')).__typename).toBe('MutationCreateSectionSuccess');
      const first = await developedApp('admin-retire-one', 'short-lived');
      const second = await developedApp('admin-retire-two', 'short-lived');

      const before = await databaseFingerprint(server);
      const refused = await retire(admin, 'short-lived');
      expect(refused).toMatchObject({ __typename: 'SectionNotEmptyError', sectionKey: 'short-lived', appCount: 2 });
      expect(refused.message).toBe('2 apps are in short-lived; say which section they move to');
      const badTarget = await retire(admin, 'short-lived', 'short-lived');
      expect(badTarget.problems).toEqual([{ field: 'moveTo', message: 'must be another section than the one retired' }]);
      expect(await databaseFingerprint(server)).toBe(before);

      const retired = await retire(admin, 'short-lived', 'payments');
      expect(retired).toEqual({ __typename: 'MutationRetireSectionSuccess', data: { key: 'short-lived', retired: true } });
      // Gone from the catalog's list and from the choices; still readable by staff.
      expect((await publicSections()).map((s) => s.key)).not.toContain('short-lived');
      const all = (await call(admin, `{ allSections { key retired appCount } }`)) as unknown as { key: string; retired: boolean; appCount: number }[];
      expect(all).toContainEqual({ key: 'short-lived', retired: true, appCount: 0 });
      const back = await call(anna, `mutation ($l: ListingInput!) { updateListing(appId: "${first.appId}", listing: $l) { ${APP_ERRORS} } }`, {
        l: { sectionKey: 'short-lived' },
      });
      expect(back.problems).toEqual([{ field: 'sectionKey', message: 'short-lived is not a section' }]);

      const payments = await server.prisma.checklistTemplate.findFirstOrThrow({ where: { section: { key: 'payments' } }, include: { items: { orderBy: { position: 'asc' } } } });
      for (const app of [first, second]) {
        const row = await server.prisma.app.findUniqueOrThrow({ where: { id: dbId(app.appId) }, include: { section: true } });
        expect(row.section?.key).toBe('payments');
        expect((await checklistOf(app.versionId)).map((i) => i.key)).toEqual(payments.items.map((i) => i.key));
        const events = await server.prisma.event.findMany({ where: { appId: dbId(app.appId), type: { in: ['app.listing_updated', 'version.checklist_rebuilt'] } }, orderBy: { id: 'desc' }, take: 2 });
        expect(events.map((e) => e.type).sort()).toEqual(['app.listing_updated', 'version.checklist_rebuilt']);
      }
      const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'section.retired' } });
      expect(event.payload).toEqual({ key: 'short-lived', movedTo: 'payments', movedApps: 2 });
      expect((await retire(admin, 'short-lived')).__typename).toBe('InvalidStatusError');
    });

    it("should bring an instance's sections up to a generation its feed had not heard of yet", async () => {
      // Another instance's view: a feed nobody nudges and that never polls within the test.
      const silent = { publish() {}, subscribe: () => () => {}, close: async () => {} };
      const feed = new EventFeed(server.prisma, silent, 600_000);
      await feed.start();
      const reference = new ReferenceData(server.prisma);
      await reference.start(feed);
      try {
        expect((await createSection(admin, 'caught-up')).__typename).toBe('MutationCreateSectionSuccess');
        const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'section.created', payload: { path: ['key'], equals: 'caught-up' } } });
        expect(reference.sections.map((s) => s.key)).not.toContain('caught-up');
        // What the public cache does on a miss under generation `event.id`.
        await reference.through(event.id);
        expect(reference.sections.map((s) => s.key)).toContain('caught-up');
        expect(feed.cursor).toBeGreaterThanOrEqual(event.id);
      } finally {
        reference.stop();
        await feed.stop();
      }
    });
  });

  describe('checklist templates', () => {
    it('should apply a template change to editable drafts (keeping shared answers) and new versions, never to versions in review', async () => {
      expect((await createSection(admin, 'templated')).__typename).toBe('MutationCreateSectionSuccess');
      const draft = await developedApp('admin-template-draft', 'templated');
      const submitted = await developedApp('admin-template-submitted', 'templated');
      await ok(anna, `mutation { submitVersion(versionId: "${submitted.versionId}") { ${APP_ERRORS} } }`);
      const draftBefore = await checklistOf(draft.versionId);
      const submittedBefore = await checklistOf(submitted.versionId);
      const [kept, , dropped] = draftBefore;
      expect(kept && dropped).toBeTruthy();

      const items = [
        { key: 'loyalty-points', label: 'Awards points for purchases', kind: 'CONFIRMATION', mandatory: true },
        { key: kept!.key, label: 'Renamed: connects correctly', kind: kept!.kind, mandatory: false },
        ...draftBefore.slice(1).filter((i) => i.key !== dropped!.key).map((i) => ({ key: i.key, label: i.label, kind: i.kind, mandatory: i.mandatory })),
      ];
      const saved = await setTemplate(admin, 'templated', items);
      expect(saved.__typename).toBe('MutationSetChecklistTemplateSuccess');
      expect(saved.data.items.map((i: any) => i.key)).toEqual(items.map((i) => i.key));

      // The draft follows: new order and labels, the new item unanswered, the dropped one gone, the others' answers kept.
      const draftAfter = await checklistOf(draft.versionId);
      expect(draftAfter.map((i) => i.key)).toEqual(items.map((i) => i.key));
      expect(draftAfter[0]).toMatchObject({ key: 'loyalty-points', answer: null });
      expect(draftAfter[1]).toMatchObject({ key: kept!.key, label: 'Renamed: connects correctly', mandatory: false, answer: kept!.answer });
      for (const item of draftAfter.slice(1)) expect(item.answer, item.key).toBe(draftBefore.find((b) => b.key === item.key)!.answer);
      const rebuilt = await server.prisma.event.findFirstOrThrow({ where: { versionId: dbId(draft.versionId), type: 'version.checklist_rebuilt' } });
      expect(rebuilt.payload).toEqual({ version: '1.0', section: { old: 'templated', new: 'templated' }, added: ['loyalty-points'], removed: [dropped!.key], templateChanged: true });

      // The submitted version keeps the checklist it was sent with.
      expect(await checklistOf(submitted.versionId)).toEqual(submittedBefore);
      expect(await server.prisma.event.count({ where: { versionId: dbId(submitted.versionId), type: 'version.checklist_rebuilt' } })).toBe(0);

      // A version created afterwards gets the new template.
      const later = await developedApp('admin-template-later', 'templated');
      expect((await checklistOf(later.versionId)).map((i) => i.key)).toEqual(items.map((i) => i.key));

      const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'checklist.template_updated' }, orderBy: { id: 'desc' } });
      expect(event.payload).toMatchObject({ template: 'templated', section: 'templated', rebuilt: 1, items: { new: items.map((i) => i.key) } });
      const history = await call(admin, `{ administrationHistory(first: 3) { edges { node { type } } } }`);
      expect(history.edges.map((e: any) => e.node.type)).toContain('checklist.template_updated');
    });

    it('should refuse an invalid template with every problem at once and change nothing', async () => {
      const before = await databaseFingerprint(server);
      const templates = await server.prisma.checklistTemplateItem.findMany({ orderBy: { id: 'asc' } });
      const refused = await setTemplate(admin, 'payments', [
        { key: 'same', label: 'One', kind: 'TEXT', mandatory: true },
        { key: 'same', label: '  ', kind: 'URL', mandatory: false },
        { key: 'Not A Key', label: 'Three', kind: 'TEXT', mandatory: true },
      ]);
      expect(refused.__typename).toBe('ValidationError');
      expect(refused.problems).toEqual([
        { field: 'items.1.key', message: 'same is used by another item' },
        { field: 'items.1.label', message: 'must not be empty' },
        { field: 'items.2.key', message: 'must be lower-case Latin letters, digits and dashes (e.g. test-account)' },
      ]);
      expect((await setTemplate(admin, 'no-such', [{ key: 'a', label: 'A', kind: 'TEXT', mandatory: true }])).problems).toEqual([
        { field: 'sectionKey', message: 'no-such is not a section' },
      ]);
      expect(await databaseFingerprint(server)).toBe(before);
      expect(await server.prisma.checklistTemplateItem.findMany({ orderBy: { id: 'asc' } })).toEqual(templates);
    });
  });

  describe("partners' section requests", () => {
    const REQUEST = `__typename ... on MutationRequestSectionSuccess { data { id name status } }`;
    const requestSection = (token: string, partnerId: string, appId: string | null, name: string, reason = 'Our app fits nowhere else') =>
      call(token, `mutation ($p: ID!, $a: ID, $n: String!, $r: String!) { requestSection(partnerId: $p, appId: $a, name: $n, reason: $r) { ${ERRORS} ${REQUEST} } }`, {
        p: partnerId,
        a: appId,
        n: name,
        r: reason,
      });
    const REQUEST_FIELDS = `id name reason status decisionNote partner { slug } app { code } section { key name(locale: "en") }`;

    it('should let an admin accept a request (the section made, the app moved) and decline another, each partner seeing only its own', async () => {
      const app = await developedApp('admin-request-app', 'delivery');
      const asked = await requestSection(anna, acmeId, app.appId, 'Gift cards');
      expect(asked.data).toMatchObject({ name: 'Gift cards', status: 'OPEN' });
      const other = await requestSection(olga, nordlysId, null, 'Astrology');

      // Partner isolation: each sees its own; another partner's request reads as missing; asking for another partner is refused.
      const annaSees = (await call(anna, `{ sectionRequests { ${REQUEST_FIELDS} } }`)) as unknown as any[];
      expect(annaSees.map((r) => r.name)).toEqual(['Gift cards']);
      const olgaSees = (await call(olga, `{ sectionRequests { ${REQUEST_FIELDS} } }`)) as unknown as any[];
      expect(olgaSees.map((r) => r.name)).toEqual(['Astrology']);
      const hidden = await gql(server.url, `{ node(id: "${asked.data.id}") { id } }`, {}, { token: olga });
      expect(hidden.errors?.map((e) => e.extensions?.['code'])).toEqual(['NOT_FOUND']);
      expect((await call(anna, `{ node(id: "${asked.data.id}") { id } }`)).id).toBe(asked.data.id);
      const before = await databaseFingerprint(server);
      expect((await requestSection(olga, acmeId, null, 'Sneaky')).__typename).toBe('NotFoundError');
      expect((await requestSection(olga, nordlysId, app.appId, 'Sneaky')).__typename).toBe('NotFoundError');
      const empty = await requestSection(anna, acmeId, null, '', '');
      expect(empty.problems.map((p: Problem) => p.field)).toEqual(['name', 'reason']);
      expect((await requestSection(admin, acmeId, null, 'Staff asks')).__typename).toBe('ForbiddenError');
      // Only admins decide.
      for (const token of [anna, rita]) {
        const refused = await call(token, `mutation { declineSectionRequest(requestId: "${asked.data.id}", reason: "no") { ${ERRORS} } }`);
        expect(refused.__typename).toBe('ForbiddenError');
      }
      expect(await databaseFingerprint(server)).toBe(before);

      const open = (await call(admin, `{ sectionRequests(status: OPEN) { name partner { slug } } }`)) as unknown as any[];
      expect(open).toEqual(expect.arrayContaining([{ name: 'Gift cards', partner: { slug: 'acme' } }, { name: 'Astrology', partner: { slug: 'nordlys' } }]));

      const accepted = await call(
        admin,
        `mutation ($id: ID!, $n: [LocalizedNameInput!]!) { acceptSectionRequest(requestId: $id, key: "gift-cards", names: $n) { ${ERRORS} ... on MutationAcceptSectionRequestSuccess { data { ${REQUEST_FIELDS} } } } }`,
        { id: asked.data.id, n: names('Gift cards', 'Подарочные карты') },
      );
      expect(accepted.data).toMatchObject({ status: 'ACCEPTED', section: { key: 'gift-cards', name: 'Gift cards' }, app: { code: 'admin-request-app' } });
      expect(await publicSections()).toContainEqual({ key: 'gift-cards', name: 'Gift cards' });
      const moved = await server.prisma.app.findUniqueOrThrow({ where: { id: dbId(app.appId) }, include: { section: true } });
      expect(moved.section?.key).toBe('gift-cards');
      const twice = await call(admin, `mutation { declineSectionRequest(requestId: "${asked.data.id}", reason: "late") { ${ERRORS} } }`);
      expect(twice.__typename).toBe('InvalidStatusError');

      const declined = await call(
        admin,
        `mutation { declineSectionRequest(requestId: "${other.data.id}", reason: "Too few apps would use it") { ${ERRORS} ... on MutationDeclineSectionRequestSuccess { data { status decisionNote } } } }`,
      );
      expect(declined.data).toEqual({ status: 'DECLINED', decisionNote: 'Too few apps would use it' });

      // Each partner reads its outcome, in its own requests and in its history; never the other's.
      const annaAfter = (await call(anna, `{ sectionRequests { name status section { key } } }`)) as unknown as any[];
      expect(annaAfter).toEqual([{ name: 'Gift cards', status: 'ACCEPTED', section: { key: 'gift-cards' } }]);
      const olgaAfter = (await call(olga, `{ sectionRequests { name status decisionNote } }`)) as unknown as any[];
      expect(olgaAfter).toEqual([{ name: 'Astrology', status: 'DECLINED', decisionNote: 'Too few apps would use it' }]);
      const history = async (token: string, partnerId: string) =>
        ((await call(token, `{ node(id: "${partnerId}") { ... on Partner { history(last: 100) { edges { node { type payload } } } } } }`)).history.edges as any[])
          .map((e) => e.node)
          .filter((e) => e.type.startsWith('section'));
      expect((await history(anna, acmeId)).map((e) => e.type)).toEqual(['section_request.opened', 'section_request.accepted']);
      expect((await history(olga, nordlysId)).map((e) => [e.type, e.payload.reason ?? null])).toEqual([
        ['section_request.opened', 'Our app fits nowhere else'],
        ['section_request.declined', 'Too few apps would use it'],
      ]);
      // Staff-only events (the section itself) never reach a partner.
      const appHistory = await call(anna, `{ app(code: "admin-request-app") { history(last: 100) { edges { node { type } } } } }`);
      const types = appHistory.history.edges.map((e: any) => e.node.type);
      expect(types).toEqual(expect.arrayContaining(['section_request.opened', 'section_request.accepted', 'app.listing_updated']));
      expect(types).not.toContain('section.created');
      expect((await gql(server.url, `{ administrationHistory(first: 5) { edges { node { type } } } }`, {}, { token: anna })).errors).toBeDefined();
    });
  });
});

const sharedAvailable = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(sharedAvailable)('sections on two instances sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  // Without a nudge an instance reads the log only every ten minutes: a fresh answer proves the catch-up at the request.
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

  it('should show a section created on one instance in the catalog of the other at the next request', async () => {
    const query = `{ sections { key name(locale: "en") } }`;
    expect(((await run(second.url, undefined, query)) as unknown as { key: string }[]).map((s) => s.key)).not.toContain('shared-section');
    const admin = await login(first.url, 'admin@vetline.dev');
    const created = await run(first.url, admin, `mutation { createSection(key: "shared-section", names: [{ locale: "en", name: "Shared" }, { locale: "ru", name: "Общий" }]) { __typename } }`);
    expect(created.__typename).toBe('MutationCreateSectionSuccess');
    expect(await run(second.url, undefined, query)).toContainEqual({ key: 'shared-section', name: 'Shared' });
    const renamed = await run(first.url, admin, `mutation { renameSection(key: "shared-section", names: [{ locale: "en", name: "Shared, renamed" }]) { __typename } }`);
    expect(renamed.__typename).toBe('MutationRenameSectionSuccess');
    expect(await run(second.url, undefined, query)).toContainEqual({ key: 'shared-section', name: 'Shared, renamed' });
  });
});
