import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/src/config.js';

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
});
