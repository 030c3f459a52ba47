import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { dashboardSuite } from '../helpers/dashboard.js';
import { repoRoot } from '../helpers/process.js';

/**
 * A page that has shown must not vanish behind "Loading…" again. "My apps" shows the
 * section-request panel once the apps arrive; its texts are another namespace ('editor'), which
 * loads on demand. Asked for only by the panel, that load suspended the whole page after it had
 * shown (React hides what a suspending boundary had shown): the page now asks for both at once.
 */

const ARTIFACTS = path.join(repoRoot, 'test/.artifacts/e2e-apps-page-loading');
/** Long enough that a second suspension is seen however fast the machine is. */
const EDITOR_TEXTS_DELAY_MS = 1_500;

const suite = dashboardSuite({ name: 'apps-page-loading', artifacts: ARTIFACTS, freshArtifacts: true, context: { viewport: { width: 1280, height: 900 }, locale: 'en-US' }, timeout: 15_000 });

describe.runIf(chromiumAvailable())('"My apps" while the section-request panel\'s texts load slowly', () => {
  beforeAll(suite.start);
  afterAll(suite.stop);

  it('shows once and stays: never hidden again behind the loading notice', { timeout: 60_000 }, async () => {
    const page = await suite.openPage();
    // Every time the page's heading goes from shown to hidden while it is still in the document.
    await page.addInitScript(() => {
      const record = window as unknown as { appsTitleHidden: number };
      record.appsTitleHidden = 0;
      let shown = false;
      new MutationObserver(() => {
        const title = document.getElementById('apps-title');
        const visible = !!title && title.checkVisibility();
        if (shown && title && !visible) record.appsTitleHidden++;
        shown = visible;
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.route('**/assets/editor-*.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, EDITOR_TEXTS_DELAY_MS));
      await route.continue();
    });
    await suite.signIn(page, 'anna@acme.dev');
    await page.getByRole('heading', { name: 'My apps', level: 1 }).waitFor();
    // The panel (the 'editor' texts) and the apps (the data) are both on the page.
    await page.getByText('Request a new section').waitFor();
    await page.locator('code', { hasText: 'acme-pay' }).first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { appsTitleHidden: number }).appsTitleHidden)).toBe(0);
    await suite.screenshot(page, 'apps-page-shown-once');
  });
});
