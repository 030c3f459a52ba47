import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';
import { wsClient } from '../helpers/ws.js';
import { login } from '../helpers/graphql.js';

/**
 * The operations page: an admin finds it in the navigation and watches the numbers move when
 * another person connects; a reviewer has no entry and is refused at the address. Screenshots at
 * 1440 and 390 px go to `test/.artifacts/e2e-operations/`.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-operations');

const suite = dashboardSuite({
  name: 'operations',
  artifacts: ARTIFACTS,
  context: { viewport: { width: 1440, height: 900 }, locale: 'en-US' },
  timeout: 15_000,
});

describe.runIf(chromiumAvailable())('the operations page', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should show an admin live figures that move when a second client connects', { timeout: 120_000 }, async () => {
    const admin = await suite.openPage('admin');
    onTestFailed(async () => {
      await admin.screenshot({ path: path.join(ARTIFACTS, 'failed-admin.png'), fullPage: true }).catch(() => {});
    });
    await suite.signIn(admin, 'admin@vetline.dev');
    await admin.getByRole('link', { name: 'Operations' }).click();
    await admin.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    const users = admin.getByTestId('ops-connected-users');
    await users.waitFor();
    const before = Number(await users.textContent());
    expect(Number.isFinite(before)).toBe(true);
    expect(Number(await admin.getByTestId('ops-queue-waiting').textContent())).toBeGreaterThan(0);
    await admin.screenshot({ path: path.join(ARTIFACTS, 'operations-1440.png'), fullPage: true });

    // Another person opens a live socket: the page shows one more connected user without a reload.
    const rita = wsClient(suite.url, { token: await login(suite.url, 'rita@vetline.dev') });
    const events: unknown[] = [];
    const stop = rita.subscribe({ query: 'subscription { queueEvents { cursor } }' }, { next: (e) => events.push(e), error: () => {}, complete: () => {} });
    try {
      await admin.waitForFunction(
        ([count]) => Number(document.querySelector('[data-testid="ops-connected-users"]')?.textContent) === count,
        [before + 1] as const,
        { timeout: 20_000 },
      );
    } finally {
      stop();
      await rita.dispose();
    }
    // And one fewer once it leaves.
    await admin.waitForFunction(([count]) => Number(document.querySelector('[data-testid="ops-connected-users"]')?.textContent) === count, [before] as const, {
      timeout: 20_000,
    });

    const phone = await suite.openPage('admin-phone', { width: 390 });
    await suite.signIn(phone, 'admin@vetline.dev');
    await phone.getByRole('link', { name: 'Operations' }).click();
    await phone.getByTestId('ops-connected-users').waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, 'operations-390.png'), fullPage: true });
    expect(suite.pageErrors).toEqual([]);
  });

  it('should give a reviewer no entry and refuse the address', { timeout: 60_000 }, async () => {
    const reviewer = await suite.openPage('reviewer');
    await suite.signIn(reviewer, 'rita@vetline.dev');
    await reviewer.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    expect(await reviewer.getByRole('link', { name: 'Operations' }).count()).toBe(0);
    await reviewer.goto(`${suite.url}/operations`);
    await reviewer.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await reviewer.getByTestId('ops-connected-users').count()).toBe(0);
  });
});
