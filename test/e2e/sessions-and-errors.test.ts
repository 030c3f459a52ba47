import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { gql } from '../helpers/graphql.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Issue 13, items 1 and 2, end to end: one session per browser (a second tab is signed in; signing
 * out in one tab signs out the others; a refused session asks to sign in again and comes back to
 * the same page) and errors told for people (another partner's app is "not found", the staff's
 * queue is "not allowed" for a partner, never the server's GraphQL text); and item 5's timeline,
 * newest first with older events a click away.
 */

const STEP_TIMEOUT = 15_000;
const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-sessions');
/** What must never reach a person's screen. */
const RAW = /\[GraphQL\]|\[Network\]|Not authorized to resolve|Failed to fetch/;

const suite = dashboardSuite({
  name: 'sessions',
  artifacts: ARTIFACTS,
  freshArtifacts: true,
  context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  timeout: STEP_TIMEOUT,
});
let context: BrowserContext | undefined;

/** A fresh browser (its own storage) with one tab; `newPage` on the context opens more tabs. */
async function openBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  context = await suite.newContext();
  context.on('page', (page) => page.on('pageerror', (error) => suite.pageErrors.push(error.message)));
  const page = await context.newPage();
  onTestFailed(async () => {
    for (const [i, open] of context?.pages().entries() ?? []) {
      await open.screenshot({ path: path.join(ARTIFACTS, `failed-tab-${i}.png`), fullPage: true }).catch(() => {});
    }
  });
  return { context, page };
}

const signInHeading = (page: Page) => page.getByRole('heading', { name: 'Sign in', level: 1 });

describe.runIf(chromiumAvailable())('sessions across tabs, errors for people, timelines newest first', () => {
  beforeAll(suite.start);

  afterEach(async () => {
    await context?.close().catch(() => {});
    context = undefined;
    expect(suite.pageErrors.splice(0)).toEqual([]);
  });

  afterAll(suite.stop);

  it('should sign in a second tab opened from the queue, and sign every tab out and in together', { timeout: 120_000 }, async () => {
    const { context: browserContext, page: queue } = await openBrowser();
    await suite.signIn(queue, 'rita@vetline.dev');
    await queue.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();

    // A reviewer opens a queue item in a new tab: it is signed in, no second sign-in.
    const href = await queue.getByRole('link', { name: /Acme Pay/ }).first().getAttribute('href');
    expect(href).toMatch(/^\/review\//);
    const review = await browserContext.newPage();
    await review.goto(`${suite.url}${href}`);
    await review.getByRole('heading', { name: 'Decision' }).waitFor();
    const reviewUrl = review.url();

    // Signing out in the queue tab signs the review tab out, without a reload, where it stands.
    await queue.getByRole('button', { name: 'Sign out' }).click();
    await signInHeading(queue).waitFor();
    await signInHeading(review).waitFor();
    await review.getByRole('status').filter({ hasText: 'signed out in another tab' }).waitFor();
    expect(review.url()).toBe(reviewUrl);
    expect(await review.getByRole('heading', { name: 'Decision' }).count()).toBe(0);
    await suite.screenshot(review, '01-second-tab-signed-out');

    // Signing in again in the review tab brings it back to the review, and the queue tab too.
    await review.getByLabel('E-mail').fill('rita@vetline.dev');
    await review.getByLabel('Password').fill('vetline-demo');
    await review.getByRole('button', { name: 'Sign in', exact: true }).click();
    await review.getByRole('heading', { name: 'Decision' }).waitFor();
    expect(review.url()).toBe(reviewUrl);
    await queue.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
  });

  it("should show the not-found page for another partner's app and the not-allowed page for the queue", { timeout: 120_000 }, async () => {
    const { page } = await openBrowser();
    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();

    // nordlys-crm is Nordlys Software's (published, so it exists): Anna of Acme Apps gets "not found".
    await page.goto(`${suite.url}/apps/nordlys-crm`);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    expect(await page.getByText(RAW).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Back to the apps' }).getAttribute('href')).toBe('/apps');
    await suite.screenshot(page, '02-not-found-other-partners-app');

    // An app that does not exist at all reads exactly the same.
    await page.goto(`${suite.url}/apps/no-such-app`);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();

    await page.goto(`${suite.url}/queue`);
    await page.getByRole('heading', { name: 'Not allowed', level: 1 }).waitFor();
    await page.getByText('The moderation queue is for marketplace staff').waitFor();
    await suite.screenshot(page, '03-not-allowed-queue');

    // On a phone too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.url}/apps/nordlys-crm`);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await suite.screenshot(page, '04-not-found-390');
  });

  it('should ask to sign in again when the server ends the session, and come back to the same page', { timeout: 120_000 }, async () => {
    const { page } = await openBrowser();
    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await page.goto(`${suite.url}/apps/acme-stats`);
    await page.getByRole('heading', { name: 'Listing' }).first().waitFor();
    const appUrl = page.url();

    // The session ends on the server (signed out from elsewhere, expired, revoked): the tab's token is refused.
    const token = await page.evaluate(() => localStorage.getItem('vetline.token'));
    if (!token) throw new Error('the session is not in localStorage');
    const ended = await gql(suite.url, 'mutation { logout }', {}, { token });
    expect(ended.errors).toBeUndefined();
    // The server closes the session's live socket at once (4403): the page need not even ask again.

    await signInHeading(page).waitFor();
    await page.getByRole('status').filter({ hasText: 'Your session has ended' }).waitFor();
    expect(page.url()).toBe(appUrl);
    expect(await page.evaluate(() => localStorage.getItem('vetline.token'))).toBeNull();
    expect(await page.getByText(RAW).count()).toBe(0);
    await suite.screenshot(page, '05-session-ended');

    await page.getByLabel('E-mail').fill('anna@acme.dev');
    await page.getByLabel('Password').fill('vetline-demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Listing' }).first().waitFor();
    expect(page.url()).toBe(appUrl);
  });

  it('should say the password is wrong in words of its own', { timeout: 60_000 }, async () => {
    const { page } = await openBrowser();
    await suite.signIn(page, 'anna@acme.dev', 'not-the-password');
    await page.getByRole('alert').filter({ hasText: 'The e-mail or password is wrong.' }).waitFor();
    expect(await page.getByText(RAW).count()).toBe(0);
  });

  it('should list the timeline newest first and load older events below', { timeout: 60_000 }, async () => {
    const { page } = await openBrowser();
    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    // acme-pay has more than a page (20) of history.
    await page.goto(`${suite.url}/apps/acme-pay`);
    const times = page.locator('.timeline li time');
    await times.first().waitFor();
    const firstPage = await times.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
    expect(firstPage).toHaveLength(20);
    expect(firstPage).toEqual([...firstPage].sort().reverse());

    await page.getByRole('button', { name: 'Load older events' }).click();
    await expect.poll(() => times.count()).toBeGreaterThan(20);
    const both = await times.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
    expect(both.slice(0, 20)).toEqual(firstPage);
    expect(both).toEqual([...both].sort().reverse());
  });
});
