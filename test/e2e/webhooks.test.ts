import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';

/**
 * The partner's Webhooks page: Anna (owner of Acme Apps) adds an endpoint pointing at a receiver
 * on loopback that fails twice and then answers 200, watches the delivery's failed attempts and its
 * success, redelivers it, rotates the secret (both secrets sign during the overlap) and removes the
 * endpoint. Screenshots go to `test/.artifacts/e2e-webhooks/`.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-webhooks');

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering the queued statuses first, then 200; `received(n)` resolves once n requests came. */
async function startReceiver(statuses: number[]) {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    until: (count: number) =>
      received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Whether one of the request's `v1,` signatures is the Standard Webhooks HMAC with `secret`. */
function signedWith(secret: string, request: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const content = `${String(request.headers['webhook-id'])}.${String(request.headers['webhook-timestamp'])}.${request.body}`;
  const expected = Buffer.from(createHmac('sha256', key).update(content).digest('base64'));
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const given = Buffer.from(signature.slice('v1,'.length));
      return signature.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
const suite = dashboardSuite({
  name: 'webhooks',
  artifacts: ARTIFACTS,
  // Short retries so the receiver's two failures pass in seconds; loopback is allowed in the embedded mode.
  env: { VETLINE_WEBHOOK_ALLOW_PRIVATE: 'true', VETLINE_WEBHOOK_FIRST_RETRY_MS: '500', VETLINE_WEBHOOK_TIMEOUT_MS: '3000' },
  context: { viewport: { width: 1440, height: 900 }, locale: 'en-US' },
  timeout: 20_000,
});

/** Calls the API with the account key of Corner Shop (which has Acme Pay installed). */
async function asCornerShop(query: string) {
  const response = await fetch(`${suite.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'vl_account_corner_shop' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: Record<string, { __typename: string }> };
}

describe.runIf(chromiumAvailable())("the partner's webhooks page", () => {
  beforeAll(async () => {
    receiver = await startReceiver([500, 503]);
    await suite.start();
  });

  afterAll(async () => {
    await suite.stop();
    await receiver?.close();
  });

  it('should add an endpoint, show failed attempts and the retried success, redeliver, rotate the secret and remove the endpoint', { timeout: 180_000 }, async () => {
    const page = await suite.openPage();
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'failed.png'), fullPage: true }).catch(() => {});
    });
    page.on('dialog', (dialog) => void dialog.accept());

    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const acme = page.getByRole('article', { name: 'Acme Apps webhooks' });
    await acme.getByText('No endpoint yet').waitFor();

    // Add the endpoint: its signing secret is shown once.
    await acme.getByLabel('Endpoint URL').fill(receiver!.url);
    await acme.getByRole('button', { name: 'Add endpoint' }).click();
    const firstSecret = await acme.getByLabel('Signing secret').inputValue();
    expect(firstSecret).toMatch(/^whsec_/);
    await acme.getByText(receiver!.url).waitFor();

    // An installation change: the receiver fails twice, then answers 200.
    const disconnected = await asCornerShop('mutation { disconnectApp(code: "acme-pay") { __typename } }');
    expect(disconnected.data['disconnectApp']!.__typename).toBe('MutationDisconnectAppSuccess');
    await receiver!.until(3);
    const ids = new Set(receiver!.received.map((r) => String(r.headers['webhook-id'])));
    expect(ids.size).toBe(1);
    expect(receiver!.received.every((r) => signedWith(firstSecret, r))).toBe(true);
    expect(JSON.parse(receiver!.received[0]!.body)).toMatchObject({ type: 'installation.disconnected' });
    const webhookId = [...ids][0]!;

    await acme.getByRole('button', { name: 'Refresh' }).click();
    const row = acme.getByRole('row', { name: `installation.disconnected delivery ${webhookId}` });
    await row.getByText('Delivered', { exact: true }).waitFor();
    await row.getByText('3 attempts').click();
    const attempts = row.locator('ol.webhook-attempts li');
    await expect.poll(() => attempts.allInnerTexts()).toEqual([
      expect.stringMatching(/: HTTP 500$/),
      expect.stringMatching(/: HTTP 503$/),
      expect.stringMatching(/: HTTP 200$/),
    ]);
    expect(await row.locator('td[data-label="Last response"]').innerText()).toBe('HTTP 200');
    expect(await row.locator('td[data-label="Next retry"]').innerText()).toMatch(/^Delivered /);
    await page.screenshot({ path: path.join(ARTIFACTS, '01-delivered-after-retries.png'), fullPage: true });

    // Redeliver: the same webhook-id again.
    await row.getByRole('button', { name: `Redeliver installation.disconnected ${webhookId}` }).click();
    await receiver!.until(4);
    expect(String(receiver!.received[3]!.headers['webhook-id'])).toBe(webhookId);
    await row.getByText('4 attempts').waitFor();

    // Rotate: a new secret shown once; both sign while the old one is still valid.
    await acme.getByRole('button', { name: 'Rotate secret' }).click();
    const secretBox = acme.getByLabel('New signing secret');
    await secretBox.waitFor();
    const secondSecret = await secretBox.inputValue();
    expect(secondSecret).toMatch(/^whsec_/);
    expect(secondSecret).not.toBe(firstSecret);
    await acme.getByText(/Signed with the new secret and, until .+, with the previous one too\./).waitFor();
    await row.getByRole('button', { name: `Redeliver installation.disconnected ${webhookId}` }).click();
    await receiver!.until(5);
    const afterRotation = receiver!.received[4]!;
    expect(signedWith(secondSecret, afterRotation)).toBe(true);
    expect(signedWith(firstSecret, afterRotation)).toBe(true);
    await row.getByText('5 attempts').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '02-rotated.png'), fullPage: true });

    // The secret is not shown again once the page is left.
    await page.reload();
    await acme.getByText(receiver!.url).waitFor();
    expect(await acme.getByLabel('New signing secret').count()).toBe(0);

    // Phone width, in Russian: the table stacks with its column names.
    const phone = await suite.openPage({ width: 390 });
    await suite.signIn(phone, 'anna@acme.dev');
    await phone.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    // The reader's pick, kept in this browser: the next page opens in Russian.
    await phone.evaluate(() => localStorage.setItem('vetline.language', 'ru'));
    await phone.goto(`${suite.url}/webhooks`);
    await phone.getByRole('heading', { name: 'Вебхуки', level: 1 }).waitFor();
    await phone.getByText('Доставлена', { exact: true }).first().waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, '03-phone-ru.png'), fullPage: true });

    // Remove the endpoint.
    await acme.getByRole('button', { name: 'Remove endpoint' }).click();
    await acme.getByText('No endpoint yet').waitFor();
    await acme.getByRole('button', { name: 'Add endpoint' }).waitFor();
    expect(suite.pageErrors).toEqual([]);
  });

  it("should show a member the deliveries but not the owners' controls", { timeout: 60_000 }, async () => {
    const page = await suite.openPage();
    await suite.signIn(page, 'max@acme.dev');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const acme = page.getByRole('article', { name: 'Acme Apps webhooks' });
    await acme.getByText("Only the partner's owners can change the endpoint and its secret.").waitFor();
    expect(await acme.getByRole('button', { name: 'Rotate secret' }).count()).toBe(0);
    expect(await acme.getByRole('button', { name: /^Redeliver / }).count()).toBeGreaterThan(0);
  });
});
