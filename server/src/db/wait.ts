import pg from 'pg';

/** Errors that waiting cannot fix: wrong credentials, a database that does not exist. */
const FATAL_CODES = new Set(['28P01', '28000', '3D000']);

/** Delays between attempts: doubling from 0.5 s, capped at 10 s. */
export const RETRY_DELAYS_MS = { first: 500, max: 10_000 } as const;

/**
 * Waits until the database at `url` answers `SELECT 1`, retrying with a bounded backoff and one
 * log line per attempt. Throws the last error after `maxWaitMs` (0: never), at once on errors that
 * waiting cannot fix, and when `stopped()` turns true (a shutdown during the wait).
 */
export async function waitForDatabase(
  url: string,
  { log, maxWaitMs = 0, stopped = () => false }: { log: (message: string) => void; maxWaitMs?: number; stopped?: () => boolean },
): Promise<void> {
  const deadline = maxWaitMs > 0 ? Date.now() + maxWaitMs : Infinity;
  let delay: number = RETRY_DELAYS_MS.first;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    // A connection dropped mid-attempt emits 'error'; the attempt's own rejection reports it.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      if (attempt > 1) log(`Database reachable after ${attempt} attempts`);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code && FATAL_CODES.has(code)) || Date.now() + delay > deadline) throw error;
      if (stopped()) throw new Error('Stopped while waiting for the database');
      log(`Database not reachable (${code ?? 'no answer'}); attempt ${attempt}, retrying in ${(delay / 1000).toFixed(1)} s`);
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (stopped()) throw new Error('Stopped while waiting for the database');
    delay = Math.min(delay * 2, RETRY_DELAYS_MS.max);
  }
}
