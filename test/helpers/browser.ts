import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (playwright's own browsers cannot be downloaded here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is there; CI must have it (.ci/run installs it), elsewhere its absence skips with a warning. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM}`);
  console.warn(`[test] Chromium is not at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): the end-to-end test is skipped`);
  return false;
}

/** Headless Chromium that stays off the (closed) network: no background traffic, no QUIC. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, baseUrl: string, email: string, password = 'vetline-demo') {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Waits until a page's live stream is connected, so nothing that follows can be missed. */
export async function waitLive(page: Page) {
  await page.locator('.live-dot.on').waitFor();
}

/** A marker on `window` that only survives if the page is never reloaded or navigated away. */
export async function setMarker(page: Page, value: string) {
  await page.evaluate((v) => {
    (globalThis as unknown as Record<string, unknown>).__e2eMarker = v;
  }, value);
}

/** The marker `setMarker` left, if the page is still the same document. */
export async function readMarker(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as unknown as Record<string, unknown>).__e2eMarker);
}
