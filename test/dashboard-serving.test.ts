import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSISTED_DOCUMENTS_FILE } from '../server/src/persisted-documents.js';
import { gql, login } from './helpers/graphql.js';
import { repoRoot } from './helpers/process.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { collect, wsClient } from './helpers/ws.js';

/**
 * Issue 8 item 6 and issue 10's dashboard headers: the built dashboard (web/dist, from
 * `pnpm build`) served precompressed with production cache and security headers, and the
 * dashboard's documents sent as hashes over HTTP and graphql-ws.
 */

const dist = path.join(repoRoot, 'web/dist');
const manifestPath = path.join(dist, PERSISTED_DOCUMENTS_FILE);

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET whose body stays as sent (fetch would decode it). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** POSTs a GraphQL body as given (no `query` when only a hash is sent). */
async function post(url: string, body: Record<string, unknown>, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }) };
}

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

let server: TestServer;
let manifest: Record<string, string>;
let indexHtml: Buffer;
/** `/assets/…` paths that index.html loads: the entry script and the stylesheet. */
let entryScript: string;
let stylesheet: string;

/** The manifest's hash of the document that defines `operation` (e.g. `query CatalogPage_…`). */
function hashOf(operation: RegExp): string {
  const entry = Object.entries(manifest).find(([, text]) => operation.test(text));
  if (!entry) throw new Error(`no persisted document matches ${operation}`);
  return entry[0];
}

