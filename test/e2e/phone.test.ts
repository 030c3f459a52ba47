import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { dashboardRoutes, visitRoutes } from '../helpers/dashboard-routes.js';
import { violations } from '../helpers/axe.js';

// Every page on a phone (390 px wide): no horizontal scroll, the key actions in reach, and axe
// in both colour schemes. With E2E_SCREENSHOTS=<folder>, each page is also saved as a PNG at
// 390 and 1440 px, light and dark, to look at.

const SCREENSHOTS = process.env.E2E_SCREENSHOTS;

describe.runIf(chromiumAvailable())('the dashboard on a phone', () => {
  const suite = dashboardSuite({ name: 'phone' });
  beforeAll(suite.start);
  afterAll(suite.stop);

  it.each(['light', 'dark'] as const)('should fit every page into 390 px with no horizontal scroll and pass axe (%s)', { timeout: 240_000 }, async (colorScheme) => {
    const routes = await dashboardRoutes(suite.url);
    const tooWide: string[] = [];
    const found: string[] = [];
    let visited = 0;
    await visitRoutes(suite.browser, suite.url, routes, { viewport: { width: 390, height: 844 }, colorScheme, hasTouch: true, isMobile: true }, async (page, route) => {
      visited++;
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      if (scrollWidth > innerWidth) tooWide.push(`${route.name}: ${scrollWidth} px wide in ${innerWidth}`);
      for (const violation of await violations(page)) found.push(`${route.name}: ${violation}`);
      if (SCREENSHOTS) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${route.name.replace(/\W+/g, '-')}-390-${colorScheme}.png`), fullPage: true });
      }
    });
    expect(visited).toBe(routes.length);
    expect(tooWide).toEqual([]);
    expect(found).toEqual([]);
  });

  it('should keep the decision and the threads of a review one tap away on a phone', async () => {
    const routes = await dashboardRoutes(suite.url);
    const review = routes.filter((route) => route.name === 'review');
    await visitRoutes(suite.browser, suite.url, review, { viewport: { width: 390, height: 844 } }, async (page) => {
      const bar = page.getByRole('navigation', { name: 'Jump to' });
      // Fixed to the bottom of the screen, whatever the scroll.
      await page.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
      const box = await bar.boundingBox();
      expect(box && box.y + box.height).toBeCloseTo(844, -1);
      await bar.getByRole('link', { name: /Threads/ }).click();
      const threads = await page.getByRole('heading', { name: /Deficiency threads/ }).boundingBox();
      expect(threads && threads.y >= 0 && threads.y < 844).toBe(true);
      await bar.getByRole('link', { name: 'Decision' }).click();
      await page.getByRole('button', { name: 'Request changes' }).scrollIntoViewIfNeeded();
      const decision = await page.getByRole('heading', { name: 'Decision' }).boundingBox();
      expect(decision && decision.y >= 0 && decision.y < 844).toBe(true);
    });
  });

  it('should name each stacked cell of the queue by its column, in English and in Russian', { timeout: 120_000 }, async () => {
    const context = await suite.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      await suite.signIn(page, 'rita@vetline.dev');
      await page.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
      /** Each cell of the first submission: the label shown before it, and its column's heading. */
      const labels = () =>
        page.locator('.queue-table').last().evaluate((table) => {
          const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
          return [...table.querySelectorAll('tbody tr:first-child td')].map((td, i) => {
            const before = getComputedStyle(td, '::before');
            return { shown: before.content, display: before.display, heading: headings[i] };
          });
        });
      const expected = {
        en: ['Select', 'App', 'Version', 'Section', 'Waiting', 'Assignee', 'Kind', 'Whose turn', 'Actions'],
        ru: ['Выбрать', 'Приложение', 'Версия', 'Раздел', 'Ожидает', 'Модератор', 'Тип', 'Чей ход', 'Действия'],
      };
      for (const language of ['en', 'ru'] as const) {
        await page.evaluate((l) => localStorage.setItem('vetline.language', l), language);
        await page.reload();
        await page.getByRole('heading', { name: language === 'en' ? 'Moderation queue' : 'Очередь модерации', level: 1 }).waitFor();
        await page.locator('.queue-table tbody tr').first().waitFor();
        const cells = await labels();
        expect(cells.map((cell) => cell.shown)).toEqual(expected[language].map((name) => JSON.stringify(name)));
        // The label is the column's heading (the checkbox column's heading is the select-all box).
        for (const cell of cells.slice(1)) expect(cell.shown).toBe(JSON.stringify(cell.heading));
        expect(cells.every((cell) => cell.display !== 'none')).toBe(true);
      }
      // On a wide screen the table has its headings, and the cells show no labels.
      await page.setViewportSize({ width: 1440, height: 900 });
      expect((await labels()).map((cell) => cell.shown)).toEqual(expected.ru.map(() => 'none'));
    } finally {
      await context.close();
    }
  });

  it.runIf(Boolean(SCREENSHOTS))('should save every page at 1440 px, light and dark, to look at', { timeout: 240_000 }, async () => {
    const routes = await dashboardRoutes(suite.url);
    for (const colorScheme of ['light', 'dark'] as const) {
      await visitRoutes(suite.browser, suite.url, routes, { viewport: { width: 1440, height: 900 }, colorScheme }, async (page, route) => {
        await page.screenshot({ path: path.join(SCREENSHOTS!, `${route.name.replace(/\W+/g, '-')}-1440-${colorScheme}.png`) });
      });
    }
  });
});
