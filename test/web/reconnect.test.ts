import { describe, expect, it } from 'vitest';
import { AUTH_FAILED, BACKOFF, backoffDelay, formatElapsed, isCloseEvent, shouldRetry } from '../../web/src/lib/reconnect.js';

describe('reconnecting the live socket', () => {
  it('should retry quickly at first, then double, never beyond the cap', () => {
    const lowest = (retries: number) => backoffDelay(retries, () => 0);
    const highest = (retries: number) => backoffDelay(retries, () => 1);
    expect([0, 1, 2, 3, 4].map(highest)).toEqual([250, 500, 1000, 2000, 4000]);
    expect(lowest(0)).toBe(125);
    // The first five attempts fit in under 8 s together, whatever the jitter.
    expect([0, 1, 2, 3, 4].map(highest).reduce((a, b) => a + b)).toBeLessThan(8000);
    for (const retries of [7, 8, 20, 1000, Number.MAX_SAFE_INTEGER]) {
      expect(highest(retries)).toBe(BACKOFF.maxMs);
      expect(lowest(retries)).toBe(BACKOFF.maxMs / 2);
    }
  });

  it('should spread clients over the second half of each step, so a restarted server is not met all at once', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(6));
    const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** 6);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(ceiling / 2);
    expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });

  it('should retry every failure except refused credentials', () => {
    // A browser's failed reconnect reports an error event first, not a close: graphql-ws' default gave up there.
    expect(shouldRetry(new Event('error'))).toBe(true);
    for (const code of [1001, 1006, 1011, 4500, 4408, 4429]) expect(shouldRetry({ code, reason: '' }), String(code)).toBe(true);
    expect(shouldRetry({ code: AUTH_FAILED, reason: 'Forbidden' })).toBe(false);
    expect(isCloseEvent([{ message: 'GraphQL error' }])).toBe(false);
  });

  it('should say how long ago in words that tick by the second', () => {
    expect(formatElapsed(400)).toBe('just now');
    expect(formatElapsed(12_300)).toBe('12 s');
    expect(formatElapsed(4 * 60_000 + 5_000)).toBe('4 min 05 s');
    expect(formatElapsed(2 * 3_600_000 + 10 * 60_000)).toBe('2 h 10 min');
    expect(formatElapsed(-50)).toBe('just now');
  });
});
