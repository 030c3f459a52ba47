import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';

/**
 * The dashboard's language: without a pick it follows the browser; the header's picker switches
 * it in place (no reload), `<html lang>` follows, and the pick outlives a reload and reaches the
 * browser's other tabs.
 */

const LANGUAGE_KEY = 'vetline.language';

const suite = dashboardSuite({ name: 'language', context: { viewport: { width: 1280, height: 900 } }, timeout: 20_000 });

/** The header's language picker, by its name in the language shown. */
const picker = (page: Page, name: 'Language' | 'Язык') => page.getByRole('banner').getByRole('combobox', { name, exact: true });
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const storedPick = (page: Page) => page.evaluate((key) => localStorage.getItem(key), LANGUAGE_KEY);
/** Marks the current document, to tell a re-render from a reload. */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
const marked = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

describe.runIf(chromiumAvailable())('the dashboard language', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should follow the browser’s language when the reader has picked none', { timeout: 60_000 }, async () => {
    const russian = await (await suite.newContext({ locale: 'ru-RU' })).newPage();
    await russian.goto(`${suite.url}/catalog`);
    await russian.getByRole('link', { name: 'Каталог' }).waitFor();
    expect(await htmlLang(russian)).toBe('ru');
    expect(await picker(russian, 'Язык').inputValue()).toBe('ru');
    expect(await storedPick(russian)).toBeNull();

    const english = await (await suite.newContext({ locale: 'en-US' })).newPage();
    await english.goto(`${suite.url}/catalog`);
    await english.getByRole('link', { name: 'Catalog' }).waitFor();
    expect(await htmlLang(english)).toBe('en');
    expect(await picker(english, 'Language').inputValue()).toBe('en');
    expect(await storedPick(english)).toBeNull();
  });

  it('should switch with the header’s picker without a reload, keep the pick across a reload and in a second tab', { timeout: 120_000 }, async () => {
    const context = await suite.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await suite.signIn(page, 'admin@vetline.dev');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${suite.url}/admin/policy`);
    await page.getByRole('heading', { name: 'Marketplace policy', level: 1 }).waitFor();
    expect(await htmlLang(page)).toBe('en');

    await mark(page);
    await picker(page, 'Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Правила маркетплейса', level: 1 }).waitFor();
    expect(await htmlLang(page)).toBe('ru');
    expect(await marked(page)).toBe(true);
    expect(await storedPick(page)).toBe('ru');

    await page.reload();
    await page.getByRole('heading', { name: 'Правила маркетплейса', level: 1 }).waitFor();
    expect(await htmlLang(page)).toBe('ru');
    expect(await marked(page)).toBe(false);

    // A second tab opens in the picked language…
    const second = await context.newPage();
    await second.goto(`${suite.url}/admin/sections`);
    await second.getByRole('heading', { name: 'Разделы', level: 1 }).waitFor();
    expect(await htmlLang(second)).toBe('ru');

    // …and follows a pick made in the first one, without a reload.
    await mark(second);
    await picker(page, 'Язык').selectOption('en');
    await page.getByRole('heading', { name: 'Marketplace policy', level: 1 }).waitFor();
    await second.getByRole('heading', { name: 'Sections', level: 1 }).waitFor();
    expect(await htmlLang(second)).toBe('en');
    expect(await marked(second)).toBe(true);
  });
});
