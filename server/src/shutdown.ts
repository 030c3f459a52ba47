import type { Server } from 'node:http';

/** How long a shutdown waits for in-flight HTTP requests before closing their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Counts an HTTP server's in-flight requests, so a shutdown can let them finish: `drain()` stops
 * accepting connections, closes idle keep-alive ones as requests end, and resolves when none is
 * left or after `graceMs`, when the rest are cut.
 */
export function trackInFlight(server: Server) {
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  return {
    get inFlight() {
      return inFlight;
    },
    /** Resolves with the number of requests cut at the bound (0 when all finished). */
    async drain(graceMs = SHUTDOWN_GRACE_MS): Promise<number> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) {
        // A keep-alive connection whose request ended would otherwise hold `close` open.
        server.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const cut = inFlight;
      server.closeAllConnections();
      await closed;
      return cut;
    },
  };
}
