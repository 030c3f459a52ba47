import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/embedded.js';
import { type ServerProcess, startBuiltServer } from '../helpers/process.js';
import { dashboardRoutes, visitRoutes } from '../helpers/dashboard-routes.js';
import { violations } from '../helpers/axe.js';

// axe-core (WCAG rules, contrast included) on the main pages, and a keyboard-only sign-in.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM) || Boolean(process.env.CI);
/** Picks a language in the header and waits until the page has re-rendered in it. */
async function pickLanguage(page: Page, language: 'en' | 'ru') {
  await page.locator('.language-picker select').selectOption(language);
  const skipLink = language === 'ru' ? 'Перейти к содержимому' : 'Skip to content';
  await page.waitForFunction(
    ([lang, text]) => document.documentElement.lang === lang && document.querySelector('.skip-link')?.textContent === text,
    [language, skipLink] as const,
  );
}

describe.runIf(available)('accessibility of the dashboard', () => {
  let server: ServerProcess;
  let data: Awaited<ReturnType<typeof tempDir>>;
  let browser: Browser;

  beforeAll(async () => {
    data = await tempDir();
    server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await data?.remove();
  });

  async function signInWithKeyboard(page: Page, email: string) {
    await page.goto(`${server.url}/sign-in`);
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
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/catalog`);
    await page.getByRole('heading', { name: 'App catalog' }).waitFor();
    await page.locator('article').first().waitFor();
    expect(await violations(page)).toEqual([]);

    await signInWithKeyboard(page, 'rita@vetline.dev');
    await page.getByRole('heading', { name: 'Moderation queue' }).waitFor({ timeout: 15_000 });
    await page.locator('table tbody tr').first().waitFor();
    expect(await violations(page)).toEqual([]);

    await page.getByRole('link', { name: /Acme Pay/ }).first().click();
    await page.getByRole('heading', { name: 'Decision' }).waitFor({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);
  });

  it('should notice a violation when there is one (the check itself works)', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/catalog`);
    await page.getByRole('heading', { name: 'App catalog' }).waitFor();
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/x.png"><button></button>'));
    const found = await violations(page);
    expect(found.some((v) => v.includes('image-alt'))).toBe(true);
    expect(found.some((v) => v.includes('button-name'))).toBe(true);
  });

  it('should pass axe on the partner pages', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInWithKeyboard(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps' }).waitFor({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);
    await page.goto(`${server.url}/apps/acme-stats`);
    await page.getByRole('heading', { name: 'Listing' }).first().waitFor({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);
  });

  it('should pass axe on the not-found, not-allowed and session-ended pages', async () => {
    // A context of its own: two tabs of one browser share the session.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInWithKeyboard(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps' }).waitFor({ timeout: 15_000 });
    // Another partner's app.
    await page.goto(`${server.url}/apps/nordlys-crm`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);
    await page.goto(`${server.url}/queue`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);
    // A second tab of the same browser signs out: this one asks to sign in again, where it was.
    const other = await context.newPage();
    await other.goto(`${server.url}/apps`);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You were signed out in another tab').waitFor({ timeout: 15_000 });
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  // Every route with demo data, in English and Russian, in the light and the dark colour scheme (the
  // system setting). Each page loads once: the scheme is switched by media emulation and the language
  // by the header's picker (no reload), so the routes' English readiness checks serve both languages.
  it('should pass axe on every page in both languages and both colour schemes', { timeout: 360_000 }, async () => {
    const routes = await dashboardRoutes(server.url);
    const found: string[] = [];
    const checked = new Set<string>();
    await visitRoutes(browser, server.url, routes, { viewport: { width: 1280, height: 900 }, locale: 'en-US' }, async (page, route) => {
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
