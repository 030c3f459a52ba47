import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable, waitLive } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Issue 13, the reviewer's desk in Chromium: a reviewer works a round with the keyboard alone
 * (queue → j/k → c → Enter → verdicts → approve), the queue's filters live in the URL (a reload
 * and back/forward keep them), and axe finds nothing on the queue, its help dialog or the review.
 * On the review page single keys give verdicts (j/k, p/f/n, r, ?), stored as if clicked.
 */

const STEP_TIMEOUT = 15_000;
const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-desk');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const suite = dashboardSuite({
  name: 'desk',
  artifacts: ARTIFACTS,
  context: { viewport: { width: 1440, height: 900 }, locale: 'en-US' },
  timeout: STEP_TIMEOUT,
});

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/** Presses Tab until `locator` has the focus, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, locator: Locator, max = 120) {
  for (let i = 0; i < max; i++) {
    if (await isFocused(locator).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(locator)}`);
}

/** Signs in by typing into the form and pressing Enter. */
async function signInByKeyboard(page: Page, email: string) {
  await page.goto(`${suite.url}/sign-in`);
  await tabTo(page, page.getByLabel('E-mail'));
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type('vetline-demo');
  await page.keyboard.press('Enter');
}

const queueRows = (page: Page) => page.locator('table.queue-table').last().locator('tbody tr');

