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

  // Every route with demo data, in the light and the dark colour scheme (the system setting).
  it.each(['light', 'dark'] as const)('should pass axe on every page in the %s colour scheme', { timeout: 240_000 }, async (colorScheme) => {
    const routes = await dashboardRoutes(server.url);
    const found: string[] = [];
    await visitRoutes(browser, server.url, routes, { viewport: { width: 1280, height: 900 }, colorScheme }, async (page, route) => {
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
      for (const violation of await violations(page)) found.push(`${route.name} (${route.who ?? 'visitor'}): ${violation}`);
    });
    expect(found).toEqual([]);
  });
});
