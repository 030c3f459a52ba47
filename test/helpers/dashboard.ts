import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page, ViewportSize } from 'playwright-core';
import { launchChromium, signIn } from './browser.js';
import { tempDir } from './embedded.js';
import { type ServerProcess, startBuiltServer } from './process.js';

export interface DashboardSuiteOptions {
  /** Names the data folder (`vetline-e2e-<name>-…`). */
  name: string;
  /** The server's settings beyond its data folder; a function when they are known only at start. */
  env?: Record<string, string> | (() => Record<string, string>);
  /** How long the built server may take to start (`startBuiltServer`'s default otherwise). */
  startTimeout?: number;
  /** The screenshots' folder, created at start; emptied first with `freshArtifacts`. */
  artifacts?: string;
  freshArtifacts?: boolean;
  /** What every context the suite opens gets (viewport, locale…); a call may change the viewport. */
  context?: BrowserContextOptions;
  /** The contexts' default timeout for actions, and for navigations when it differs. */
  timeout?: number;
  navigationTimeout?: number;
}

/** The built server, its data folder and Chromium of one e2e file, with what its tests open. */
export interface DashboardSuite {
  /** Starts the server on a fresh data folder, then Chromium: `beforeAll(suite.start)`. */
  start(): Promise<void>;
  /** Closes every context, Chromium and the server, and removes the folder: `afterAll(suite.stop)`. */
  stop(): Promise<void>;
  readonly server: ServerProcess;
  readonly url: string;
  readonly browser: Browser;
  /** Errors thrown in pages `openPage` opened, prefixed with who was looking when it was told. */
  readonly pageErrors: string[];
  /** A fresh context (its own storage, so its own session), closed by `stop`. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /**
   * A fresh context with one page whose errors land in `pageErrors` (after `who: ` when named);
   * `viewport` changes the suite's width or height.
   */
  openPage(who: string, viewport?: Partial<ViewportSize>): Promise<Page>;
  openPage(viewport?: Partial<ViewportSize>): Promise<Page>;
  /** Signs in on the sign-in page, as a person would. */
  signIn(page: Page, email: string, password?: string): Promise<void>;
  /** Stops the server and starts it again on the same port and data folder, with `env` added. */
  restart(env?: Record<string, string>): Promise<ServerProcess>;
  /** The whole page as `<artifacts>/<name>.png`. */
  screenshot(page: Page, name: string): Promise<void>;
}

/**
 * The start-up and teardown every e2e file shares: the built server on a fresh embedded database,
 * headless Chromium, and the browser contexts its tests open. Register `start` and `stop` as the
 * describe block's `beforeAll`/`afterAll`.
 */
export function dashboardSuite(options: DashboardSuiteOptions): DashboardSuite {
  let data: Awaited<ReturnType<typeof tempDir>> | undefined;
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const env = () => (typeof options.env === 'function' ? options.env() : (options.env ?? {}));
  const running = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running`);
    return value;
  };

  const suite: DashboardSuite = {
    async start() {
      if (options.artifacts) {
        if (options.freshArtifacts) await rm(options.artifacts, { recursive: true, force: true });
        await mkdir(options.artifacts, { recursive: true });
      }
      data = await tempDir(`vetline-e2e-${options.name}-`);
      server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir, ...env() }, options.startTimeout);
      browser = await launchChromium();
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser?.close().catch(() => {});
      await server?.stop();
      await data?.remove();
    },
    get server() {
      return running(server, 'the server');
    },
    get url() {
      return running(server, 'the server').url;
    },
    get browser() {
      return running(browser, 'the browser');
    },
    pageErrors,
    async newContext(extra = {}) {
      const context = await running(browser, 'the browser').newContext({ ...options.context, ...extra });
      contexts.push(context);
      if (options.timeout !== undefined) context.setDefaultTimeout(options.timeout);
      if (options.navigationTimeout !== undefined) context.setDefaultNavigationTimeout(options.navigationTimeout);
      return context;
    },
    async openPage(first?: string | Partial<ViewportSize>, second?: Partial<ViewportSize>) {
      const [who, viewport] = typeof first === 'string' ? [first, second] : [undefined, first];
      const base = options.context?.viewport;
      const context = await suite.newContext(viewport ? { viewport: { width: 1280, height: 720, ...base, ...viewport } } : {});
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(who ? `${who}: ${error.message}` : error.message));
      return page;
    },
    signIn(page, email, password) {
      return signIn(page, suite.url, email, password);
    },
    async restart(extra = {}) {
      const port = new URL(suite.url).port;
      await suite.server.stop();
      server = await startBuiltServer({ VETLINE_DATA_DIR: running(data, 'the data folder').dir, ...env(), PORT: port, ...extra }, options.startTimeout);
      return server;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(running(options.artifacts, 'the screenshots folder'), `${name}.png`), fullPage: true });
    },
  };
  return suite;
}
