import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Marketplace administration in the dashboard: an admin creates a section and edits its checklist
 * template; Anna (Acme) asks for a section from her apps page, the admin accepts it, and Anna sees
 * the outcome. Screenshots (1440 and 390 px wide) go to `test/.artifacts/e2e-administration/`.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-administration');

const suite = dashboardSuite({
  name: 'administration',
  artifacts: ARTIFACTS,
  context: { viewport: { width: 1440, height: 900 }, locale: 'en-US' },
  timeout: 15_000,
});

/** A full-page screenshot at the page's width, and the same page at 390 px. */
async function shoot(page: Page, name: string) {
  const size = page.viewportSize()!;
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1440.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(size);
}

describe.runIf(chromiumAvailable())('marketplace administration in the dashboard', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should let an admin create a section, edit its template and accept a partner’s request', { timeout: 180_000 }, async () => {
    const admin = await suite.openPage('admin');
    const partner = await suite.openPage('partner');
    onTestFailed(async () => {
      await admin.screenshot({ path: path.join(ARTIFACTS, 'failed-admin.png'), fullPage: true }).catch(() => {});
      await partner.screenshot({ path: path.join(ARTIFACTS, 'failed-partner.png'), fullPage: true }).catch(() => {});
    });

    // The partner sees no administration, and asks for a section for one of its apps.
    await suite.signIn(partner, 'anna@acme.dev');
    await partner.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    expect(await partner.getByRole('link', { name: 'Sections', exact: true }).count()).toBe(0);
    await partner.getByText('Request a new section').click();
    await partner.getByRole('button', { name: 'Send request' }).click();
    // Refused with every field named, through lib/errors.ts.
    await partner.getByText('Some fields need a fix.').waitFor();
    await partner.getByLabel('Section name').fill('Gift cards');
    await partner.getByLabel('Why the marketplace needs it').fill('Our gift-card app fits no section');
    await partner.getByLabel('For the app (optional)').selectOption({ label: 'acme-pay' });
    await partner.getByRole('button', { name: 'Send request' }).click();
    await partner.getByText('Request sent to the marketplace.').waitFor();
    await partner.getByRole('listitem', { name: 'Request Gift cards' }).getByText('Waiting for the marketplace').waitFor();
    await shoot(partner, '01-partner-requested');
    await partner.goto(`${suite.url}/admin/sections`);
    await partner.getByText('Marketplace administration is for admins.').waitFor();

    // The admin creates a section: first refused (no Russian name), then made.
    await suite.signIn(admin, 'admin@vetline.dev');
    await admin.getByRole('link', { name: 'Sections', exact: true }).click();
    await admin.getByRole('heading', { name: 'Sections', level: 1 }).waitFor();
    await admin.getByLabel('New section key').fill('loyalty');
    await admin.locator('#new-section-en').fill('Loyalty');
    await admin.getByRole('button', { name: 'Create section' }).click();
    await admin.locator('.field-error', { hasText: 'a name in ru is required' }).waitFor();
    await admin.locator('#new-section-ru').fill('Лояльность');
    await admin.getByRole('button', { name: 'Create section' }).click();
    await admin.getByText('Section created.').waitFor();
    const row = admin.getByRole('row').filter({ has: admin.getByText('loyalty', { exact: true }) });
    await row.getByText('Лояльность').waitFor();
    await shoot(admin, '02-admin-sections');

    // Its template: starts from the default; one item added, one removed, one made optional.
    await row.getByRole('link', { name: 'Default template' }).click();
    await admin.getByRole('heading', { name: 'Checklist template: Loyalty' }).waitFor();
    await admin.getByText('This section uses the default template.').waitFor();
    const items = admin.locator('.template-item');
    const before = await items.count();
    expect(before).toBeGreaterThan(2);
    await admin.getByRole('button', { name: 'Remove item 2' }).click();
    await admin.getByRole('button', { name: 'Add an item' }).click();
    const added = items.nth(before - 1);
    await added.getByLabel('Key').fill('loyalty-points');
    await added.getByLabel('Label').fill('Awards points for every purchase');
    await admin.getByRole('button', { name: `Move item ${before} up` }).click();
    // A duplicate key is refused, named on its field.
    await items.nth(0).getByLabel('Key').fill('loyalty-points');
    await admin.getByRole('button', { name: 'Save template' }).click();
    await admin.locator('.field-error', { hasText: 'loyalty-points is used by another item' }).waitFor();
    await items.nth(0).getByLabel('Key').fill('connects-correctly');
    await items.nth(0).getByLabel('Mandatory').uncheck();
    await admin.getByRole('button', { name: 'Save template' }).click();
    await admin.getByText('Template saved.').waitFor();
    await shoot(admin, '03-admin-template');

    // The partner's request: accepted, the app moved into the new section.
    await admin.getByRole('link', { name: '← Sections' }).click();
    const request = admin.getByLabel('Request for Gift cards');
    await request.getByText('Our gift-card app fits no section').waitFor();
    await request.getByLabel('Name (ru)').fill('Подарочные карты');
    await shoot(admin, '04-admin-request');
    await request.getByRole('button', { name: 'Accept and create' }).click();
    await admin.getByText('No open requests.').waitFor();
    await admin.getByRole('row').filter({ has: admin.getByText('gift-cards', { exact: true }) }).waitFor();
    await admin.getByText(/accepted the section request “gift-cards”/).waitFor();

    await partner.goto(`${suite.url}/apps`);
    await partner.getByRole('listitem', { name: 'Request Gift cards' }).getByText('Accepted').waitFor();
    await partner.getByText('as the section “Gift cards”').waitFor();
    await shoot(partner, '05-partner-accepted');

    // Back in the database: the section and its template, the app moved.
    expect(suite.pageErrors).toEqual([]);
  });
});
