import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { freePort, startDemoModule } from '../helpers/demo-module.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Activation in the browser, with the demo module as a real process speaking only HTTP to Vetline:
 * the administrator of Магазин у дома connects Nordlys Pickup through its connection page (key
 * created in the account area, pasted into the module's form, verified and registered by the
 * module, back in the account area) and Nordlys Survey by simple connection (consent, no form).
 * Screenshots go to `test/.artifacts/e2e-activation/`.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-activation');

let module: Awaited<ReturnType<typeof startDemoModule>> | undefined;
let port = 0;
const suite = dashboardSuite({
  name: 'activation',
  artifacts: ARTIFACTS,
  env: () => ({ PORT: String(port), VETLINE_DEMO_MODULE_URL: module!.url }),
  context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' },
  timeout: 20_000,
});
let page: Page;

describe.runIf(chromiumAvailable())('activation in the dashboard', () => {
  beforeAll(async () => {
    // Each must know the other's address before it starts: Vetline's port is chosen first.
    port = await freePort();
    module = await startDemoModule(`http://127.0.0.1:${port}`);
    await suite.start();
    page = await suite.openPage();
  }, 180_000);

  afterAll(async () => {
    await suite.stop();
    await module?.stop();
  });

  it('should connect an app through its connection page: key created, module form, verified, registered, back', { timeout: 120_000 }, async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'failed-connection-page.png'), fullPage: true }).catch(() => {});
      console.error(module?.output());
    });
    await suite.signIn(page, 'misha@magazin.shop');
    await page.getByRole('heading', { name: 'Магазин у дома', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');

    // A key for the module, with the permissions Nordlys Pickup requests.
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('Nordlys Pickup');
    await form.getByRole('checkbox', { name: /delivery\.write/ }).check();
    await form.getByRole('checkbox', { name: /orders\.read/ }).check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-key-secret').textContent())!.trim();
    expect(secret).toMatch(/^vl_module_/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-key-created.png'), fullPage: true });

    // Connect goes to the module's registered page, with the account's address.
    await page.getByRole('button', { name: 'Connect nordlys-pickup' }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${module!.url}/connect/nordlys-pickup?account=`));
    const account = new URL(page.url()).searchParams.get('account');
    await expect.poll(() => page.getByLabel('Account address').inputValue()).toBe(account);
    // A key without the permissions the app needs: the module says what is missing.
    await page.getByLabel('API key').fill('vl_module_not-a-key');
    await page.getByRole('button', { name: 'Save and connect' }).click();
    await page.getByRole('alert').filter({ hasText: 'Vetline refused the key' }).waitFor();
    await page.getByLabel('API key').fill(secret);
    await page.screenshot({ path: path.join(ARTIFACTS, 'module-connection-page.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save and connect' }).click();

    // Back in the account area, connected.
    await page.waitForURL(`${suite.url}/account?connected=nordlys-pickup`);
    await page.getByRole('status').filter({ hasText: 'is connected' }).waitFor();
    const installed = page.getByRole('listitem', { name: 'Nordlys Самовывоз' });
    await installed.getByText('Connected', { exact: true }).waitFor();
    await expect.poll(() => installed.textContent()).toContain('Granted: Manage deliveries, Read orders');
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-connected.png'), fullPage: true });
    expect(suite.pageErrors).toEqual([]);
  });

  it('should connect an app by simple connection after consent, the module configured with no form', { timeout: 120_000 }, async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'failed-simple.png'), fullPage: true }).catch(() => {});
      console.error(module?.output());
    });
    await page.goto(`${suite.url}/account`);
    await page.getByRole('button', { name: 'Connect nordlys-survey' }).click();
    const consent = page.getByRole('dialog', { name: 'Connect Nordlys Опросы' });
    await consent.getByText('orders.read').waitFor();
    await consent.getByText('messages.send').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-consent.png'), fullPage: true });
    await consent.getByRole('button', { name: 'Allow and connect' }).click();
    await page.getByRole('status').filter({ hasText: 'Connected.' }).waitFor();
    await page.getByRole('listitem', { name: 'Nordlys Опросы' }).getByText('Connected', { exact: true }).waitFor();
    // The module was configured by Vetline (no form), and hears both connections by signed webhooks.
    const moduleIndex = await (await fetch(`${module!.url}/`)).text();
    expect(moduleIndex).toContain('simple connection');
    expect(moduleIndex).toContain('connection page');
    await expect
      .poll(async () => ((await (await fetch(`${module!.url}/webhooks`)).text()).match(/installation\.connected<\/td><td>verified/g) ?? []).length, { timeout: 30_000 })
      .toBe(2);
    expect(suite.pageErrors).toEqual([]);
  });
});
