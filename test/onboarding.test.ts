import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// A new app's first publication, as a partner, an admin and a reviewer drive it over HTTP.

const ERRORS = `
  __typename
  ... on Error { message }
  ... on ActionRefused { reasons { code message } }
  ... on SubmissionIncompleteError { missing { field } }
  ... on ValidationError { problems { field message } }`;

const LOGO_WITH_SCRIPT = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <a href="javascript:alert(2)"><rect width="10" height="10" fill="#3366ff"/></a>
  <image href="https://tracker.example/pixel.png" width="1" height="1"/>
</svg>`;

describe.each(await serverBackends())('onboarding a new app on %s', async (backend) => {
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

  async function call(token: string, mutation: string, success = '') {
    const result = await gql(server.url, `mutation { ${mutation.replace('{}', `{ ${ERRORS} ${success} }`)} }`, {}, { token });
    expect(result.errors).toBeUndefined();
    return Object.values(result.data!)[0] as Record<string, any>;
  }
  const app = async (token: string, fields: string) =>
    (await gql(server.url, `{ app(code: "acme-onboard") { ${fields} } }`, {}, { token })).data!.app;
  const dbState = async () => ({
    app: await server.prisma.app.findUnique({ where: { code: 'acme-onboard' }, include: { texts: { orderBy: { locale: 'asc' } } } }),
    events: await server.prisma.event.count(),
  });

  it('should go from creation through consultation, development and review to publication', async () => {
    const created = await call(anna, 'createApp(code: "acme-onboard", name: "Onboard") {}', '... on MutationCreateAppSuccess { data { id stage } }');
    expect(created.data.stage).toBe('CREATED');
    const appId = created.data.id;

    // The code is unique and well-formed.
    expect((await call(anna, 'createApp(code: "acme-onboard") {}')).problems).toEqual([{ field: 'code', message: 'acme-onboard is already taken' }]);
    expect((await call(anna, 'createApp(code: "bad code!") {}')).problems[0].field).toBe('code');

    // No version before the consultation is approved.
    expect((await app(anna, 'viewerCan { createVersion { allowed reasons { code } } }')).viewerCan.createVersion).toEqual({
      allowed: false,
      reasons: [{ code: 'WRONG_STATUS' }],
    });
    await call(anna, `requestConsultation(appId: "${appId}") {}`);
    expect((await app(anna, 'stage')).stage).toBe('CONSULTATION');
    expect((await call(rita, `decideConsultation(appId: "${appId}", approve: true) {}`)).__typename).toBe('ForbiddenError');
    expect((await call(admin, `decideConsultation(appId: "${appId}", approve: true, note: "Go ahead") {}`)).__typename).toBe(
      'MutationDecideConsultationSuccess',
    );
    expect((await app(anna, 'stage')).stage).toBe('DEVELOPMENT');

    const version = await call(
      anna,
      `createVersion(appId: "${appId}", version: "1.0", manifest: {
        changelog: "First release", minApiVersion: 3, connectionUrl: "https://onboard.example/connect",
        scopes: [{ key: "orders.read", justification: "Shows the orders to sync" }] }) {}`,
      '... on MutationCreateVersionSuccess { data { id status checklist { key kind mandatory } } }',
    );
    expect(version.data.status).toBe('DRAFT');
    const versionId = version.data.id;
    const checklist: { key: string; kind: string; mandatory: boolean }[] = version.data.checklist;
    expect(checklist.length).toBeGreaterThan(3);

    // Send to moderation is refused with the precise list of what is missing.
    const incomplete = await call(anna, `submitVersion(versionId: "${versionId}") {}`);
    expect(incomplete.__typename).toBe('SubmissionIncompleteError');
    const missing = incomplete.missing.map((m: { field: string }) => m.field);
    expect(missing).toEqual(
      expect.arrayContaining(['listing.description.en', 'listing.name.ru', 'listing.section', 'listing.countries', 'listing.logo']),
    );
    expect(missing).toEqual(expect.arrayContaining(checklist.filter((i) => i.mandatory).map((i) => `checklist.${i.key}`)));

    // Bad listing input names every problem and changes nothing.
    const before = await dbState();
    const invalid = await call(
      anna,
      `updateListing(appId: "${appId}", listing: { priceMinor: 1000, discountedPriceMinor: 1000, countries: ["US", "XX"],
        supportUrl: "ftp://onboard.example", logoSvg: "not an image" }) {}`,
    );
    expect(invalid.__typename).toBe('ValidationError');
    expect(invalid.problems.map((p: { field: string }) => p.field).sort()).toEqual(
      ['countries.1', 'discountedPriceMinor', 'logoSvg', 'supportUrl'].sort(),
    );
    expect(await dbState()).toEqual(before);

    const listed = await call(
      anna,
      `updateListing(appId: "${appId}", listing: {
        texts: [
          { locale: "en", name: "Onboard", description: "Syncs orders", installationGuide: "Click connect" },
          { locale: "ru", name: "Онборд", description: "Синхронизирует заказы", installationGuide: "Нажмите «Подключить»" }
        ],
        sectionKey: "crm-tools", countries: ["us", "de"], priceMinor: 1500, discountedPriceMinor: 990, trialDays: 14, currency: "USD",
        supportUrl: "https://onboard.example/support", documentationUrl: "https://onboard.example/docs",
        logoSvg: ${JSON.stringify(LOGO_WITH_SCRIPT)} }) {}`,
      '... on MutationUpdateListingSuccess { data { logoSvg countries } }',
    );
    expect(listed.__typename).toBe('MutationUpdateListingSuccess');
    expect(listed.data.countries).toEqual(['DE', 'US']);
    const logo: string = listed.data.logoSvg;
    expect(logo.startsWith('<svg')).toBe(true);
    expect(logo).toContain('<rect');
    for (const banned of ['<script', 'onload', 'javascript:', 'tracker.example']) expect(logo).not.toContain(banned);

    for (const item of checklist) {
      const answer = item.kind === 'URL' ? 'https://onboard.example/guide' : item.kind === 'CONFIRMATION' ? 'yes' : 'login: demo / password: demo';
      const answered = await call(anna, `answerChecklistItem(versionId: "${versionId}", key: "${item.key}", answer: "${answer}") {}`);
      expect(answered.__typename).toBe('MutationAnswerChecklistItemSuccess');
    }
    const submitted = await call(anna, `submitVersion(versionId: "${versionId}") {}`, '... on MutationSubmitVersionSuccess { data { status } }');
    expect(submitted.data.status).toBe('SUBMITTED');
    expect(await app(anna, 'stage partnerState platformState available')).toEqual({
      stage: 'IN_REVIEW',
      partnerState: ['ONLINE'],
      platformState: ['PENDING'],
      available: false,
    });

    expect((await call(rita, `claimReview(versionId: "${versionId}") {}`)).__typename).toBe('MutationClaimReviewSuccess');
    expect((await call(rita, `approveVersion(versionId: "${versionId}") {}`)).__typename).toBe('MutationApproveVersionSuccess');
    expect((await app(anna, 'stage')).stage).toBe('IN_REVIEW');
    expect((await call(anna, `releaseVersion(versionId: "${versionId}") {}`)).__typename).toBe('MutationReleaseVersionSuccess');
    expect(await app(anna, 'stage platformState available')).toEqual({ stage: 'PUBLISHED', platformState: ['ONLINE'], available: true });

    // Public now: the catalog serves the caller's locale, and falls back to the first required one.
    const catalog = await gql(
      server.url,
      `{ ru: catalog(first: 100, filter: { search: "онборд" }, locale: "ru") { edges { node { code listing(locale: "ru") { name } } } }
         fr: catalog(first: 100, filter: { country: "US", apiVersion: 3 }) { edges { node { code listing(locale: "fr") { locale name } } } }
         old: catalog(first: 100, filter: { apiVersion: 2 }) { edges { node { code } } } }`,
    );
    expect(catalog.data!.ru.edges).toEqual([{ node: { code: 'acme-onboard', listing: { name: 'Онборд' } } }]);
    expect(catalog.data!.fr.edges).toContainEqual({ node: { code: 'acme-onboard', listing: { locale: 'en', name: 'Onboard' } } });
    expect(catalog.data!.old.edges.map((e: { node: { code: string } }) => e.node.code)).not.toContain('acme-onboard');

    // Listing edits on a published app apply at once and are in the history.
    await call(anna, `updateListing(appId: "${appId}", listing: { texts: [{ locale: "en", name: "Onboard Pro" }] }) {}`);
    expect((await gql(server.url, `{ app(code: "acme-onboard") { listing(locale: "en") { name } } }`)).data!.app.listing.name).toBe('Onboard Pro');
    const history = await app(admin, 'history(first: 100) { edges { node { type payload } } }');
    const last = history.history.edges.at(-1).node;
    expect(last).toEqual({ type: 'app.listing_updated', payload: { changes: { 'name.en': { old: 'Onboard', new: 'Onboard Pro' } } } });
  });

  it('should end an app whose consultation is declined, and keep it that way', async () => {
    const created = await call(anna, 'createApp(code: "acme-declined-idea") {}', '... on MutationCreateAppSuccess { data { id } }');
    const appId = created.data.id;
    await call(anna, `requestConsultation(appId: "${appId}") {}`);
    expect((await call(admin, `decideConsultation(appId: "${appId}", approve: false) {}`)).problems).toEqual([
      { field: 'note', message: 'Say why the app is declined' },
    ]);
    await call(admin, `decideConsultation(appId: "${appId}", approve: false, note: "Duplicates an existing app") {}`);
    const refused = await call(anna, `createVersion(appId: "${appId}", version: "1.0") {}`);
    expect(refused.reasons).toEqual([{ code: 'WRONG_STATUS', message: 'The consultation was declined' }]);
    const view = (await gql(server.url, `{ app(code: "acme-declined-idea") { stage consultation consultationNote } }`, {}, { token: anna })).data!.app;
    expect(view).toEqual({ stage: 'DECLINED', consultation: 'DECLINED', consultationNote: 'Duplicates an existing app' });
  });
});
