/**
 * The dashboard's first load, as Chromium sees it: the JS and CSS bytes on the wire (bodies as
 * sent, i.e. compressed when the server compresses) for a fresh visitor opening the catalog and
 * the sign-in page. Also reports any console error (a CSP violation would show there).
 *
 *   pnpm build && tsx test/bench/dashboard-first-load.ts [web/dist folder]
 *
 * Runs the built server on a free port with a temporary embedded database.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { tempDir } from '../helpers/embedded.js';
import { repoRoot, startBuiltServer } from '../helpers/process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BUDGET = 120 * 1024;

interface Loaded {
  url: string;
  type: string;
  encoding: string;
  bodyBytes: number;
}

async function main() {
  const webDist = path.resolve(process.argv[2] ?? path.join(repoRoot, 'web/dist'));
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}`);
  const data = await tempDir();
  // A fresh embedded database starts slowly on a busy machine.
  const server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir, VETLINE_WEB_DIST: webDist }, 240_000);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const route of ['/catalog', '/sign-in']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const console: string[] = [];
      page.on('console', (message) => message.type() === 'error' && console.push(message.text()));
      page.on('pageerror', (error) => console.push(error.message));
      page.on('response', (response) => response.status() >= 400 && console.push(`${response.status()} ${response.url()}`));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const responses = new Map<string, Omit<Loaded, 'bodyBytes'>>();
      const loaded: Loaded[] = [];
      cdp.on('Network.responseReceived', (event) => {
        const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1] ?? 'identity';
        responses.set(event.requestId, { url: event.response.url, type: event.type, encoding: String(encoding) });
      });
      cdp.on('Network.loadingFinished', (event) => {
        const response = responses.get(event.requestId);
        if (!response) return;
        // Bytes received for this response: headers and the body as sent.
        loaded.push({ ...response, bodyBytes: event.encodedDataLength });
      });
      await page.goto(server.url + route, { waitUntil: 'networkidle' });
      const assets = loaded.filter((l) => l.type === 'Script' || l.type === 'Stylesheet');
      const total = assets.reduce((sum, l) => sum + l.bodyBytes, 0);
      process.stdout.write(`\n${route} (${webDist})\n`);
      for (const asset of assets) {
        process.stdout.write(`  ${String(asset.bodyBytes).padStart(8)}  ${asset.encoding.padEnd(8)} ${asset.type.padEnd(10)} ${new URL(asset.url).pathname}\n`);
      }
      process.stdout.write(`  ${String(total).padStart(8)}  JS+CSS on the wire (with response headers); budget ${BUDGET}: ${total <= BUDGET ? 'met' : 'OVER'}\n`);
      if (console.length) process.stdout.write(`  console errors:\n    ${console.join('\n    ')}\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await data.remove();
  }
}

await main();
