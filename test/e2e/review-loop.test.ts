import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable, readMarker, setMarker, waitLive } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Issue 5, end to end: the built server with its demo seed, and two people in two browser
 * contexts side by side — Anna (partner, Acme Apps) and Rita (reviewer) — walking one version of
 * `acme-stats` from an incomplete draft to a live app in the public catalog. Each step writes a
 * full-page screenshot to `test/.artifacts/e2e/`.
 */

const STEP_TIMEOUT = 15_000;
const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e');

const THREAD_TITLE = 'Polling interval of analytics.read is not explained';
const THREAD_BODY = 'Say how often the app polls analytics.read, and why hourly is enough for the dashboard.';
const API_ITEM = 'List of API accesses with intervals and reasons';

const suite = dashboardSuite({
  name: 'review-loop',
  // The folder holds this run's screenshots only, numbered in the order of the steps.
  artifacts: ARTIFACTS,
  freshArtifacts: true,
  context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  timeout: STEP_TIMEOUT,
  navigationTimeout: STEP_TIMEOUT,
});
let shot = 0;

/** A full-page screenshot named after the step: `01-partner-my-apps.png`, … */
async function screenshot(page: Page, name: string) {
  shot += 1;
  await page.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** The version's status badge in a workspace page's header (`Status: In review`). */
function versionStatus(page: Page, status: string): Locator {
  return page.locator('header.page-head').getByText(`Status: ${status}`, { exact: true });
}

/** Waits for a checklist item's "Answer saved." confirmation on the partner's version page. */
async function answerSaved(checklist: Locator, item: string) {
  await checklist.getByRole('listitem').filter({ hasText: item }).getByRole('status').filter({ hasText: 'Answer saved.' }).waitFor();
}

describe.runIf(chromiumAvailable())('the review loop in the dashboard', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should take a draft from incomplete to live, with feedback arriving live on the partner’s open page', { timeout: 180_000 }, async () => {
    const partner = await suite.openPage('partner');
    const reviewer = await suite.openPage('reviewer');
    // On failure, what each person saw at that moment and what the server said.
    onTestFailed(async () => {
      for (const [who, page] of [['partner', partner], ['reviewer', reviewer]] as const) {
        await page.screenshot({ path: path.join(ARTIFACTS, `failed-${who}.png`), fullPage: true }).catch(() => {});
      }
      console.error(`server output:\n${suite.server.output()}`);
    });

    // ── The partner signs in and opens the draft 0.9 of Acme Stats ─────────────────────────────
    await suite.signIn(partner, 'anna@acme.dev');
    await partner.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await partner.getByRole('link', { name: 'Acme Stats' }).waitFor();
    await screenshot(partner, 'partner-my-apps');

    await partner.getByRole('link', { name: 'Acme Stats' }).click();
    await partner.getByRole('heading', { name: 'Acme Stats', level: 1 }).waitFor();
    await partner.getByRole('link', { name: '0.9', exact: true }).click();
    await partner.getByRole('heading', { name: 'Acme Stats 0.9', level: 1 }).waitFor();
    const versionUrl = partner.url();
    expect(versionUrl).toMatch(/\/apps\/acme-stats\/versions\//);

    // Send to moderation is refused, and says precisely what is missing.
    const moderation = partner.getByRole('region', { name: 'Moderation' });
    const missing = moderation.locator('.missing-box');
    await missing.getByText('Fill these before sending to moderation:').waitFor();
    const submit = moderation.getByRole('button', { name: 'Send to moderation' });
    expect(await submit.getAttribute('aria-disabled')).toBe('true');
    const listingMissing = missing.getByRole('list').first();
    expect(await listingMissing.getByRole('listitem').allTextContents()).toEqual([
      'Name (ru) is empty',
      'Feature description (ru) is empty',
      'Installation description (ru) is empty',
    ]);
    const checklistMissing = await missing.getByRole('list').nth(1).getByRole('listitem').allTextContents();
    expect(checklistMissing).toHaveLength(3);
    expect(checklistMissing.join('\n')).toContain(API_ITEM);
    expect(checklistMissing.join('\n')).toContain('Step-by-step setup guide');
    expect(checklistMissing.join('\n')).toContain('Handles connection of a user already registered with the partner');
    await screenshot(partner, 'partner-draft-incomplete');

    // ── The listing's Russian texts, in the app editor ──────────────────────────────────────────
    await partner.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Acme Stats' }).click();
    await partner.getByRole('heading', { name: 'Listing', level: 2 }).waitFor();
    const ru = partner.getByRole('group', { name: /^RU/ });
    await ru.getByLabel('Name').fill('Acme Статистика');
    await ru.getByLabel('Feature description').fill('Почасовая панель продаж и ежедневный отчёт по почте: выручка, средний чек и лидеры продаж.');
    await ru.getByLabel('Installation description').fill('1. Нажмите «Подключить».\n2. Откройте панель в меню «Приложения».\n3. Добавьте адреса для ежедневного отчёта.');
    await partner.getByRole('button', { name: 'Save listing' }).click();
    await partner.getByRole('status').filter({ hasText: 'Listing saved.' }).waitFor();
    await ru.getByText('Complete').waitFor();
    await screenshot(partner, 'partner-listing-saved');

    // ── The checklist, on the version page ──────────────────────────────────────────────────────
    await partner.getByRole('link', { name: '0.9', exact: true }).click();
    await partner.getByRole('heading', { name: 'Acme Stats 0.9', level: 1 }).waitFor();
    // The listing is complete now: only the checklist is left.
    await missing.getByRole('heading', { name: 'Checklist' }).waitFor();
    await missing.getByRole('heading', { name: 'Listing' }).waitFor({ state: 'detached' });

    // ── Simple connection: the configuration URL the marketplace sends the account's key to ─────
    const manifest = partner.getByRole('region', { name: 'Manifest' });
    expect(await manifest.getByLabel('Simple connection', { exact: false }).isChecked()).toBe(true);
    const configurationUrl = manifest.getByRole('textbox', { name: 'Configuration URL', exact: true });
    await configurationUrl.fill('ftp://stats.acme.dev/vetline/configure');
    await manifest.getByRole('button', { name: 'Save manifest' }).click();
    // The server's field problem sits by the input and describes it.
    await manifest.locator('.field-error').filter({ hasText: 'must be an http or https URL' }).waitFor();
    expect(await configurationUrl.getAttribute('aria-invalid')).toBe('true');
    await configurationUrl.fill('https://stats.acme.dev/vetline/configure');
    await manifest.getByRole('button', { name: 'Save manifest' }).click();
    await manifest.getByRole('status').filter({ hasText: 'Manifest saved.' }).waitFor();
    expect(await configurationUrl.getAttribute('aria-invalid')).toBeNull();

    const checklist = partner.getByRole('region', { name: 'Checklist' });
    await checklist.getByLabel('Handles connection of a user already registered with the partner').check();
    await moderation.getByText('Answer the checklist item “Handles connection', { exact: false }).waitFor({ state: 'detached' });

    await checklist.getByLabel('Step-by-step setup guide').fill('https://docs.acme.dev/stats/setup');
    await checklist.getByRole('button', { name: 'Save the answer to “Step-by-step setup guide”' }).click();
    await answerSaved(checklist, 'Step-by-step setup guide');

    await checklist.getByLabel(API_ITEM).fill('analytics.read: the hourly sales dashboard.\norders.read: sales by product and channel.');
    await checklist.getByRole('button', { name: `Save the answer to “${API_ITEM}”` }).click();
    await answerSaved(checklist, API_ITEM);

    // Everything mandatory is there: the button is enabled and the list is gone.
    await moderation.getByRole('button', { name: 'Send to moderation', disabled: false }).waitFor();
    await missing.waitFor({ state: 'detached' });
    await checklist.getByText('6 of 7 answered', { exact: false }).waitFor();
    await screenshot(partner, 'partner-draft-complete');

    await submit.click();
    await moderation.getByRole('status').filter({ hasText: 'Sent to moderation.' }).waitFor();
    await versionStatus(partner, 'Submitted').waitFor();
    await moderation.getByText(/Position \d+ of \d+ in the queue/).waitFor();
    await waitLive(partner);
    await screenshot(partner, 'partner-submitted');

    // From here on the partner's page stays open: everything the reviewer does must arrive live.
    await setMarker(partner, 'never-reloaded');
    let partnerLoads = 0;
    partner.on('load', () => (partnerLoads += 1));

    // ── The reviewer finds it in the queue and claims it ───────────────────────────────────────
    await suite.signIn(reviewer, 'rita@vetline.dev');
    await reviewer.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    const row = reviewer.getByRole('row').filter({ has: reviewer.getByRole('link', { name: 'Acme Stats' }) });
    await row.waitFor();
    await row.getByRole('cell', { name: 'Unassigned', exact: true }).waitFor();
    await screenshot(reviewer, 'reviewer-queue');

    await row.getByRole('button', { name: 'Claim Acme Stats 0.9' }).click();
    await reviewer.getByRole('status').filter({ hasText: 'Claimed. The review is yours.' }).waitFor();
    await row.getByRole('cell', { name: 'Me', exact: true }).waitFor();
    await row.getByRole('link', { name: 'Acme Stats', exact: true }).click();
    await reviewer.getByRole('heading', { name: 'Acme Stats 0.9', level: 1 }).waitFor();
    await versionStatus(reviewer, 'In review').waitFor();
    await reviewer.locator('header.page-head').getByText('assignee: me', { exact: false }).waitFor();
    await waitLive(reviewer);

    // The claim reaches the partner's open page.
    await partner.getByRole('status').filter({ hasText: 'New: Rita Reyes claimed the review' }).waitFor();
    await versionStatus(partner, 'In review').waitFor();

    // ── A thread on the checklist item, a failed verdict, and changes requested ───────────────
    const composer = reviewer.getByRole('form', { name: 'Open a deficiency thread' });
    await composer.getByLabel('Title').fill(THREAD_TITLE);
    await composer.getByLabel('About').selectOption({ label: API_ITEM });
    await composer.getByLabel('What to fix').fill(THREAD_BODY);
    expect(await composer.getByLabel('Blocking', { exact: false }).isChecked()).toBe(true);
    await composer.getByRole('button', { name: 'Open thread' }).click();
    await composer.getByRole('status').filter({ hasText: 'Thread opened.' }).waitFor();
    const reviewerThread = reviewer.getByRole('article', { name: THREAD_TITLE });
    await reviewerThread.getByText(`On checklist item “${API_ITEM}”`, { exact: false }).waitFor();

    const reviewChecklist = reviewer.getByRole('tabpanel', { name: 'Checklist' });
    // One click saves the verdict; a fail then asks for its comment.
    const failVerdict = reviewChecklist.getByRole('group', { name: `Verdict on “${API_ITEM}”` });
    await failVerdict.getByRole('button', { name: `Fail “${API_ITEM}”` }).click();
    await reviewChecklist.getByRole('listitem').filter({ hasText: API_ITEM }).and(reviewer.locator('.verdict-fail')).waitFor();
    await reviewChecklist.getByLabel(`Why it fails (the partner reads this) on “${API_ITEM}”`).fill('The polling interval has no reason.');
    await reviewChecklist.getByRole('button', { name: `Save comment on “${API_ITEM}”` }).click();
    await reviewChecklist.getByRole('listitem').filter({ hasText: API_ITEM }).getByRole('status').filter({ hasText: 'Comment saved.' }).waitFor();

    const decision = reviewer.getByRole('region', { name: 'Decision' });
    await decision.getByLabel('Summary for the partner (optional)').fill('One item to fix: explain the polling interval.');
    await decision.getByRole('button', { name: 'Request changes', disabled: false }).click();
    await decision.getByRole('status').filter({ hasText: 'Sent back to the partner with the open threads.' }).waitFor();
    await versionStatus(reviewer, 'Changes requested').waitFor();
    await screenshot(reviewer, 'reviewer-changes-requested');

    // ── The partner's page, never reloaded, shows the thread, the verdict and the notice ───────
    const partnerThreads = partner.getByRole('region', { name: /^Review threads/ });
    const partnerThread = partnerThreads.getByRole('article', { name: THREAD_TITLE });
    await partnerThread.getByText(THREAD_BODY).waitFor();
    await partnerThread.getByText('Rita Reyes', { exact: true }).waitFor();
    await partnerThreads.getByRole('heading', { name: 'Review threads (1 open)' }).waitFor();
    await versionStatus(partner, 'Changes requested').waitFor();
    await partner.getByRole('status').filter({ hasText: 'New: Rita Reyes requested changes' }).waitFor();
    await checklist.getByText('Reviewer’s verdict: Fail', { exact: false }).waitFor();
    await partner
      .getByRole('region', { name: 'Status timeline' })
      .getByText('requested changes (In review → Changes requested): “One item to fix: explain the polling interval.”', { exact: false })
      .waitFor();
    // The page's own "Sent to moderation." no longer holds, and the button is back.
    await moderation.getByRole('button', { name: 'Send to moderation', disabled: false }).waitFor();
    expect(await moderation.getByText('Sent to moderation.').count()).toBe(0);
    expect(await readMarker(partner)).toBe('never-reloaded');
    expect(partner.url()).toBe(versionUrl);
    expect(partnerLoads).toBe(0);
    await screenshot(partner, 'partner-feedback-arrived-live');

    // ── The partner fixes the item, replies, marks the thread addressed and resubmits ──────────
    const apiAnswer = checklist.getByLabel(API_ITEM);
    await apiAnswer.fill(
      'analytics.read, polled every 3600 s: the dashboard shows hourly totals, so hourly is enough.\norders.read: sales by product and channel.',
    );
    await checklist.getByRole('button', { name: `Save the answer to “${API_ITEM}”` }).click();
    await answerSaved(checklist, API_ITEM);

    await partnerThread.getByLabel('Reply').fill('Explained in the checklist: hourly polling, since the dashboard shows hourly totals.');
    await partnerThread.getByRole('button', { name: 'Post comment' }).click();
    await partnerThread.getByText('Explained in the checklist', { exact: false }).waitFor();
    await partnerThread.getByRole('button', { name: 'Mark addressed' }).click();
    await partnerThread.getByRole('status').filter({ hasText: 'Marked addressed' }).waitFor();
    await partnerThread.getByText(/^addressed /).waitFor();

    await moderation.getByRole('button', { name: 'Send to moderation', disabled: false }).click();
    await moderation.getByRole('status').filter({ hasText: 'Sent to moderation.' }).waitFor();
    // Re-review: it goes straight back to the reviewer who sent it back.
    await versionStatus(partner, 'In review').waitFor();
    await screenshot(partner, 'partner-resubmitted');

    // ── The reviewer gets round 2 live without claiming again, passes the item, resolves and approves ──
    await reviewer.getByRole('status').filter({ hasText: 'New: Anna Acker sent to moderation' }).waitFor();
    await versionStatus(reviewer, 'In review').waitFor();
    await reviewer.locator('header.page-head').getByText('assignee: me', { exact: false }).waitFor();
    await reviewerThread.getByText('Explained in the checklist', { exact: false }).waitFor();
    // The old "Sent back to the partner…" no longer describes the version; there is nothing to claim.
    expect(await decision.getByText('Sent back to the partner', { exact: false }).count()).toBe(0);
    expect(await decision.getByRole('button', { name: 'Claim this review' }).count()).toBe(0);

    await reviewChecklist.getByText('polled every 3600 s', { exact: false }).waitFor();
    const passVerdict = reviewChecklist.getByRole('group', { name: `Verdict on “${API_ITEM}”` });
    await passVerdict.getByRole('button', { name: `Pass “${API_ITEM}”` }).click();
    await reviewChecklist.getByRole('listitem').filter({ hasText: API_ITEM }).and(reviewer.locator('.verdict-pass')).waitFor();
    await reviewChecklist.getByLabel(`Comment on “${API_ITEM}”`).fill('Hourly polling, explained.');
    await reviewChecklist.getByRole('button', { name: `Save comment on “${API_ITEM}”` }).click();
    await reviewChecklist.getByRole('listitem').filter({ hasText: API_ITEM }).getByRole('status').filter({ hasText: 'Comment saved.' }).waitFor();

    await reviewerThread.getByRole('button', { name: 'Resolve' }).click();
    await reviewerThread.getByText('Resolved', { exact: true }).waitFor();
    await reviewer.getByRole('heading', { name: 'Deficiency threads (0 open)' }).waitFor();

    await decision.getByRole('button', { name: 'Approve', exact: true, disabled: false }).click();
    await decision.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();
    await versionStatus(reviewer, 'Approved').waitFor();
    // Only the latest decision is confirmed; the earlier "Claimed." and "Sent back…" are gone.
    expect(await decision.getByRole('status').allTextContents()).toEqual(['Approved.']);
    await screenshot(reviewer, 'reviewer-approved');

    // ── The partner, still on the same page, sees the approval and releases ────────────────────
    await versionStatus(partner, 'Approved').waitFor();
    await partner.getByRole('status').filter({ hasText: 'New: Rita Reyes approved the version' }).waitFor();
    await partnerThread.getByText('Resolved', { exact: true }).waitFor();
    expect(await readMarker(partner)).toBe('never-reloaded');
    expect(partnerLoads).toBe(0);
    await moderation.getByRole('button', { name: 'Release: make it live', disabled: false }).click();
    await moderation.getByRole('status').filter({ hasText: 'Live.' }).waitFor();
    await versionStatus(partner, 'Live').waitFor();
    expect(await moderation.getByRole('status').allTextContents()).toEqual(['Live.']);
    expect(await readMarker(partner)).toBe('never-reloaded');
    expect(partnerLoads).toBe(0);
    await screenshot(partner, 'partner-released');

    // ── Anyone finds it in the public catalog ───────────────────────────────────────────────────
    const visitor = await suite.openPage('visitor');
    await visitor.goto(`${suite.url}/catalog`);
    await visitor.getByRole('heading', { name: 'App catalog', level: 1 }).waitFor();
    await visitor.getByRole('searchbox', { name: 'Search' }).fill('Acme Stats');
    const card = visitor.getByRole('article', { name: 'Acme Stats' });
    await card.waitFor();
    await card.getByText('$19.00 / month · 14-day trial').waitFor();
    await screenshot(visitor, 'catalog-search');
    // The Russian texts the partner wrote are what a Russian storefront shows (and searches).
    await visitor.getByRole('combobox', { name: 'Listing language' }).selectOption({ label: 'Русский' });
    await visitor.getByRole('searchbox', { name: 'Search' }).fill('Статистика');
    await visitor.getByRole('article', { name: 'Acme Статистика' }).getByText('Почасовая панель продаж', { exact: false }).waitFor();
    await screenshot(visitor, 'catalog-search-russian');

    expect(suite.pageErrors).toEqual([]);
  });

  it('should show the partner the listing editor in Russian once Russian is picked', { timeout: 60_000 }, async () => {
    const page = await suite.openPage('russian partner');
    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    // The pick the header's language picker keeps, set before the next load.
    await page.evaluate(() => localStorage.setItem('vetline.language', 'ru'));
    await page.goto(`${suite.url}/apps/acme-stats`);
    const save = page.getByRole('button', { name: 'Сохранить карточку' });
    await save.waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    const en = page.getByRole('group', { name: /^EN/ });
    // Each label's own words (a field's text or chosen option would join its accessible name).
    const labelWords = (labels: Locator) => labels.evaluateAll((all) => all.map((label) => label.firstChild?.textContent?.trim()));
    expect(await labelWords(en.locator('label'))).toEqual(['Название', 'Описание возможностей', 'Описание установки']);
    const form = page.locator('form.listing-editor');
    expect(await labelWords(form.locator('.form-grid > label'))).toEqual([
      'Раздел',
      'Страны',
      'Адрес страницы поддержки',
      'Адрес документации',
      'Цена',
      'Цена со скидкой (необязательно)',
      'Пробных дней (необязательно)',
      'Валюта',
    ]);
    await form.getByRole('group', { name: 'Цена (в месяц)' }).waitFor();
    // Nothing of the form is left in English.
    const text = await form.innerText();
    for (const english of ['Save listing', 'Feature description', 'Installation description', 'Countries', 'Support page URL', 'Pricing (monthly)', 'Currency', 'Preview', '/ month']) {
      expect(text, english).not.toContain(english);
    }
    expect(suite.pageErrors).toEqual([]);
  });
});
