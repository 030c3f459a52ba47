import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

/** Serves the built dashboard; `next` runs when no file (and no SPA route) matches. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** Vite's output names: `assets/<name>-<8-character hash>.<ext>`; their bytes never change. */
const HASHED_ASSET = /^\/assets\/[^/]+-[\w-]{8}\.\w+$/;

/** Cache policy: hashed assets for a year, everything else (index.html, SPA routes) revalidated. */
export const DASHBOARD_CACHE = {
  hashed: 'public, max-age=31536000, immutable',
  document: 'no-cache',
} as const;

/** A `Host` header fit to be written into the CSP (a host name or IP literal and a port). */
const SAFE_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The dashboard's Content-Security-Policy: only its own scripts and styles (the build has no
 * inline script), logos as `data:` images, GraphQL over HTTP and WebSocket to this origin.
 */
export function dashboardCsp(host: string | undefined): string {
  // CSP3 lets 'self' cover ws(s) to the same host; older engines need it spelled out.
  const sockets = host && SAFE_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The built dashboard, served like a production site: the build's brotli and gzip files chosen by
 * `Accept-Encoding` (sirv), hashed assets cached for good, `index.html` and SPA routes revalidated,
 * and security headers on every response. Undefined when the dashboard is not built.
 * Only the dashboard's routes get these headers: `/graphql` (GraphiQL) keeps its own.
 */
export function createDashboard(webDist: string): DashboardHandler | undefined {
  if (!existsSync(webDist)) return undefined;
  const files = sirv(webDist, { single: true, etag: true, brotli: true, gzip: true });
  return (req, res, next) => {
    // Browsers and tools still ask for /favicon.ico by habit: answer with the SVG icon, not a 404 or the SPA.
    if (req.url === '/favicon.ico') req.url = '/favicon.svg';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // Set before sirv answers, so its 304s carry them too.
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', HASHED_ASSET.test(path) ? DASHBOARD_CACHE.hashed : DASHBOARD_CACHE.document);
    res.setHeader('Content-Security-Policy', dashboardCsp(req.headers.host));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    files(req, res, () => {
      // A missing asset must not be cached as if it were one.
      res.setHeader('Cache-Control', 'no-store');
      next();
    });
  };
}
