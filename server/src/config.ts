import path from 'node:path';
import { z } from 'zod';

/** Validated settings of one Vetline process. */
export interface Config {
  /** TCP port of the one HTTP + WebSocket server; 0 picks a free one. */
  port: number;
  host: string;
  /** A Postgres URL, or undefined for the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  /** Where the embedded database and generated secrets live. */
  dataDir: string;
  /** Redis URL for fanning events out across instances; undefined keeps fan-out in-process. */
  redisUrl: string | undefined;
  /** Secret that signs session tokens; undefined lets the embedded mode generate and keep one. */
  jwtSecret: string | undefined;
  /** Seed the demo marketplace into an empty database (default: only in the embedded mode). */
  seedDemo: boolean;
  /** Folder of the built dashboard, served at `/`. */
  webDist: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** How often the event log is read without a nudge (the safety net for a lost Redis message). */
  eventPollMs: number;
  /** How long start-up waits for an unreachable `DATABASE_URL` before giving up; 0: for ever. */
  databaseWaitSeconds: number;
}

/** Thrown when the environment holds a setting Vetline cannot run with. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
  .optional();

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl,
  VETLINE_DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  VETLINE_SEED_DEMO: boolean.optional(),
  VETLINE_WEB_DIST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  VETLINE_EVENT_POLL_MS: z.coerce.number({ error: 'must be a number' }).int().min(100, 'must be at least 100').default(2000),
  VETLINE_DATABASE_WAIT_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(0, 'must be 0 or more').default(60),
});

const defaultWebDist = path.resolve(import.meta.dirname, '../../web/dist');

/**
 * Reads the settings from an environment once. Empty strings count as unset.
 * @throws ConfigError naming every bad variable and why.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!e.DATABASE_URL && e.REDIS_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: needs DATABASE_URL too; instances sharing events must share a database',
    );
  }
  if (e.DATABASE_URL && !e.JWT_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SECRET: required with DATABASE_URL; every instance must sign sessions with the same secret (at least 32 characters)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.VETLINE_DATA_DIR),
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    // Demo users with known passwords never land in a real database unless asked for.
    seedDemo: e.VETLINE_SEED_DEMO ?? !e.DATABASE_URL,
    webDist: e.VETLINE_WEB_DIST ? path.resolve(e.VETLINE_WEB_DIST) : defaultWebDist,
    logLevel: e.LOG_LEVEL,
    eventPollMs: e.VETLINE_EVENT_POLL_MS,
    databaseWaitSeconds: e.VETLINE_DATABASE_WAIT_SECONDS,
  };
}