beforeAll(async () => {
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`pnpm build\` first`);
  manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, string>;
  indexHtml = readFileSync(path.join(dist, 'index.html'));
  entryScript = /<script type="module" crossorigin src="([^"]+)"/.exec(String(indexHtml))?.[1] ?? '';
  stylesheet = /<link rel="stylesheet" crossorigin href="([^"]+)"/.exec(String(indexHtml))?.[1] ?? '';
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('the dashboard served like a production site', () => {
  it.each([
    ['index.html', () => '/'],
    ['the entry script', () => entryScript],
    ['the stylesheet', () => stylesheet],
  ])('should send %s as brotli, gzip or identity by Accept-Encoding, with the same decoded bytes', async (_name, pathOf) => {
    const file = pathOf();
    expect(file).toMatch(/^\//);
    const original = readFileSync(path.join(dist, file === '/' ? 'index.html' : file));

    const br = await rawGet(server.url + file, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(original.length);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);

    const gzip = await rawGet(server.url + file, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);

    const identity = await rawGet(server.url + file);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/Accept-Encoding/i);
    expect(identity.body.equals(original)).toBe(true);
    // Each encoding is its own representation: a cache must not hand one for another.
    expect(new Set([br.headers.etag, gzip.headers.etag, identity.headers.etag]).size).toBe(3);
  });

  it('should cache hashed assets for a year and make index.html and SPA routes revalidate', async () => {
    for (const asset of [entryScript, stylesheet]) {
      const response = await rawGet(server.url + asset, { 'accept-encoding': 'br' });
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    for (const route of ['/', '/index.html', '/catalog', '/review/some-version']) {
      const response = await rawGet(server.url + route);
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body.equals(indexHtml)).toBe(true);
    }
  });

  it('should serve the SVG favicon, also where browsers look for favicon.ico, and link it from index.html', async () => {
    expect(indexHtml.toString()).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
    const icon = readFileSync(path.join(dist, 'favicon.svg'));
    for (const route of ['/favicon.svg', '/favicon.ico']) {
      const response = await rawGet(server.url + route);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(response.body.equals(icon)).toBe(true);
    }
  });

  it('should answer a revalidation with 304 carrying the same cache headers', async () => {
    const first = await rawGet(`${server.url}/`, { 'accept-encoding': 'br' });
    const again = await rawGet(`${server.url}/`, { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers['cache-control']).toBe('no-cache');
    expect(again.headers.vary).toMatch(/Accept-Encoding/i);
  });

  it('should not cache a missing asset and not serve the manifest', async () => {
    const missing = await rawGet(`${server.url}/assets/index-AAAAAAAA.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    const hidden = await rawGet(`${server.url}/${PERSISTED_DOCUMENTS_FILE}`);
    expect(hidden.status).toBe(404);
  });

  it('should send the security headers on pages and assets', async () => {
    const host = new URL(server.url).host;
    for (const route of ['/', '/catalog', entryScript]) {
      const { headers } = await rawGet(server.url + route);
      const csp = String(headers['content-security-policy']);
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('should keep index.html free of inline scripts, so the CSP needs no hash', () => {
    expect(String(indexHtml)).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('should leave GraphiQL at /graphql to its own headers', async () => {
    const response = await rawGet(`${server.url}/graphql`, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(String(response.headers['content-security-policy'] ?? '')).not.toContain("connect-src 'self' ws://");
  });
});

describe('persisted documents', () => {
  it('should ship hashes and no operation text in the built bundle', () => {
    const definitions = [...Object.values(manifest).join('\n').matchAll(/\b(query|mutation|subscription|fragment) (\w+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(definitions.length).toBeGreaterThan(30);
    const assets = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    const bundle = assets.map((f) => readFileSync(path.join(dist, 'assets', f), 'utf8')).join('\n');
    for (const definition of new Set(definitions)) expect(bundle).not.toContain(definition);
    expect(bundle).toContain(hashOf(/query CatalogPage/));
  });

  it('should run a dashboard query sent as its hash over HTTP, with or without the sha256: prefix', async () => {
    const hash = hashOf(/query CatalogPage/);
    for (const sha256Hash of [hash, hash.replace(/^sha256:/, '')]) {
      const result = await post(server.url, { extensions: persisted(sha256Hash), variables: { locale: 'en', first: 2 } });
      expect(result.errors).toBeUndefined();
      expect(result.data.catalog.edges).toHaveLength(2);
      expect(result.data.catalog.edges[0].node.__typename).toBe('App');
    }
  });

  it('should run a dashboard mutation sent as its hash', async () => {
    const result = await post(server.url, {
      extensions: persisted(hashOf(/mutation SignInPage_LoginMutation/)),
      variables: { email: 'anna@acme.dev', password: 'vetline-demo' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data.login.__typename).toBe('MutationLoginSuccess');
  });

  it('should refuse an unknown hash over HTTP with a clear error', async () => {
    const result = await post(server.url, { extensions: persisted(`sha256:${'0'.repeat(64)}`), variables: {} });
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    expect(result.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(result.errors?.[0]?.extensions?.http).toBeUndefined();
  });

  it('should keep accepting arbitrary catalog queries as text', async () => {
    const result = await gql(server.url, '{ catalog(first: 1) { edges { node { code } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.catalog.edges).toHaveLength(1);
    // Text wins over a hash sent beside it, as in automatic persisted queries.
    const both = await post(server.url, { query: '{ sections { key } }', extensions: persisted(`sha256:${'1'.repeat(64)}`) });
    expect(both.errors).toBeUndefined();
    expect(Array.isArray(both.data.sections)).toBe(true);
  });

  it('should refuse a body with neither text nor hash', async () => {
    const result = await post(server.url, { variables: {} });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Must provide query string.');
  });

  it('should run a subscription and a query sent as hashes over graphql-ws', async () => {
    const rita = await login(server.url, 'rita@vetline.dev');
    const client = wsClient(server.url, { authorization: `Bearer ${rita}` });
    try {
      const queue = await new Promise<any[]>((resolve, reject) => {
        const items: any[] = [];
        const stop = client.subscribe(
          { query: '', extensions: persisted(hashOf(/subscription Live_QueueEvents/)), variables: { after: '0' } },
          {
            next: (value) => {
              if (value.errors) reject(new Error(JSON.stringify(value.errors)));
              items.push((value.data as any)?.queueEvents);
              if (items.length === 1) {
                stop();
                resolve(items);
              }
            },
            error: reject,
            complete: () => resolve(items),
          },
        );
      });
      expect(queue[0]).toMatchObject({ cursor: expect.any(String), type: expect.any(String) });

      const catalog = await new Promise<any>((resolve, reject) => {
        client.subscribe(
          { query: '', extensions: persisted(hashOf(/query CatalogPage/)), variables: { locale: 'en', first: 1 } },
          { next: resolve, error: reject, complete: () => undefined },
        );
      });
      expect(catalog.errors).toBeUndefined();
      expect(catalog.data.catalog.edges).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });

  it('should refuse an unknown hash over graphql-ws and still take text', async () => {
    const client = wsClient(server.url);
    try {
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: '', extensions: persisted(`sha256:${'0'.repeat(64)}`) },
          { next: () => resolve('unexpected data'), error: resolve, complete: () => resolve('completed without error') },
        );
      });
      expect(errors).toEqual([expect.objectContaining({ message: 'PersistedQueryNotFound', extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_FOUND' }) })]);

      const text = collect(client, '{ sections { key } }');
      await text.waitFor(1);
      expect(text.errors).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});
