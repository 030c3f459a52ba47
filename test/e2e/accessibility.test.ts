import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/embedded.js';
import { type ServerProcess, startBuiltServer } from '../helpers/process.js';

// axe-core (WCAG rules, contrast included) on the main pages, and a keyboard-only sign-in.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM) || Boolean(process.env.CI);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<string[]> {
  // Through the DevTools protocol: the dashboard's CSP (rightly) refuses an injected inline script.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Violation[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
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
});
