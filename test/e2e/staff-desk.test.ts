import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chromiumAvailable, waitLive } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { gql, login } from '../helpers/graphql.js';
import { repoRoot } from '../helpers/process.js';

/**
 * Issue 13, the reviewer's desk in Chromium: Rita (the assignee) and Ivan (another reviewer) on
 * the review of Acme Pay 1.1, an update of the live 1.0, and Anna (the partner) on her version
 * page. Private notes reach Ivan live and never Anna (neither her page nor any byte her browser
 * receives); a canned reply goes into a thread's reply box in one action; presence shows each
 * reviewer the other and drops Ivan when he leaves; the first round shows the diff against the
 * live version; Rita renames, rewrites and deletes her canned reply. Screenshots at 1440 and
 * 390 px go to `test/.artifacts/e2e-staff-desk/`.
 */

const STEP_TIMEOUT = 15_000;
const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-staff-desk');
const NOTE = 'Private: their CEO called, check the chargeback flow twice';
const CANNED_TITLE = 'Need a test account';
const CANNED_BODY = 'Please add a working test account with a few sample orders.';

const suite = dashboardSuite({
  name: 'staff-desk',
  artifacts: ARTIFACTS,
  context: { viewport: { width: 1440, height: 900 }, locale: 'en-US' },
  timeout: STEP_TIMEOUT,
  navigationTimeout: STEP_TIMEOUT,
});

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG violations on the page as it is. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Everything a page receives from the API: HTTP response bodies and WebSocket frames. */
function recordTraffic(page: Page): string[] {
  const received: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/graphql')) void response.text().then((text) => received.push(text), () => {});
  });
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => received.push(String(frame.payload))));
  return received;
}

