import i18n from '../i18n/index.js';
/** The close code with which the server refuses a connection's credentials (bad or expired session). */
export const AUTH_FAILED = 4403;

/**
 * The first wait before reconnecting, how much each next one grows, and the longest. Growing by
 * half rather than doubling keeps the wait after a restart of T seconds near T/2, not T.
 */
export const BACKOFF = { firstMs: 250, factor: 1.5, maxMs: 30_000 } as const;

/** What a WebSocket close looks like (a browser `CloseEvent`, or graphql-ws' own). */
export interface CloseLike {
  code: number;
  reason: string;
}

/** Whether `value` is a close event rather than an error event or GraphQL errors. */
export function isCloseEvent(value: unknown): value is CloseLike {
  return typeof value === 'object' && value !== null && typeof (value as CloseLike).code === 'number' && 'reason' in value;
}

/** Whether the server refused the credentials: the one close after which the dashboard does not come back. */
export function isAuthFailure(value: unknown): boolean {
  return isCloseEvent(value) && value.code === AUTH_FAILED;
}

/**
 * graphql-ws' `shouldRetry`: every failure but refused credentials. Its default retries close
 * events only, and a reconnect to a server that is down fails with an error event first.
 */
export function shouldRetry(errorOrClose: unknown): boolean {
  return !isAuthFailure(errorOrClose);
}

/**
 * How long to wait before reconnect attempt `retries` (0 for the first): growing from
 * {@link BACKOFF.firstMs} by {@link BACKOFF.factor}, capped at {@link BACKOFF.maxMs}, each a random
 * half to whole of that, so a restarted server is not met by every client at the same instant.
 */
export function backoffDelay(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * BACKOFF.factor ** Math.min(Math.max(0, retries), 40));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Elapsed time for a banner that ticks every second: `just now`, `12 s`, `4 min 05 s`, `2 h 10 min`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 2) return i18n.t('duration.justNow');
  if (seconds < 60) return i18n.t('duration.seconds', { seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return i18n.t('duration.minutesSeconds', { minutes, seconds: String(seconds % 60).padStart(2, '0') });
  const hours = Math.floor(minutes / 60);
  return i18n.t('duration.hoursMinutes', { hours, minutes: minutes % 60 });
}
