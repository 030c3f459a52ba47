import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { gql } from '../helpers/graphql.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Marketplace administration in the dashboard: the admin switches the policy to listing rounds on
 * the Policy page; Anna renames her live app, which waits for review while the catalog keeps the
 * live name; the admin claims and approves it from the queue, and the catalog shows the new name.
 * Then the Staff page. Screenshots at 1440 and 390 px go to `test/.artifacts/e2e-policy-and-staff/`.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-policy-and-staff');

const suite = dashboardSuite({
  name: 'policy',
  artifacts: ARTIFACTS,
  context: { viewport: { width: 1440, height: 900 }, locale: 'en-US' },
  timeout: 20_000,
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** The catalog's English name of acme-pay, as the public reads it. */
async function catalogName(url: string): Promise<string> {
  const result = await gql(url, `{ catalog(first: 5, filter: { search: "acme-pay" }) { edges { node { code listing(locale: "en") { name } } } } }`);
  return result.data!.catalog.edges.find((e: { node: { code: string } }) => e.node.code === 'acme-pay').node.listing.name;
}

describe.runIf(chromiumAvailable())('policy and staff in the dashboard', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should let an admin switch to listing rounds and approve one from the queue', { timeout: 180_000 }, async () => {
    const admin = await suite.openPage('admin');
    const anna = await suite.openPage('anna');
    onTestFailed(async () => {
      await shot(admin, 'failed-admin').catch(() => {});
      await shot(anna, 'failed-anna').catch(() => {});
    });

    await suite.signIn(admin, 'admin@vetline.dev');
    await admin.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await admin.getByRole('link', { name: 'Policy' }).click();
    await admin.getByRole('heading', { name: 'Marketplace policy', level: 1 }).waitFor();

    // A bad edit is refused with every problem, and nothing changes.
    await admin.getByLabel('Currencies').fill('USD, XYZ');
    await admin.getByLabel('Target review time (hours)').fill('0');
    await admin.getByRole('button', { name: 'Save the policy' }).click();
    await admin.locator('.field-error', { hasText: '"XYZ" is not a known ISO 4217 currency code' }).waitFor();
    await admin.locator('.field-error', { hasText: 'must be a whole number of hours from 1 to 2160' }).waitFor();
    await shot(admin, 'policy-refused-1440');

    await admin.getByLabel('Currencies').fill('USD, EUR, RUB');
    await admin.getByLabel('Target review time (hours)').fill('48');
    await admin.getByLabel('Listing edits of a live app go through review').check();
    await admin.getByRole('button', { name: 'Save the policy' }).click();
    await admin.getByText('Policy saved.').waitFor();
    // The history names each setting and its values in words, not by its field name.
    await admin.getByText(/changed the marketplace policy: .*Target review time: \d+ h → 48 h/).waitFor();
    await admin.getByText(/changed the marketplace policy: .*Listing edits of a live app go through review: no → yes/).waitFor();
    await shot(admin, 'policy-1440');

    // Anna renames her live app: it waits for review, and the catalog keeps the live name.
    const live = await catalogName(suite.url);
    await suite.signIn(anna, 'anna@acme.dev');
    await anna.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await anna.goto(`${suite.url}/apps/acme-pay`);
    await anna.getByText('The marketplace reviews edits of a live app').waitFor();
    const nameField = anna.getByRole('textbox', { name: /^Name/ }).first();
    await nameField.fill('Acme Pay Express');
    await anna.getByRole('button', { name: 'Save listing' }).click();
    await anna.getByText('Sent for review.').waitFor();
    await anna.getByRole('heading', { name: 'Listing changes under review' }).waitFor();
    await anna.getByText('Waiting for marketplace review').waitFor();
    await shot(anna, 'partner-pending-1440');
    expect(await catalogName(suite.url)).toBe(live);

    // The admin claims it in the queue and approves it.
    await admin.getByRole('link', { name: 'Moderation queue' }).click();
    await admin.getByRole('heading', { name: 'Listing changes' }).waitFor();
    await admin.getByRole('button', { name: 'Claim the listing change of Acme Pay' }).click();
    await admin.getByRole('button', { name: 'Approve the listing change of Acme Pay' }).waitFor();
    await shot(admin, 'queue-listing-round-1440');
    await admin.getByRole('button', { name: 'Approve the listing change of Acme Pay' }).click();
    await admin.getByText('Decided. The partner sees the outcome.').waitFor();
    await expect.poll(() => catalogName(suite.url)).toBe('Acme Pay Express');

    await anna.reload();
    await anna.getByText('Approved and live').waitFor();
    await anna.getByText('No listing change is waiting.').waitFor();
    await shot(anna, 'partner-approved-1440');

    // The Staff page: add a reviewer with a generated password.
    await admin.getByRole('link', { name: 'Staff' }).click();
    await admin.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
    await admin.getByLabel('Name', { exact: true }).fill('Nora Newcomer');
    await admin.getByLabel('E-mail').fill('nora@vetline.dev');
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await admin.getByLabel('Initial password').last().waitFor();
    await admin.getByRole('cell', { name: /Nora Newcomer/ }).first().waitFor();
    await shot(admin, 'staff-1440');

    // The narrow screen.
    const narrow = await suite.openPage('admin-narrow', { width: 390 });
    await suite.signIn(narrow, 'admin@vetline.dev');
    await narrow.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await narrow.goto(`${suite.url}/admin/policy`);
    await narrow.getByRole('heading', { name: 'Marketplace policy', level: 1 }).waitFor();
    await shot(narrow, 'policy-390');
    await narrow.goto(`${suite.url}/admin/staff`);
    await narrow.getByRole('cell', { name: /Nora Newcomer/ }).first().waitFor();
    await shot(narrow, 'staff-390');
    const narrowAnna = await suite.openPage('anna-narrow', { width: 390 });
    await suite.signIn(narrowAnna, 'anna@acme.dev');
    await narrowAnna.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await narrowAnna.goto(`${suite.url}/apps/acme-pay`);
    await narrowAnna.getByText('Approved and live').waitFor();
    await shot(narrowAnna, 'partner-approved-390');

    expect(suite.pageErrors).toEqual([]);
  });
});
