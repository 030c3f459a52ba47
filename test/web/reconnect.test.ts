import { describe, expect, it } from 'vitest';
import { AUTH_FAILED, BACKOFF, backoffDelay, formatElapsed, isCloseEvent, shouldRetry } from '../../web/src/lib/reconnect.js';

describe('reconnecting the live socket', () => {
  it('should retry quickly at first, then grow by half each time, never beyond the cap', () => {
    const lowest = (retries: number) => backoffDelay(retries, () => 0);
    const highest = (retries: number) => backoffDelay(retries, () => 1);
    expect([0, 1, 2, 3].map(highest)).toEqual([250, 375, 563, 844]);
    expect(lowest(0)).toBe(125);
    // The first five attempts fit in under 4 s together, whatever the jitter.
    expect([0, 1, 2, 3, 4].map(highest).reduce((a, b) => a + b)).toBeLessThan(4000);
    // A server back after 20 s is reached within 10 s more (doubling: up to 20 s more).
    for (const downMs of [5_000, 20_000, 45_000]) {
      let attempt = 0;
      for (let retries = 0; attempt < downMs; retries++) attempt += highest(retries);
      expect(attempt - downMs, `down ${downMs} ms`).toBeLessThanOrEqual(downMs / 2);
    }
    for (const n of [13, 14, 40, 1000, Number.MAX_SAFE_INTEGER]) {
      expect(highest(n)).toBe(BACKOFF.maxMs);
      expect(lowest(n)).toBe(BACKOFF.maxMs / 2);
    }
  });

  it('should spread clients over the second half of each step, so a restarted server is not met all at once', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(6));
    const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * BACKOFF.factor ** 6);
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