describe.runIf(chromiumAvailable())('the reviewer’s desk in the dashboard', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should let a reviewer work a round with the keyboard alone', { timeout: 120_000 }, async () => {
    const page = await suite.openPage();
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'failed-keyboard.png'), fullPage: true }).catch(() => {});
      console.error(`server output:\n${suite.server.output()}`);
    });
    await signInByKeyboard(page, 'rita@vetline.dev');
    await page.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await queueRows(page).first().waitFor();
    await waitLive(page);
    expect(await violations(page)).toEqual([]);

    // The help dialog: ? opens it with the focus inside, Escape closes it and gives the focus back.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await isFocused(help.getByRole('button', { name: 'Close' }))).toBe(true);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'queue-help.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // An unclaimed new app without open threads: the round can end in an approval.
    const texts = await queueRows(page).allInnerTexts();
    const target = texts.findIndex((text) => /\bClaim\b/.test(text) && text.includes('New app') && !text.includes('open thread'));
    expect(target).toBeGreaterThanOrEqual(0);
    const row = queueRows(page).nth(target);
    const appName = (await row.getByRole('link').first().innerText()).trim();

    // j moves down to it, k back up one and j again: the selection follows, with the focus on its link.
    for (let i = 0; i <= target; i++) await page.keyboard.press('j');
    if (target > 0) {
      await page.keyboard.press('k');
      expect(await queueRows(page).nth(target - 1).getAttribute('aria-current')).toBe('true');
      await page.keyboard.press('j');
    }
    expect(await row.getAttribute('aria-current')).toBe('true');
    expect(await isFocused(row.getByRole('link', { name: appName, exact: true }))).toBe(true);

    // c claims it; the row now offers Continue and says it is the reviewer's turn.
    await page.keyboard.press('c');
    await page.getByRole('status').filter({ hasText: 'Claimed. The review is yours.' }).waitFor();
    await row.getByRole('link', { name: new RegExp(`^Continue ${appName}`) }).waitFor();
    await row.getByRole('cell', { name: 'Mine', exact: true }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'queue-claimed.png') });

    // Enter opens it.
    expect(await isFocused(row.getByRole('link', { name: appName, exact: true }))).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`^${appName}`), level: 1 }).waitFor();
    const decision = page.getByRole('region', { name: 'Decision' });
    await decision.waitFor();
    const header = page.locator('header.page-head');
    await header.getByText('Status: In review', { exact: true }).waitFor();
    // One badge, not "In review · In review".
    expect(await header.getByText('Stage: In review', { exact: true }).count()).toBe(0);
    expect(await violations(page)).toEqual([]);

    // A fail asks for its comment: Enter on Fail saves it and puts the focus in the comment field.
    const checklist = page.getByRole('tabpanel', { name: 'Checklist' });
    const firstItem = checklist.getByRole('listitem').first();
    const itemLabel = (await firstItem.locator('.item-head strong').innerText()).trim();
    const fail = firstItem.getByRole('button', { name: `Fail “${itemLabel}”` });
    await tabTo(page, fail);
    await page.keyboard.press('Enter');
    await firstItem.and(page.locator('.verdict-fail')).waitFor();
    const comment = firstItem.getByLabel(`Why it fails (the partner reads this) on “${itemLabel}”`);
    await comment.waitFor();
    await expect.poll(() => isFocused(comment)).toBe(true);
    await page.keyboard.type('The test account is locked.');
    await page.keyboard.press('Enter');
    await firstItem.getByRole('status').filter({ hasText: 'Comment saved.' }).waitFor();
    // Approval is refused and names the item by its label, not its key.
    await decision.getByText(`Checklist items failed: ${itemLabel}`, { exact: false }).waitFor();

    // Changed its mind: Pass on the same item, one key press, the comment kept.
    await tabTo(page, firstItem.getByRole('button', { name: `Pass “${itemLabel}”` }));
    await page.keyboard.press('Enter');
    await firstItem.and(page.locator('.verdict-pass')).waitFor();
    expect(await comment.count()).toBe(0);
    await firstItem.getByLabel(`Comment on “${itemLabel}”`).waitFor();
    expect(await firstItem.getByLabel(`Comment on “${itemLabel}”`).inputValue()).toBe('The test account is locked.');

    // Pass remaining: every other item at once.
    const passRemaining = checklist.getByRole('button', { name: /^Pass remaining \(\d+\)$/ });
    await tabTo(page, passRemaining);
    await page.keyboard.press('Enter');
    await checklist.getByRole('status').filter({ hasText: 'The remaining items passed.' }).waitFor();
    await checklist.getByRole('button', { name: 'Pass remaining (0)' }).waitFor();
    expect(await checklist.locator('.checklist-item.verdict-none').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-passed.png') });

    // Approve.
    const approve = decision.getByRole('button', { name: 'Approve', exact: true, disabled: false });
    await expect.poll(async () => approve.getAttribute('aria-disabled')).toBe(null);
    await tabTo(page, approve);
    await page.keyboard.press('Enter');
    await decision.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();
    await header.getByText('Status: Approved', { exact: true }).waitFor();

    // The history names the items by their labels.
    const historyTab = page.getByRole('tab', { name: 'History' });
    await tabTo(page, page.getByRole('tab', { name: 'Checklist' }));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await historyTab.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tabpanel', { name: 'History' }).getByText(`“${itemLabel}”: Fail`, { exact: false }).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-approved-history.png') });
    expect(suite.pageErrors).toEqual([]);
  });

  it('should keep the queue’s search, filters and sort in the URL through a reload and back/forward', { timeout: 90_000 }, async () => {
    const page = await suite.openPage();
    await signInByKeyboard(page, 'ivan@vetline.dev');
    await page.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await queueRows(page).first().waitFor();
    const all = await queueRows(page).count();

    const filters = page.getByRole('search', { name: 'Queue filters' });
    await filters.getByLabel('Kind').selectOption({ label: 'Updates' });
    await page.waitForURL(/kind=UPDATE/);
    await filters.getByLabel('Sort').selectOption({ label: 'App name' });
    await page.waitForURL(/sort=name/);
    await expect.poll(async () => (await queueRows(page).allInnerTexts()).every((text) => text.includes('Update'))).toBe(true);
    const updates = await queueRows(page).allInnerTexts();
    expect(updates.length).toBeLessThan(all);
    expect(updates.every((text) => text.includes('Update'))).toBe(true);
    const names = await queueRows(page).locator('td[data-label="App"] a').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));

    // Typing does not fire shortcuts; the search lands in the URL once typing pauses.
    const search = filters.getByRole('searchbox', { name: 'Search' });
    await search.click();
    await page.keyboard.type('nordlys');
    await page.waitForURL(/q=nordlys/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect.poll(async () => (await queueRows(page).allInnerTexts()).every((text) => text.includes('Nordlys'))).toBe(true);
    const found = await queueRows(page).count();
    expect(found).toBeGreaterThan(0);

    await page.reload();
    await queueRows(page).first().waitFor();
    expect(await filters.getByLabel('Kind').inputValue()).toBe('UPDATE');
    expect(await filters.getByLabel('Sort').inputValue()).toBe('name');
    expect(await search.inputValue()).toBe('nordlys');
    expect(await queueRows(page).count()).toBe(found);

    // A saved view brings the same filters back from a clean queue.
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    // Back returns to the filtered view, forward to the clean one.
    await page.goBack();
    await page.waitForURL(/q=nordlys/);
    expect(await filters.getByLabel('Kind').inputValue()).toBe('UPDATE');
    await page.goForward();
    await page.waitForURL((url) => url.search === '');
    expect(await filters.getByLabel('Kind').inputValue()).toBe('');
    await expect.poll(() => queueRows(page).count()).toBe(all);
    await page.goBack();
    await page.waitForURL(/q=nordlys/);

    const saved = page.getByRole('group', { name: 'Saved views' });
    await saved.getByRole('button', { name: 'Save this view…' }).click();
    await saved.getByLabel('Name of this view').fill('Nordlys updates');
    await saved.getByRole('button', { name: 'Save', exact: true }).click();
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    await saved.getByLabel('Saved view').selectOption({ label: 'Nordlys updates' });
    await page.waitForURL(/q=nordlys/);
    expect(await filters.getByLabel('Kind').inputValue()).toBe('UPDATE');
    await page.screenshot({ path: path.join(ARTIFACTS, 'queue-saved-view.png') });

    // On a phone the queue fits the screen: no sideways scroll, Claim in reach.
    await page.setViewportSize({ width: 390, height: 844 });
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await queueRows(page).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const claim = queueRows(page).getByRole('button', { name: /^Claim / }).first();
    const box = await claim.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, 'queue-390.png'), fullPage: true });
    expect(suite.pageErrors).toEqual([]);
  });

  it('should claim in bulk with a result per row, and let an admin assign in bulk', { timeout: 90_000 }, async () => {
    const page = await suite.openPage();
    await signInByKeyboard(page, 'admin@vetline.dev');
    await page.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await queueRows(page).first().waitFor();
    const texts = await queueRows(page).allInnerTexts();
    const free = texts.findIndex((text) => /\bClaim\b/.test(text));
    const taken = texts.findIndex((text) => text.includes('Another reviewer has claimed'));
    expect(free).toBeGreaterThanOrEqual(0);
    expect(taken).toBeGreaterThanOrEqual(0);
    const freeName = (await queueRows(page).nth(free).locator('td[data-label="App"] a').innerText()).trim();
    const takenName = (await queueRows(page).nth(taken).locator('td[data-label="App"] a').innerText()).trim();
    const rowOf = (name: string) => queueRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });

    await rowOf(freeName).getByRole('checkbox').check();
    await rowOf(takenName).getByRole('checkbox').check();
    const bulk = page.getByRole('group', { name: 'Bulk actions' });
    await bulk.getByText('2 selected').waitFor();
    await bulk.getByRole('button', { name: 'Claim selected' }).click();
    await bulk.getByRole('status').filter({ hasText: '1 of 2 claimed; 1 refused (see the rows).' }).waitFor();
    await rowOf(freeName).getByText('✓ Claimed').waitFor();
    await rowOf(takenName).getByRole('alert').getByText('Another reviewer has claimed this review', { exact: false }).waitFor();
    await rowOf(freeName).getByRole('cell', { name: 'Me', exact: true }).waitFor();
    await rowOf(freeName).getByRole('link', { name: `Continue ${freeName}`, exact: false }).waitFor();
    await rowOf(freeName).getByRole('cell', { name: 'Mine', exact: true }).waitFor();
    // The refused row stays selected for another try.
    expect(await rowOf(takenName).getByRole('checkbox').isChecked()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'queue-bulk-claim.png') });

    // An admin hands both to Ivan: each row is authorized on its own, both succeed.
    await rowOf(freeName).getByRole('checkbox').check();
    await bulk.getByLabel('Assign the selected reviews to').selectOption({ label: 'Ivan Orlov (reviewer)' });
    await bulk.getByRole('button', { name: 'Assign selected' }).click();
    await bulk.getByRole('status').filter({ hasText: '2 of 2 assigned.' }).waitFor();
    await rowOf(freeName).getByRole('cell', { name: 'Ivan Orlov', exact: true }).first().waitFor();
    await rowOf(takenName).getByRole('cell', { name: 'Ivan Orlov', exact: true }).first().waitFor();
    expect(suite.pageErrors).toEqual([]);
  });
  it('should give verdicts with the review page’s single keys alone, and list them with ?', { timeout: 120_000 }, async () => {
    const page = await suite.openPage();
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'failed-review-keys.png'), fullPage: true }).catch(() => {});
    });
    await signInByKeyboard(page, 'ivan@vetline.dev');
    await page.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await queueRows(page).first().waitFor();
    // A submission nobody has claimed: no verdicts yet.
    const texts = await queueRows(page).allInnerTexts();
    const target = texts.findIndex((text) => /\bClaim\b/.test(text) && text.includes('Submitted'));
    expect(target).toBeGreaterThanOrEqual(0);
    await queueRows(page).nth(target).locator('td[data-label="App"] a').first().click();
    const decision = page.getByRole('region', { name: 'Decision' });
    await decision.getByRole('button', { name: 'Claim this review' }).click();
    await decision.getByRole('status').filter({ hasText: 'Claimed. The review is yours.' }).waitFor();
    const checklist = page.getByRole('tabpanel', { name: 'Checklist' });
    const items = checklist.locator('[data-checklist-item]');
    await items.first().getByRole('button', { name: /^Pass / }).waitFor();
    expect(await checklist.locator('.checklist-item.verdict-none').count()).toBe(await items.count());
    const count = await items.count();
    expect(count).toBeGreaterThanOrEqual(3);
    const announced = (text: string | RegExp) => page.locator('p.sr-only[role="status"]').filter({ hasText: text });

    // j selects (and focuses) the first item, and says which it is; p passes it.
    await page.keyboard.press('j');
    await expect.poll(() => isFocused(items.nth(0))).toBe(true);
    expect(await items.nth(0).getAttribute('aria-current')).toBe('true');
    const first = (await items.nth(0).getAttribute('aria-label')) ?? '';
    await announced(`Item 1 of ${count}: ${first}. Verdict: none.`).waitFor();
    await page.keyboard.press('p');
    await items.nth(0).and(page.locator('.verdict-pass')).waitFor();

    // f fails the next one and puts the focus in its reason; typing there fires no shortcut.
    await page.keyboard.press('j');
    await expect.poll(() => isFocused(items.nth(1))).toBe(true);
    await page.keyboard.press('f');
    await items.nth(1).and(page.locator('.verdict-fail')).waitFor();
    const reason = items.nth(1).getByLabel(/^Why it fails \(the partner reads this\)/);
    await expect.poll(() => isFocused(reason)).toBe(true);
    await page.keyboard.type('Login page rejects the key; no jump');
    await page.keyboard.press('Enter');
    await items.nth(1).getByRole('status').filter({ hasText: 'Comment saved.' }).waitFor();
    expect(await items.nth(1).getAttribute('class')).toContain('verdict-fail');
    expect(await items.nth(2).getAttribute('class')).toContain('verdict-none');
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Escape leaves the field for its item; j, n: the third is not applicable; k goes back up.
    await page.keyboard.press('Escape');
    await expect.poll(() => isFocused(items.nth(1))).toBe(true);
    await page.keyboard.press('j');
    await page.keyboard.press('n');
    await items.nth(2).and(page.locator('.verdict-not_applicable')).waitFor();
    await page.keyboard.press('k');
    await expect.poll(() => isFocused(items.nth(1))).toBe(true);
    expect(await items.nth(1).getAttribute('aria-current')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-keys.png') });

    // r on an item without a thread starts one about it, at the composer's title.
    await page.keyboard.press('r');
    const composer = page.getByRole('form', { name: 'Open a deficiency thread' });
    await expect.poll(() => isFocused(composer.getByLabel('Title'))).toBe(true);
    const key = await items.nth(1).getAttribute('data-item-key');
    expect(await composer.getByLabel('About').inputValue()).toBe(`CHECKLIST_ITEM:${key}`);

    // ? lists the keys in a dialog; Escape closes it.
    await items.nth(1).focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await help.getByRole('row', { name: /Pass the selected item/ }).waitFor();
    expect(await isFocused(help.getByRole('button', { name: 'Close' }))).toBe(true);
    expect(await violations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-keys-help.png') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    expect(await isFocused(items.nth(1))).toBe(true);

    // Stored: a reload shows the same verdicts and the reason.
    await page.reload();
    await items.nth(2).waitFor();
    await items.nth(0).and(page.locator('.verdict-pass')).waitFor();
    await items.nth(1).and(page.locator('.verdict-fail')).waitFor();
    await items.nth(2).and(page.locator('.verdict-not_applicable')).waitFor();
    expect(await items.nth(1).getByRole('textbox').inputValue()).toBe('Login page rejects the key; no jump');
    expect(suite.pageErrors).toEqual([]);
  });
});
