import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { gql, login } from '../helpers/graphql.js';

// A partner's inbox counts what arrived while the dashboard was closed (the read position is the
// server's), and what arrives while it is open (the live stream); opening an item reads it.

describe.runIf(chromiumAvailable())('the partner inbox in the browser', () => {
  const suite = dashboardSuite({ name: 'inbox' });
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should count a comment that arrived while the page was closed, open it at its thread and mark it read', { timeout: 120_000 }, async () => {
    const rita = await login(suite.url, 'rita@vetline.dev');
    const anna = await login(suite.url, 'anna@acme.dev');
    const app = await gql(suite.url, `{ app(code: "acme-pay") { versions { version threads { id title } } } }`, {}, { token: anna });
    const thread = app.data!.app.versions.find((v: { version: string }) => v.version === '1.1').threads[0] as { id: string; title: string };
    const comment = async (body: string) => {
      const result = await gql(suite.url, `mutation ($t: ID!, $b: String!) { postComment(threadId: $t, body: $b) { __typename } }`, { t: thread.id, b: body }, { token: rita });
      expect(result.data?.postComment.__typename).toBe('MutationPostCommentSuccess');
    };

    const context = await suite.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor({ timeout: 20_000 });
    // The demo's history is unread at first: read it all.
    await page.getByRole('link', { name: /^Inbox/ }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('All read.').waitFor();
    await page.getByTestId('inbox-count').waitFor({ state: 'detached' });
    await page.close();

    // The dashboard is closed; the reviewer comments.
    await comment('Please attach a screenshot of the chargeback.');

    const again = await context.newPage();
    await again.goto(`${suite.url}/apps`);
    const count = again.getByTestId('inbox-count');
    await count.waitFor({ timeout: 20_000 });
    expect(await count.innerText()).toMatch(/^1\s*unread$/);
    expect(await again.getByRole('link', { name: 'Inbox 1 unread' }).count()).toBe(1);

    await again.getByRole('link', { name: /^Inbox/ }).click();
    const unread = again.locator('.inbox-item.unread');
    await unread.first().waitFor();
    expect(await unread.count()).toBe(1);
    expect(await unread.innerText()).toContain('Rita Reyes commented on a thread');
    expect(await unread.innerText()).toContain(thread.title);

    // Open it: the version page, at the thread; the item is read.
    await unread.getByRole('link', { name: 'Rita Reyes commented on a thread' }).click();
    await again.waitForURL(/\/apps\/acme-pay\/versions\/.+#thread-/);
    const heading = again.getByRole('heading', { name: thread.title, level: 3 });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    await count.waitFor({ state: 'detached', timeout: 20_000 });

    // While it is open, the next comment is counted live, with no reload.
    await comment('And the order number, please.');
    await count.waitFor({ timeout: 20_000 });
    expect(await count.innerText()).toMatch(/^1\s*unread$/);
    await context.close();
  });
});
