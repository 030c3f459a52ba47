import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Partner teams in the dashboard: Anna (owner of Acme Apps) invites from the Team page and copies
 * the link (no SMTP configured); a newcomer opens it in another browser, signs up, and lands among
 * Acme's apps. Screenshots go to `test/.artifacts/e2e-teams/`.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-teams');

const suite = dashboardSuite({
  name: 'teams',
  artifacts: ARTIFACTS,
  context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  timeout: 15_000,
});

describe.runIf(chromiumAvailable())('partner teams in the dashboard', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should let an owner invite from the Team page and a newcomer join through the link', { timeout: 120_000 }, async () => {
    const owner = await suite.openPage('owner');
    const newcomer = await suite.openPage('newcomer');
    onTestFailed(async () => {
      await owner.screenshot({ path: path.join(ARTIFACTS, 'failed-owner.png'), fullPage: true }).catch(() => {});
      await newcomer.screenshot({ path: path.join(ARTIFACTS, 'failed-newcomer.png'), fullPage: true }).catch(() => {});
    });

    await suite.signIn(owner, 'anna@acme.dev');
    await owner.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await owner.getByRole('link', { name: 'Team' }).click();
    const team = owner.getByRole('article', { name: 'Acme Apps team' });
    await team.getByRole('cell', { name: 'Max Mayer' }).waitFor();
    await team.getByLabel('E-mail').fill('newcomer@example.com');
    await team.getByRole('button', { name: 'Invite' }).click();
    const linkBox = team.getByLabel('Invitation link');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(/\/invitation#.+\..+/);
    await team.getByText('newcomer@example.com · member').waitFor();
    await owner.screenshot({ path: path.join(ARTIFACTS, '01-owner-invited.png'), fullPage: true });

    await newcomer.goto(link);
    await newcomer.getByRole('heading', { name: 'Join Acme Apps', level: 1 }).waitFor();
    await newcomer.getByLabel('Your name').fill('Nora Newcomer');
    await newcomer.getByLabel('Password (8 characters or more)').fill('a-long-password');
    await newcomer.screenshot({ path: path.join(ARTIFACTS, '02-newcomer-sign-up.png'), fullPage: true });
    await newcomer.getByRole('button', { name: 'Sign up and join' }).click();
    await newcomer.getByRole('link', { name: 'Team' }).waitFor();
    await newcomer.goto(`${suite.url}/apps`);
    await newcomer.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await newcomer.getByRole('link', { name: 'Acme Stats' }).waitFor();
    await newcomer.screenshot({ path: path.join(ARTIFACTS, '03-newcomer-apps.png'), fullPage: true });

    // The owner's page shows the new member once reloaded, and the invitation is no longer pending.
    await owner.reload();
    await team.getByRole('cell', { name: 'Nora Newcomer' }).waitFor();
    expect(await team.getByText('newcomer@example.com · member').count()).toBe(0);
    expect(suite.pageErrors).toEqual([]);
  });
});
