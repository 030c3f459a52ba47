import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// The rules a partner could get around before (issue 12), each over HTTP on both databases: what
// is refused is refused with every reason at once and leaves the database as it was.

const SVG_NS = 'http://www.w3.org/2000/svg';
const LOGO = `<svg xmlns="${SVG_NS}" viewBox="0 0 10 10"><rect width="10" height="10" fill="#36f"/></svg>`;

const ERRORS = `
  __typename
  ... on Error { message }
  ... on ActionRefused { reasons { code message } }
  ... on SubmissionIncompleteError { missing { field message } }
  ... on ValidationError { problems { field message } }`;

type Problem = { field: string; message: string };

/** The database id inside a global (Relay) id: the API takes global ids, the database keeps the inner one. */
const dbId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

describe.each(await serverBackends())('the domain rules on %s', async (backend) => {
  let server: TestServer;
  let anna: string;
  let rita: string;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [anna, rita, admin] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'rita@vetline.dev'),
      login(server.url, 'admin@vetline.dev'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Runs one mutation; `{}` stands for the error fragments plus `success`. */
  async function call(token: string, mutation: string, variables: Record<string, unknown> = {}, success = '') {
    const declared = Object.keys(variables).length
      ? `(${Object.keys(variables)
          .map((name) => `$${name}: ${name === 'listing' ? 'ListingInput!' : 'String'}`)
          .join(', ')})`
      : '';
    const result = await gql(server.url, `mutation ${declared} { ${mutation.replace('{}', `{ ${ERRORS} ${success} }`)} }`, variables, {
      token,
    });
    expect(result.errors).toBeUndefined();
    return Object.values(result.data!)[0] as Record<string, any>;
  }
  const ok = async (token: string, mutation: string, variables: Record<string, unknown> = {}, success = '') => {
    const result = await call(token, mutation, variables, success);
    expect(result.__typename, JSON.stringify(result)).toMatch(/Success$/);
    return result;
  };
  const updateListing = (appId: string, listing: Record<string, unknown>, token = anna) =>
    call(token, `updateListing(appId: "${appId}", listing: $listing) {}`, { listing });

  /** Everything a refusal must leave as it was: the app, its texts, versions, checklists, rounds, and the event log. */
  async function dbState(appGid: string) {
    return {
      app: await server.prisma.app.findUniqueOrThrow({
        where: { id: dbId(appGid) },
        include: {
          texts: { orderBy: { locale: 'asc' } },
          versions: { orderBy: { createdAt: 'asc' }, include: { checklist: { orderBy: { key: 'asc' } }, rounds: true } },
        },
      }),
      apps: await server.prisma.app.count(),
      events: await server.prisma.event.count(),
    };
  }

  const FULL_LISTING = {
    texts: [
      { locale: 'en', name: 'Rules', description: 'Keeps the rules', installationGuide: 'Press connect' },
      { locale: 'ru', name: 'Правила', description: 'Соблюдает правила', installationGuide: 'Нажмите «Подключить»' },
    ],
    countries: ['US', 'DE'],
    logoSvg: LOGO,
    supportUrl: 'https://rules.example/support',
    documentationUrl: 'https://rules.example/docs',
  };

  /** A new app in DEVELOPMENT with a complete listing in `sectionKey` and a draft 1.0 whose checklist is answered. */
  async function developedApp(code: string, sectionKey = 'crm-tools') {
    const created = await ok(anna, `createApp(code: "${code}") {}`, {}, '... on MutationCreateAppSuccess { data { id } }');
    const appGid: string = created.data.id;
    await ok(anna, `requestConsultation(appId: "${appGid}") {}`);
    await ok(admin, `decideConsultation(appId: "${appGid}", approve: true) {}`);
    await ok(anna, `updateListing(appId: "${appGid}", listing: $listing) {}`, { listing: { ...FULL_LISTING, sectionKey } });
    const version = await ok(
      anna,
      `createVersion(appId: "${appGid}", version: "1.0", manifest: { connectionUrl: "https://rules.example/connect" }) {}`,
      {},
      '... on MutationCreateVersionSuccess { data { id checklist { key kind } } }',
    );
    const versionGid: string = version.data.id;
    for (const item of version.data.checklist as { key: string; kind: string }[]) await answer(versionGid, item.key, answerFor(item.kind));
    return { appId: appGid, versionId: versionGid };
  }
  const answerFor = (kind: string) =>
    kind === 'URL' ? 'https://rules.example/guide' : kind === 'CONFIRMATION' ? 'yes' : 'login: demo / password: demo';
  const answer = (versionId: string, key: string, value: string) =>
    ok(anna, `answerChecklistItem(versionId: "${versionId}", key: "${key}", answer: "${value}") {}`);
  const submit = (versionId: string) => ok(anna, `submitVersion(versionId: "${versionId}") {}`);
  async function approve(versionId: string) {
    await ok(rita, `claimReview(versionId: "${versionId}") {}`);
    await ok(rita, `approveVersion(versionId: "${versionId}") {}`);
  }
  async function publishedApp(code: string) {
    const app = await developedApp(code);
    await submit(app.versionId);
    await approve(app.versionId);
    await ok(anna, `releaseVersion(versionId: "${app.versionId}") {}`);
    return app;
  }
  const versionStatus = async (versionId: string) =>
    (await server.prisma.appVersion.findUniqueOrThrow({ where: { id: dbId(versionId) }, select: { status: true } })).status;
  const sorted = (problems: Problem[]) => [...problems].sort((a, b) => a.field.localeCompare(b.field));

  describe('required materials of a published or reviewed app', () => {
    const REMOVE_EVERYTHING = {
      texts: [{ locale: 'ru', name: '', description: '  ', installationGuide: null }],
      logoSvg: null,
      supportUrl: '',
      documentationUrl: '',
      countries: [],
      sectionKey: null,
    };
    const EVERY_REMOVAL = [
      'countries',
      'documentationUrl',
      'logoSvg',
      'sectionKey',
      'supportUrl',
      'texts.0.description',
      'texts.0.installationGuide',
      'texts.0.name',
    ];

    it('should refuse removing any of them from a published app, naming each, and change nothing', async () => {
      const { appId } = await publishedApp('rules-published');
      const before = await dbState(appId);
      const refused = await updateListing(appId, REMOVE_EVERYTHING);
      expect(refused.__typename).toBe('ValidationError');
      expect(refused.problems.map((p: Problem) => p.field).sort()).toEqual(EVERY_REMOVAL);
      expect(sorted(refused.problems).find((p) => p.field === 'texts.0.name')).toEqual({
        field: 'texts.0.name',
        message: 'Name (ru) is empty: it cannot be removed while the app is published or in review',
      });
      expect(await dbState(appId)).toEqual(before);

      // The catalog still serves the Russian name.
      const listing = await gql(server.url, `{ app(code: "rules-published") { listing(locale: "ru") { name } } }`);
      expect(listing.data!.app.listing.name).toBe('Правила');
    });

    it('should refuse removing them while a version is in review or approved', async () => {
      const { appId, versionId } = await developedApp('rules-in-review');
      await submit(versionId);
      for (const step of ['SUBMITTED', 'APPROVED']) {
        if (step === 'APPROVED') await approve(versionId);
        expect(await versionStatus(versionId)).toBe(step);
        const before = await dbState(appId);
        const refused = await updateListing(appId, { logoSvg: null, texts: [{ locale: 'en', name: '' }] });
        expect(refused.problems.map((p: Problem) => p.field).sort()).toEqual(['logoSvg', 'texts.0.name']);
        expect(await dbState(appId)).toEqual(before);
      }
    });

    it('should let them change, and let a draft-only app remove them', async () => {
      const { appId } = await publishedApp('rules-edit-live');
      const edited = await updateListing(appId, {
        texts: [{ locale: 'ru', name: 'Правила 2' }],
        countries: ['FR'],
        supportUrl: 'https://rules.example/help',
      });
      expect(edited.__typename).toBe('MutationUpdateListingSuccess');

      const draft = await developedApp('rules-draft-only');
      const cleared = await updateListing(draft.appId, REMOVE_EVERYTHING);
      expect(cleared.__typename).toBe('MutationUpdateListingSuccess');
      const stored = await server.prisma.app.findUniqueOrThrow({ where: { id: dbId(draft.appId) }, include: { texts: true } });
      expect(stored).toMatchObject({ logoSvg: null, supportUrl: null, documentationUrl: null, countries: [], sectionId: null });
    });
  });

  describe('a section change', () => {
    it("should give an editable draft the new section's checklist, keeping the answers both share", async () => {
      const { appId, versionId } = await developedApp('rules-to-payments');
      const before = await server.prisma.checklistItem.findMany({ where: { versionId: dbId(versionId) }, orderBy: { position: 'asc' } });
      expect(before.map((i) => i.key)).not.toContain('transmits-chargebacks');

      const moved = await updateListing(appId, { sectionKey: 'payments' });
      expect(moved.__typename).toBe('MutationUpdateListingSuccess');

      const template = await server.prisma.checklistTemplate.findFirstOrThrow({
        where: { section: { key: 'payments' } },
        include: { items: { orderBy: { position: 'asc' } } },
      });
      const after = await server.prisma.checklistItem.findMany({ where: { versionId: dbId(versionId) }, orderBy: { position: 'asc' } });
      expect(after.map((i) => i.key)).toEqual(template.items.map((i) => i.key));
      const added = template.items.filter((t) => !before.some((b) => b.key === t.key)).map((t) => t.key);
      expect(added).toEqual(expect.arrayContaining(['transmits-payments', 'transmits-chargebacks']));
      for (const item of after) {
        const previous = before.find((b) => b.key === item.key);
        expect(item.answer, item.key).toBe(previous ? previous.answer : null);
      }

      const event = await server.prisma.event.findFirstOrThrow({ where: { versionId: dbId(versionId), type: 'version.checklist_rebuilt' } });
      expect(event.payload).toEqual({
        version: '1.0',
        section: { old: 'crm-tools', new: 'payments' },
        added,
        removed: before.filter((b) => !template.items.some((t) => t.key === b.key)).map((b) => b.key),
      });

      // The payment items now stand between the draft and the queue.
      const refused = await call(anna, `submitVersion(versionId: "${versionId}") {}`);
      expect(refused.missing.map((m: Problem) => m.field)).toEqual(added.map((key) => `checklist.${key}`));
    });

    it('should be refused while a version is in review, saying why, and change nothing', async () => {
      const { appId, versionId } = await developedApp('rules-section-locked');
      await submit(versionId);
      const can = await gql(server.url, `{ app(code: "rules-section-locked") { viewerCan { changeSection { allowed reasons { code } } } } }`, {}, {
        token: anna,
      });
      expect(can.data!.app.viewerCan.changeSection).toEqual({ allowed: false, reasons: [{ code: 'WRONG_STATUS' }] });

      const before = await dbState(appId);
      const refused = await updateListing(appId, { sectionKey: 'payments' });
      expect(refused.__typename).toBe('ValidationError');
      expect(refused.problems).toEqual([
        {
          field: 'sectionKey',
          message:
            "A version is in review or approved with the current section's checklist; withdraw it or wait for its release before changing the section",
        },
      ]);
      expect(await dbState(appId)).toEqual(before);

      // Other listing edits still apply at once.
      expect((await updateListing(appId, { texts: [{ locale: 'en', name: 'Rules, renamed' }] })).__typename).toBe(
        'MutationUpdateListingSuccess',
      );
    });
  });

  it('should report every field problem at once, an unknown section included, and change nothing', async () => {
    const { appId } = await developedApp('rules-all-at-once');
    const before = await dbState(appId);
    const refused = await updateListing(appId, {
      sectionKey: 'no-such-section',
      countries: ['US', 'XX'],
      priceMinor: -1,
      supportUrl: 'ftp://rules.example',
      logoSvg: `<svg xmlns="${SVG_NS}"/>`,
    });
    expect(refused.__typename).toBe('ValidationError');
    expect(refused.problems.map((p: Problem) => p.field).sort()).toEqual(['countries.1', 'logoSvg', 'priceMinor', 'sectionKey', 'supportUrl']);
    expect(refused.problems).toContainEqual({ field: 'sectionKey', message: 'no-such-section is not a section' });
    expect(await dbState(appId)).toEqual(before);
  });

  it('should fall back field by field in the catalog when a locale has only a name', async () => {
    const { appId } = await publishedApp('rules-fallback');
    await ok(anna, `updateListing(appId: "${appId}", listing: $listing) {}`, { listing: { texts: [{ locale: 'de', name: 'Regeln' }] } });
    const result = await gql(
      server.url,
      `{ catalog(first: 100, filter: { search: "rules-fallback" }) { edges { node { listing(locale: "de") { locale name description installationGuide } } } } }`,
    );
    expect(result.data!.catalog.edges).toEqual([
      { node: { listing: { locale: 'de', name: 'Regeln', description: 'Keeps the rules', installationGuide: 'Press connect' } } },
    ]);
  });

  it('should refuse a logo sanitised down to nothing and accept a namespace-prefixed one', async () => {
    const { appId } = await developedApp('rules-logo');
    const before = await dbState(appId);
    const empty = await updateListing(appId, { logoSvg: `<svg xmlns="${SVG_NS}"><script>alert(1)</script></svg>` });
    expect(empty.problems).toEqual([
      {
        field: 'logoSvg',
        message:
          'The logo draws nothing once scripts, handlers and external references are removed: it needs a shape, text or image of its own',
      },
    ]);
    expect(await dbState(appId)).toEqual(before);

    const prefixed = await call(
      anna,
      `updateListing(appId: "${appId}", listing: $listing) {}`,
      { listing: { logoSvg: `<s:svg xmlns:s="${SVG_NS}" viewBox="0 0 4 4"><s:circle r="2"/></s:svg>` } },
      '... on MutationUpdateListingSuccess { data { logoSvg } }',
    );
    expect(prefixed.data.logoSvg).toBe(`<svg xmlns="${SVG_NS}" viewBox="0 0 4 4"><circle r="2"/></svg>`);
  });

  it('should keep app codes unique whatever their case, in the API and in the database', async () => {
    await ok(anna, 'createApp(code: "Rules-Case") {}');
    const before = await server.prisma.app.count();
    const events = await server.prisma.event.count();
    const refused = await call(anna, 'createApp(code: "rules-CASE") {}');
    expect(refused.problems).toEqual([
      { field: 'code', message: 'rules-CASE is already taken (as Rules-Case; codes differ by more than case)' },
    ]);
    expect(await server.prisma.app.count()).toBe(before);
    expect(await server.prisma.event.count()).toBe(events);

    // The index backs the rule when two requests race past the check.
    const existing = await server.prisma.app.findUniqueOrThrow({ where: { code: 'Rules-Case' } });
    await expect(
      server.prisma.app.create({ data: { code: 'RULES-CASE', partnerId: existing.partnerId, createdById: existing.createdById } }),
    ).rejects.toThrow();
    expect(await server.prisma.app.count()).toBe(before);
  });

  it('should not take "no" as the answer to a mandatory confirmation', async () => {
    const { appId, versionId } = await developedApp('rules-confirmation');
    const item = await server.prisma.checklistItem.findFirstOrThrow({ where: { versionId: dbId(versionId), kind: 'CONFIRMATION', mandatory: true } });
    await answer(versionId, item.key, 'No');
    expect((await server.prisma.checklistItem.findUniqueOrThrow({ where: { id: item.id } })).answer).toBe('no');

    const before = await dbState(appId);
    const refused = await call(anna, `submitVersion(versionId: "${versionId}") {}`);
    expect(refused.__typename).toBe('SubmissionIncompleteError');
    expect(refused.missing).toEqual([
      { field: `checklist.${item.key}`, message: `Confirm the checklist item "${item.label}": it is mandatory, and "no" does not confirm it` },
    ]);
    expect(await dbState(appId)).toEqual(before);

    await answer(versionId, item.key, 'yes');
    expect((await submit(versionId)).__typename).toBe('MutationSubmitVersionSuccess');
  });

  it('should withdraw the version in flight of a deleted app, record it and take it out of the queue', async () => {
    const { appId, versionId } = await developedApp('rules-delete');
    await submit(versionId);
    await ok(rita, `claimReview(versionId: "${versionId}") {}`);
    const queue = async () =>
      (await gql(server.url, '{ moderationQueue(first: 100) { edges { node { id } } } }', {}, { token: rita })).data!.moderationQueue.edges.map(
        (e: { node: { id: string } }) => e.node.id,
      );
    const queuedBefore = await queue();
    expect(queuedBefore).toHaveLength(await server.prisma.appVersion.count({ where: { status: { in: ['SUBMITTED', 'IN_REVIEW'] }, app: { deletedAt: null } } }));

    await ok(anna, `deleteApp(appId: "${appId}") {}`);
    const version = await server.prisma.appVersion.findUniqueOrThrow({ where: { id: dbId(versionId) }, include: { rounds: true } });
    expect(version).toMatchObject({ status: 'WITHDRAWN', assigneeId: null });
    expect(version.rounds.map((r) => r.outcome)).toEqual(['WITHDRAWN']);
    const events = await server.prisma.event.findMany({ where: { appId: dbId(appId) }, orderBy: { id: 'desc' }, take: 2 });
    expect(events.map((e) => [e.type, e.versionId])).toEqual([
      ['app.deleted', null],
      ['version.withdrawn', dbId(versionId)],
    ]);
    expect(events[1]!.payload).toEqual({ version: '1.0', status: { old: 'IN_REVIEW', new: 'WITHDRAWN' }, appDeleted: true });
    expect((await queue()).length).toBe(queuedBefore.length - 1);
    expect(await server.prisma.appVersion.count({ where: { status: { in: ['SUBMITTED', 'IN_REVIEW'] }, app: { deletedAt: { not: null } } } })).toBe(0);
  });

  it('should let the partner withdraw an approved, unreleased version and start the next one', async () => {
    const { appId, versionId } = await developedApp('rules-approved-withdrawn');
    await submit(versionId);
    await approve(versionId);
    // While it is approved, the app's one in-flight slot is taken.
    const blocked = await call(anna, `createVersion(appId: "${appId}", version: "1.1") {}`);
    expect(blocked.reasons).toEqual([{ code: 'WRONG_STATUS', message: 'The app already has a version in flight' }]);

    const withdrawn = await ok(anna, `withdrawVersion(versionId: "${versionId}") {}`, {}, '... on MutationWithdrawVersionSuccess { data { status } }');
    expect(withdrawn.data.status).toBe('WITHDRAWN');
    const event = await server.prisma.event.findFirstOrThrow({ where: { versionId: dbId(versionId), type: 'version.withdrawn' } });
    expect(event.payload).toEqual({ version: '1.0', status: { old: 'APPROVED', new: 'WITHDRAWN' } });
    expect((await call(anna, `releaseVersion(versionId: "${versionId}") {}`)).__typename).toBe('InvalidStatusError');
    expect((await call(anna, `createVersion(appId: "${appId}", version: "1.1") {}`)).__typename).toBe('MutationCreateVersionSuccess');
  });
});
