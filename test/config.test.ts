import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { clientAddressOf } from '../server/src/client-address.js';
import { ConfigError, loadConfig } from '../server/src/config.js';
import { DEFAULT_RATE_LIMITS } from '../server/src/rate-limits.js';

const PG = 'postgresql://postgres@127.0.0.1:5432/vetline';
const SECRET = 'x'.repeat(32);

describe('settings from the environment', () => {
  it('should default to the embedded database with the demo seed on port 4000', () => {
    expect(loadConfig({})).toMatchObject({ port: 4000, host: '127.0.0.1', databaseUrl: undefined, seedDemo: true, eventPollMs: 2000 });
  });

  it('should not seed demo users with known passwords into a real database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: PG, JWT_SECRET: SECRET }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: PG, JWT_SECRET: SECRET, VETLINE_SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ VETLINE_SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('should require a shared session secret with DATABASE_URL, and a database with REDIS_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: PG })).toThrow(/JWT_SECRET: required with DATABASE_URL/);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_URL: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: PG, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });

  it('should name every bad setting at once', () => {
    try {
      loadConfig({ PORT: '99999', VETLINE_SEED_DEMO: 'maybe', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT: must be between 0 and 65535');
      expect(message).toContain('VETLINE_SEED_DEMO: must be true or false');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('should send no e-mail by default, and take only smtp(s) URLs and http(s) public URLs', () => {
    expect(loadConfig({})).toMatchObject({ mail: { smtpUrl: undefined }, publicUrl: undefined });
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', VETLINE_PUBLIC_URL: 'https://vetline.example.com/' })).toMatchObject({
      mail: { smtpUrl: 'smtps://u:p@mail.example.com:465' },
      publicUrl: 'https://vetline.example.com',
    });
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => loadConfig({ VETLINE_PUBLIC_URL: 'vetline.example.com' })).toThrow(/VETLINE_PUBLIC_URL/);
  });

  it('should default the rate limits and let 0 switch a budget off', () => {
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(loadConfig({ VETLINE_RATE_PUBLIC_POINTS: '0', VETLINE_RATE_WINDOW_SECONDS: '10' }).rateLimits).toMatchObject({ publicPoints: 0, windowSeconds: 10 });
    expect(() => loadConfig({ VETLINE_RATE_SIGNED_IN_POINTS: '-1' })).toThrow(/VETLINE_RATE_SIGNED_IN_POINTS: must be 0/);
  });
});

describe('the client address behind proxies (VETLINE_TRUSTED_PROXIES)', () => {
  const request = (peer: string, forwarded?: string) =>
    ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;
  const addressWith = (setting: string | undefined, peer: string, forwarded?: string) =>
    clientAddressOf(request(peer, forwarded), loadConfig(setting === undefined ? {} : { VETLINE_TRUSTED_PROXIES: setting }).trustedProxies);

  it('should trust no X-Forwarded-For by default', () => {
    expect(addressWith(undefined, '10.0.0.5', '203.0.113.9')).toBe('10.0.0.5');
    expect(addressWith('0', '10.0.0.5', '203.0.113.9')).toBe('10.0.0.5');
  });

  it('should walk past trusted addresses and ranges from the right, as proxy-addr does', () => {
    const setting = 'loopback, 10.0.0.0/8, 2001:db8::1';
    expect(addressWith(setting, '10.1.2.3', '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(addressWith(setting, '::ffff:10.1.2.3', '203.0.113.9, 10.9.9.9')).toBe('203.0.113.9');
    expect(addressWith(setting, '2001:db8::1', '203.0.113.9')).toBe('203.0.113.9');
    // An untrusted peer is the client, whatever it claims.
    expect(addressWith(setting, '198.51.100.1', '203.0.113.9')).toBe('198.51.100.1');
    // A trusted peer with no header is itself the client.
    expect(addressWith(setting, '127.0.0.1')).toBe('127.0.0.1');
  });

  it('should take a hop count: that many proxies in front, whatever their addresses', () => {
    expect(addressWith('1', '192.0.2.1', 'spoofed, 203.0.113.9')).toBe('203.0.113.9');
    expect(addressWith('2', '192.0.2.1', 'spoofed, 203.0.113.9, 192.0.2.2')).toBe('203.0.113.9');
    expect(addressWith('3', '192.0.2.1', '203.0.113.9')).toBe('203.0.113.9');
  });

  it('should refuse an entry that is no address, range, count or name', () => {
    expect(() => loadConfig({ VETLINE_TRUSTED_PROXIES: 'loopback, proxy.internal' })).toThrow(/VETLINE_TRUSTED_PROXIES: proxy.internal is not/);
    expect(() => loadConfig({ VETLINE_TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(/VETLINE_TRUSTED_PROXIES/);
  });
});
