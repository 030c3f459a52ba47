import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';

/**
 * A partner who picks Russian in the header reads My apps, an app, a version and the inbox in
 * Russian, keeps that choice across a reload, and meets none of those pages' English texts.
 * Screenshots go to `test/.artifacts/e2e-partner-russian/`.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-partner-russian');

const suite = dashboardSuite({
  name: 'partner-russian',
  artifacts: ARTIFACTS,
  context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  timeout: 15_000,
});

/** The English words of a page that must be gone once it speaks Russian (its own texts only). */
async function expectNoEnglish(page: Page, english: string[]) {
  const text = await page.locator('main').innerText();
  expect(english.filter((words) => text.includes(words))).toEqual([]);
}

describe.runIf(chromiumAvailable())('a partner who reads Russian', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should show My apps, an app, a version and the inbox in Russian, and keep the choice after a reload', { timeout: 120_000 }, async () => {
    const page = await suite.openPage();
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'failed.png'), fullPage: true }).catch(() => {});
    });

    // An English browser: the dashboard starts in English, and the partner picks Russian.
    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor({ timeout: 20_000 });
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');

    // ── My apps ──────────────────────────────────────────────────────────────────────────────
    await page.getByRole('heading', { name: 'Мои приложения', level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.getByRole('columnheader', { name: 'Доступность' }).waitFor();
    const loyalty = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Acme Loyalty' }) });
    expect(await loyalty.locator('.badge.status-changes_requested').textContent()).toBe('Статус: Нужны доработки');
    expect(await loyalty.locator('td[data-label="Доступность"]').innerText()).toBe('Недоступно');
    await page.locator('summary', { hasText: 'Создать приложение' }).click();
    await page.getByRole('button', { name: 'Создать', exact: true }).waitFor();
    await page.getByLabel('Код интеграции').waitFor();
    await expectNoEnglish(page, ['My apps', 'Search by code or name', 'Availability', 'Not available', 'None yet', 'Create an app', 'Integration code', 'turn:', 'Partner:']);
    await page.screenshot({ path: path.join(ARTIFACTS, '01-my-apps.png'), fullPage: true });

    // The choice is kept in this browser: a reload comes back in Russian.
    await page.reload();
    await page.getByRole('heading', { name: 'Мои приложения', level: 1 }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Язык' }).inputValue()).toBe('ru');

    // ── An app ───────────────────────────────────────────────────────────────────────────────
    await page.getByRole('link', { name: 'Acme Pay', exact: true }).click();
    await page.getByRole('heading', { name: 'Acme Pay', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Версии', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'История', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Обновить' }).waitFor();
    await page.getByRole('button', { name: 'Отключить приложение' }).waitFor();
    const live = page.getByRole('row').filter({ has: page.getByRole('link', { name: '1.0', exact: true }) });
    expect(await live.locator('.badge').textContent()).toBe('Статус: Опубликована');
    await page.getByText('На связи', { exact: true }).waitFor();
    await expectNoEnglish(page, ['Versions', 'Whose turn', 'Open threads', 'Refresh', 'Switch the app off', 'Start the version', 'New version', 'consultation:', 'Connected']);
    await page.screenshot({ path: path.join(ARTIFACTS, '02-app.png'), fullPage: true });

    // ── One of its versions ──────────────────────────────────────────────────────────────────
    await page.getByRole('link', { name: '1.1', exact: true }).click();
    await page.getByRole('heading', { name: 'Модерация', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Замечания (открыто: 1)', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Раунды проверки', level: 2 }).waitFor();
    expect(await page.locator('.page-head .badge').textContent()).toBe('Статус: На проверке');
    await expectNoEnglish(page, ['Review threads', 'Status timeline', 'Review rounds']);
    await page.screenshot({ path: path.join(ARTIFACTS, '03-version.png'), fullPage: true });

    // On a phone the longer Russian words still fit: no sideways scroll, and the jump bar shows all its links.
    await page.setViewportSize({ width: 390, height: 844 });
    const jumpBar = page.getByRole('navigation', { name: 'Перейти к' });
    await jumpBar.getByRole('link', { name: 'Замечания (1)' }).waitFor();
    expect(await jumpBar.evaluate((bar) => bar.scrollWidth - bar.clientWidth)).toBeLessThanOrEqual(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, '03-version-phone.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    // ── The inbox ────────────────────────────────────────────────────────────────────────────
    const inboxLink = page.getByRole('link', { name: /^Входящие/ });
    expect(await inboxLink.getAttribute('href')).toBe('/inbox');
    expect(await inboxLink.innerText()).toMatch(/^Входящие\s*\d+\s*непрочитанн(ое|ых)$/);
    await inboxLink.click();
    await page.getByRole('heading', { name: 'Входящие', level: 1 }).waitFor();
    await page.getByText(/\d+ непрочитанн(ое|ых)\.$/).waitFor();
    await page.getByRole('button', { name: 'Отметить всё прочитанным' }).waitFor();
    await page.getByText('Не прочитано', { exact: false }).first().waitFor();
    await expectNoEnglish(page, ['Inbox', 'Mark all read', 'Mark read', 'Unread', 'unread', 'What the marketplace did', 'Browser notifications']);
    await page.screenshot({ path: path.join(ARTIFACTS, '04-inbox.png'), fullPage: true });

    // Reading everything says so in Russian too.
    await page.getByRole('button', { name: 'Отметить всё прочитанным' }).click();
    await page.getByText('Всё прочитано.', { exact: false }).waitFor();
    expect(suite.pageErrors).toEqual([]);
  });
});
