import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable, readMarker, setMarker, waitLive } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { gql, login } from '../helpers/graphql.js';
import { repoRoot } from '../helpers/process.js';

/**
 * The dashboard loads graphql-ws with its first subscription (web/src/socket.ts). When that chunk
 * fails to load once (a deploy replaced the hashed file, a network blip), the page tries again
 * like a reconnect and ends up live, without a reload: one failed fetch must not be remembered
 * as "graphql-ws cannot be loaded" for the life of the page.
 */

const STEP_TIMEOUT = 15_000;
const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-reconnect-lazy-socket');
const ASSETS = path.join(repoRoot, 'web/dist/assets');

/** The built chunk that holds graphql-ws' client (its protocol name is in no other chunk). */
async function graphqlWsChunk(): Promise<string> {
  const scripts = (await readdir(ASSETS)).filter((name) => name.endsWith('.js'));
  const holding: string[] = [];
  for (const name of scripts) if ((await readFile(path.join(ASSETS, name), 'utf8')).includes('graphql-transport-ws')) holding.push(name);
  expect(holding, 'graphql-ws should be in exactly one chunk of web/dist').toHaveLength(1);
  return holding[0]!;
}

const suite = dashboardSuite({
  name: 'lazy-socket',
  artifacts: ARTIFACTS,
  freshArtifacts: true,
  context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  timeout: STEP_TIMEOUT,
});

describe.runIf(chromiumAvailable())('the dashboard when graphql-ws fails to load once', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should load it again on the next attempt and deliver live updates, without a reload', { timeout: 120_000 }, async () => {
    const chunk = await graphqlWsChunk();
    const partner = await suite.openPage();
    onTestFailed(async () => {
      await partner.screenshot({ path: path.join(ARTIFACTS, 'failed-partner.png'), fullPage: true }).catch(() => {});
    });
    // acme-pay 1.1 is in review with an open thread.
    const anna = await login(suite.url, 'anna@acme.dev');
    const app = await gql(suite.url, '{ app(code: "acme-pay") { versions { id status threads { id title status } } } }', {}, { token: anna });
    const versions = app.data?.app.versions as { id: string; status: string; threads: { id: string; title: string; status: string }[] }[];
    const version = versions.find((v) => v.status === 'IN_REVIEW');
    const thread = version?.threads.find((t) => t.status === 'OPEN');
    if (!version || !thread) throw new Error(`no version in review with an open thread: ${JSON.stringify(app)}`);

    await suite.signIn(partner, 'anna@acme.dev');
    await partner.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    // From here, the first request for the chunk fails as a dropped connection would; the next ones are served.
    const requests: ('failed' | 'served')[] = [];
    await partner.route(`**/assets/${chunk}`, async (route) => {
      if (requests.length === 0) {
        requests.push('failed');
        await route.abort('connectionreset');
      } else {
        requests.push('served');
        await route.continue();
      }
    });

    // One document from here on: the module loader that saw the failure is the one asked again.
    await partner.goto(`${suite.url}/apps/acme-pay/versions/${encodeURIComponent(version.id)}`);
    await setMarker(partner, 'never-reloaded');
    let loads = 0;
    partner.on('load', () => (loads += 1));
    const threadOnPage = partner.getByRole('region', { name: /^Review threads/ }).getByRole('article', { name: thread.title });
    await threadOnPage.waitFor();
    await waitLive(partner);
    expect(requests).toEqual(['failed', 'served']);

    // Live: a reviewer's comment appears on the open page.
    const rita = await login(suite.url, 'rita@vetline.dev');
    const posted = await gql(
      suite.url,
      'mutation ($t: ID!, $b: String!) { postComment(threadId: $t, body: $b) { __typename } }',
      { t: thread.id, b: 'Arrived live after graphql-ws failed to load once.' },
      { token: rita },
    );
    expect(posted.data?.postComment.__typename).toBe('MutationPostCommentSuccess');
    await threadOnPage.getByText('Arrived live after graphql-ws failed to load once.').waitFor();
    expect(await partner.locator('.offline-banner').count()).toBe(0);
    expect(await readMarker(partner)).toBe('never-reloaded');
    expect(loads).toBe(0);
    await suite.screenshot(partner, '01-partner-live-after-failed-load');
    expect(suite.pageErrors).toEqual([]);
  });
});
