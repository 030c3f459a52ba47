import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { dashboardRoutes, visitRoutes } from '../helpers/dashboard-routes.js';
import { violations } from '../helpers/axe.js';

// axe-core (WCAG rules, contrast included) on the main pages, and a keyboard-only sign-in.

const STEP_TIMEOUT = 15_000;
const VIEWPORT = { width: 1280, height: 900 };

/** Picks a language in the header and waits until the page has re-rendered in it. */
async function pickLanguage(page: Page, language: 'en' | 'ru') {
  await page.locator('.language-picker select').selectOption(language);
  const skipLink = language === 'ru' ? 'Перейти к содержимому' : 'Skip to content';
  await page.waitForFunction(
    ([lang, text]) => document.documentElement.lang === lang && document.querySelector('.skip-link')?.textContent === text,
    [language, skipLink] as const,
  );
}

/**
 * What axe finds once the page shows its content (`content`, when it comes with data) and its main
 * heading (`title`, the one h1), and nothing is loading. A heading on screen is not enough: a part
 * that mounts with the data can load its translations then, and the page's Suspense boundary hides
 * the whole page meanwhile (the My apps page's section-request panel, under load), so axe found no
 * visible h1 (page-has-heading-one). Playwright waits for visible elements, so this waits it out.
 */
async function violationsOnceShown(page: Page, title: string | RegExp, content?: string): Promise<string[]> {
  if (content) await page.locator(content).first().waitFor();
  await page.getByRole('heading', { name: title, level: 1 }).waitFor();
  await page.locator('main .loading').first().waitFor({ state: 'detached' });
  return violations(page);
}

describe.runIf(chromiumAvailable())('accessibility of the dashboard', () => {
  const suite = dashboardSuite({ name: 'accessibility', context: { viewport: VIEWPORT }, timeout: STEP_TIMEOUT });
  beforeAll(suite.start);
  afterAll(suite.stop);

  async function signInWithKeyboard(page: Page, email: string) {
    await page.goto(`${suite.url}/sign-in`);
    await page.getByLabel('E-mail').waitFor();
    // Tab from the top of the page to the e-mail field, type, tab to the password, Enter.
    for (let i = 0; i < 30 && !(await page.getByLabel('E-mail').evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('vetline-demo');
    await page.keyboard.press('Enter');
  }

  it('should sign in with the keyboard alone and pass axe on the staff pages', async () => {
    const page = await suite.openPage();
    await page.goto(`${suite.url}/catalog`);
    await page.locator('article').first().waitFor();
    expect(await violationsOnceShown(page, 'App catalog')).toEqual([]);

    await signInWithKeyboard(page, 'rita@vetline.dev');
    await page.locator('table tbody tr').first().waitFor();
    expect(await violationsOnceShown(page, 'Moderation queue')).toEqual([]);

    await page.getByRole('link', { name: /Acme Pay/ }).first().click();
    await page.getByRole('heading', { name: 'Decision' }).waitFor();
    expect(await violationsOnceShown(page, /^Acme Pay/)).toEqual([]);
  });

  it('should notice a violation when there is one (the check itself works)', async () => {
    const page = await suite.openPage();
    await page.goto(`${suite.url}/catalog`);
    await page.getByRole('heading', { name: 'App catalog', level: 1 }).waitFor();
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/x.png"><button></button>'));
    const found = await violations(page);
    expect(found.some((v) => v.includes('image-alt'))).toBe(true);
    expect(found.some((v) => v.includes('button-name'))).toBe(true);
  });

  it('should pass axe on the partner pages', async () => {
    const page = await suite.openPage();
    await signInWithKeyboard(page, 'anna@acme.dev');
    expect(await violationsOnceShown(page, 'My apps', 'main a[href^="/apps/"]')).toEqual([]);
    await page.goto(`${suite.url}/apps/acme-stats`);
    await page.getByRole('heading', { name: 'Listing', level: 2 }).waitFor();
    expect(await violationsOnceShown(page, 'Acme Stats')).toEqual([]);
  });

  it('should pass axe on the not-found, not-allowed and session-ended pages', async () => {
    // A context of its own: two tabs of one browser share the session.
    const context = await suite.newContext();
    const page = await context.newPage();
    await signInWithKeyboard(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    // Another partner's app.
    await page.goto(`${suite.url}/apps/nordlys-crm`);
    expect(await violationsOnceShown(page, 'Page not found')).toEqual([]);
    await page.goto(`${suite.url}/queue`);
    expect(await violationsOnceShown(page, 'Not allowed')).toEqual([]);
    // A second tab of the same browser signs out: this one asks to sign in again, where it was.
    const other = await context.newPage();
    await other.goto(`${suite.url}/apps`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You were signed out in another tab').waitFor();
    expect(await violationsOnceShown(page, 'Sign in')).toEqual([]);
  });

  // Every route with demo data, in English and Russian, in the light and the dark colour scheme (the
  // system setting). Each page loads once: the scheme is switched by media emulation and the language
  // by the header's picker (no reload), so the routes' English readiness checks serve both languages.
  it('should pass axe on every page in both languages and both colour schemes', { timeout: 360_000 }, async () => {
    const routes = await dashboardRoutes(suite.url);
    const found: string[] = [];
    const checked = new Set<string>();
    await visitRoutes(suite.browser, suite.url, routes, { viewport: VIEWPORT, locale: 'en-US' }, async (page, route) => {
      for (const language of ['en', 'ru'] as const) {
        if (language === 'ru') await pickLanguage(page, 'ru');
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
          for (const violation of await violations(page)) found.push(`${route.name} (${route.who ?? 'visitor'}, ${language}, ${colorScheme}): ${violation}`);
          checked.add(`${language} ${colorScheme}`);
        }
      }
      // Back to English for the next route's readiness checks.
      await pickLanguage(page, 'en');
    });
    expect(found).toEqual([]);
    expect([...checked].sort()).toEqual(['en dark', 'en light', 'ru dark', 'ru light']);
  });
});