describe.runIf(chromiumAvailable())('the reviewer’s desk in the dashboard', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('should keep notes from the partner, insert canned replies, show presence and the diff against live', { timeout: 180_000 }, async () => {
    const url = suite.url;
    const token = await login(url, 'rita@vetline.dev');
    const found = await gql(url, `{ app(code: "acme-pay") { versions { id version status } } }`, {}, { token });
    const versionId = found.data?.app.versions.find((v: { version: string }) => v.version === '1.1').id as string;
    const reviewUrl = `${url}/review/${encodeURIComponent(versionId)}`;

    const rita = await suite.openPage('rita');
    const ivan = await suite.openPage('ivan');
    const anna = await suite.openPage('anna');
    onTestFailed(async () => {
      for (const [who, page] of [['rita', rita], ['ivan', ivan], ['anna', anna]] as const) {
        await page.screenshot({ path: path.join(ARTIFACTS, `failed-${who}.png`), fullPage: true }).catch(() => {});
      }
      console.error(`server output:\n${suite.server.output()}`);
    });

    // ── The partner has her version page open, live, recording all she receives ───────────────
    const annaReceived = recordTraffic(anna);
    await suite.signIn(anna, 'anna@acme.dev');
    await anna.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    await anna.goto(`${url}/apps/acme-pay/versions/${encodeURIComponent(versionId)}`);
    await anna.getByRole('heading', { name: /Acme Pay\s*1\.1/, level: 1 }).waitFor();
    await waitLive(anna);

    // ── Rita, then Ivan, open the review: each sees the other ────────────────────────────────────
    await suite.signIn(rita, 'rita@vetline.dev');
    await rita.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await rita.goto(reviewUrl);
    await rita.getByRole('heading', { name: /1\.1/, level: 1 }).waitFor();
    await waitLive(rita);

    await suite.signIn(ivan, 'ivan@vetline.dev');
    await ivan.getByRole('heading', { name: 'Moderation queue', level: 1 }).waitFor();
    await ivan.goto(reviewUrl);
    await ivan.getByRole('heading', { name: /1\.1/, level: 1 }).waitFor();
    await waitLive(ivan);
    await rita.locator('.presence').getByText('Ivan Orlov is viewing this review').waitFor();
    await ivan.locator('.presence').getByText('Rita Reyes is reviewing this version').waitFor();

    // ── A private note reaches Ivan live ─────────────────────────────────────────────────────────
    const notes = rita.getByRole('region', { name: 'Private notes' });
    await notes.getByLabel('New private note').fill(NOTE);
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText(NOTE).waitFor();
    await ivan.getByRole('region', { name: 'Private notes' }).getByText(NOTE).waitFor();

    // ── A canned reply, saved once, goes into a thread's reply box in one action ─────────────────
    await rita.getByText(/Canned replies \(/).click();
    const canned = rita.locator('details.canned-replies');
    await canned.getByLabel('Title').fill(CANNED_TITLE);
    await canned.getByLabel('Text').fill(CANNED_BODY);
    await canned.getByRole('button', { name: 'Save reply' }).click();
    await canned.getByText('Canned replies (1)').waitFor();
    const thread = rita.locator('article.thread').first();
    await thread.getByLabel('Insert a canned reply').selectOption({ label: CANNED_TITLE });
    expect(await thread.getByLabel('Reply', { exact: true }).inputValue()).toBe(CANNED_BODY);
    await thread.getByRole('button', { name: 'Post comment' }).click();
    await thread.getByText(CANNED_BODY).waitFor();

    // The partner's open page got the comment live (its stream delivers), and nothing of the note.
    await anna.locator('article.thread').getByText(CANNED_BODY).waitFor();
    expect(await anna.locator('body').innerText()).not.toContain(NOTE);
    expect(await anna.getByText('Private notes').count()).toBe(0);
    const annaTraffic = annaReceived.join('\n');
    expect(annaTraffic).toContain('thread.comment_posted');
    expect(annaTraffic).not.toContain(NOTE);
    expect(annaTraffic).not.toContain('note_added');
    expect(annaTraffic).not.toContain(CANNED_TITLE);

    // ── The update's first round shows what changed since the live version ───────────────────────
    await rita.getByRole('tab', { name: 'Rounds' }).click();
    const rounds = rita.getByRole('tabpanel');
    await rounds.getByRole('heading', { name: 'What changed since the live version 1.0' }).waitFor();
    await rounds.getByRole('row', { name: /Manifest › Version/ }).waitFor();
    expect(await rounds.getByRole('row', { name: /Manifest › Version/ }).innerText()).toMatch(/1\.0\s+1\.1/);
    await anna.getByRole('region', { name: 'Review rounds' }).getByRole('heading', { name: 'What changed since the live version 1.0' }).waitFor();
    await rita.getByRole('tab', { name: 'Checklist' }).click();

    // ── Screenshots of the desk, wide and on a phone; axe with presence, notes and replies shown ──
    expect(await violations(rita)).toEqual([]);
    await rita.screenshot({ path: path.join(ARTIFACTS, 'review-desk-1440.png'), fullPage: true });
    await rita.getByRole('tab', { name: 'Rounds' }).click();
    await rita.screenshot({ path: path.join(ARTIFACTS, 'review-rounds-since-live-1440.png'), fullPage: true });
    await rita.getByRole('tab', { name: 'Checklist' }).click();
    await rita.setViewportSize({ width: 390, height: 844 });
    await rita.screenshot({ path: path.join(ARTIFACTS, 'review-desk-390.png'), fullPage: true });
    // The parts of the page a phone shows at once: the header with presence, the notes, a reply box.
    await rita.screenshot({ path: path.join(ARTIFACTS, 'review-desk-390-top.png') });
    await notes.screenshot({ path: path.join(ARTIFACTS, 'review-notes-390.png') });
    await thread.screenshot({ path: path.join(ARTIFACTS, 'review-thread-390.png') });
    await canned.screenshot({ path: path.join(ARTIFACTS, 'review-canned-390.png') });
    expect(await rita.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await anna.screenshot({ path: path.join(ARTIFACTS, 'partner-version-1440.png'), fullPage: true });
    await rita.setViewportSize({ width: 1440, height: 900 });

    // ── Rita renames and rewrites her canned reply, then deletes it after a confirmation ─────────
    const RENAMED = 'Test account, with orders';
    const REWRITTEN = 'Please add a test account with three sample orders, one of them refunded.';
    await canned.getByRole('button', { name: `Edit “${CANNED_TITLE}”` }).click();
    const editing = canned.getByRole('form', { name: `Edit “${CANNED_TITLE}”` });
    await editing.getByLabel('Title').fill(RENAMED);
    await editing.getByLabel('Text').fill(REWRITTEN);
    await editing.getByRole('button', { name: 'Save changes' }).click();
    await canned.getByText('Changes saved.').waitFor();
    await canned.locator('.canned-list').getByText(REWRITTEN).waitFor();
    const mine = async () => (await gql(url, `{ cannedReplies { title body } }`, {}, { token })).data?.cannedReplies;
    expect(await mine()).toEqual([{ title: RENAMED, body: REWRITTEN }]);
    await thread.getByLabel('Insert a canned reply').selectOption({ label: RENAMED });
    expect(await thread.getByLabel('Reply', { exact: true }).inputValue()).toBe(REWRITTEN);
    await canned.getByRole('button', { name: `Delete “${RENAMED}”` }).click();
    await canned.getByText(`Delete “${RENAMED}” for good?`).waitFor();
    await canned.getByRole('button', { name: `Delete “${RENAMED}”` }).click();
    await canned.getByText('Canned replies (0)').waitFor();
    await canned.getByText('Deleted.').waitFor();
    expect(await mine()).toEqual([]);
    expect(await thread.getByLabel('Insert a canned reply').count()).toBe(0);

    // ── Ivan leaves: his presence disappears from Rita's page ────────────────────────────────────
    await ivan.context().close();
    await rita.locator('.presence').getByText('Ivan Orlov is viewing this review').waitFor({ state: 'detached' });

    // The partner on the review URL gets no note either.
    await anna.goto(reviewUrl);
    await anna.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await anna.locator('body').innerText()).not.toContain(NOTE);
    expect(annaReceived.join('\n')).not.toContain(NOTE);
    expect(suite.pageErrors).toEqual([]);
  });
});
