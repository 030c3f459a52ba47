import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gql, login } from './graphql.js';
import { signIn } from './browser.js';

/** One dashboard page with demo data: who looks at it, where, and when it has finished loading. */
export interface DashboardRoute {
  name: string;
  /** The demo user signed in, or null for a visitor. */
  who: string | null;
  path: string;
  ready: (page: Page) => Promise<void>;
}

const TIMEOUT = 20_000;
const heading = (name: string | RegExp, level = 1) => (page: Page) => page.getByRole('heading', { name, level }).first().waitFor({ timeout: TIMEOUT });
const both =
  (...steps: ((page: Page) => Promise<void>)[]) =>
  async (page: Page) => {
    for (const step of steps) await step(page);
  };
const shown = (selector: string) => (page: Page) => page.locator(selector).first().waitFor({ timeout: TIMEOUT });

/** The global id of a demo version, read through the API as its partner. */
async function versionId(baseUrl: string, token: string, code: string, version: string): Promise<string> {
  const result = await gql(baseUrl, `query ($code: String!) { app(code: $code) { versions { id version } } }`, { code }, { token });
  const found = result.data?.app?.versions.find((v: { version: string }) => v.version === version);
  if (!found) throw new Error(`no version ${version} of ${code}: ${JSON.stringify(result)}`);
  return found.id;
}

/**
 * Every route of the dashboard, with the demo marketplace's data, as each kind of user sees it:
 * the visitor's, the partner's (pages, error pages, the inbox) and the staff's (queue, review).
 */
export async function dashboardRoutes(baseUrl: string): Promise<DashboardRoute[]> {
  const anna = await login(baseUrl, 'anna@acme.dev');
  const payUpdate = await versionId(baseUrl, anna, 'acme-pay', '1.1');
  const loyalty = await versionId(baseUrl, anna, 'acme-loyalty', '1.0');
  const visitor = null;
  const partner = 'anna@acme.dev';
  const reviewer = 'rita@vetline.dev';
  const admin = 'admin@vetline.dev';
  const accountAdministrator = 'misha@magazin.shop';
  return [
    { name: 'catalog', who: visitor, path: '/catalog', ready: both(heading('App catalog'), shown('article')) },
    { name: 'sign-in', who: visitor, path: '/sign-in', ready: heading('Sign in') },
    { name: 'invitation (bad link)', who: visitor, path: '/invitation', ready: heading('Invitation') },
    { name: 'my apps', who: partner, path: '/apps', ready: both(heading('My apps'), shown('main a[href^="/apps/"]')) },
    { name: 'app', who: partner, path: '/apps/acme-pay', ready: both(heading('Acme Pay'), shown('text=Listing')) },
    { name: 'version in review', who: partner, path: `/apps/acme-pay/versions/${encodeURIComponent(payUpdate)}`, ready: heading(/Review threads/, 2) },
    { name: 'version with changes requested', who: partner, path: `/apps/acme-loyalty/versions/${encodeURIComponent(loyalty)}`, ready: heading('Changes requested', 2) },
    { name: 'team', who: partner, path: '/team', ready: both(heading('Team'), shown('text=Anna Acker')) },
    { name: 'webhooks', who: partner, path: '/webhooks', ready: both(heading('Webhooks'), shown('text=No endpoint yet')) },
    { name: 'inbox', who: partner, path: '/inbox', ready: both(heading('Inbox'), shown('.inbox-item, .empty')) },
    { name: 'not found', who: partner, path: '/apps/nordlys-crm', ready: heading('Page not found') },
    { name: 'not allowed', who: partner, path: '/queue', ready: heading('Not allowed') },
    { name: 'queue', who: reviewer, path: '/queue', ready: both(heading('Moderation queue'), shown('main table tbody tr, main .queue-card')) },
    { name: 'review', who: reviewer, path: `/review/${encodeURIComponent(payUpdate)}`, ready: heading('Decision', 2) },
    { name: 'all apps', who: reviewer, path: '/apps', ready: both(heading('All apps'), shown('main a[href^="/apps/"]')) },
    { name: 'app as admin', who: admin, path: '/apps/acme-loyalty', ready: heading('Acme Loyalty') },
    { name: 'sections', who: admin, path: '/admin/sections', ready: both(heading('Sections'), shown('main table tbody tr')) },
    { name: 'default template', who: admin, path: '/admin/templates/default', ready: both(heading('Default checklist template'), shown('.template-item')) },
    { name: 'section template', who: admin, path: '/admin/templates/payments', ready: both(heading('Checklist template: Payments'), shown('.template-item')) },
    { name: 'policy', who: admin, path: '/admin/policy', ready: both(heading('Marketplace policy'), shown('.policy-form')) },
    { name: 'staff', who: admin, path: '/admin/staff', ready: both(heading('Staff'), shown('main table tbody tr')) },
    { name: 'operations', who: admin, path: '/operations', ready: both(heading('Operations'), shown('[data-testid="ops-connected-users"]')) },
    { name: 'account', who: accountAdministrator, path: '/account', ready: both(heading('Магазин у дома'), shown('main .grid > *')) },
  ];
}

/**
 * Visits every route once per user, in one browser context per user (signed in once), and calls
 * `check` on each loaded page. Context options (viewport, colour scheme) are the caller's.
 */
export async function visitRoutes(
  browser: Browser,
  baseUrl: string,
  routes: DashboardRoute[],
  options: Parameters<Browser['newContext']>[0],
  check: (page: Page, route: DashboardRoute) => Promise<void>,
) {
  const byUser = new Map<string | null, DashboardRoute[]>();
  for (const route of routes) byUser.set(route.who, [...(byUser.get(route.who) ?? []), route]);
  for (const [who, list] of byUser) {
    const context: BrowserContext = await browser.newContext(options);
    try {
      const page = await context.newPage();
      if (who) {
        await signIn(page, baseUrl, who);
        await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: TIMEOUT });
      }
      for (const route of list) {
        await page.goto(baseUrl + route.path);
        await route.ready(page);
        await page.locator('.loading').first().waitFor({ state: 'detached', timeout: TIMEOUT });
        await check(page, route);
      }
    } finally {
      await context.close();
    }
  }
}
