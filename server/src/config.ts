import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './auth/login-throttle.js';
import { parseTrustedProxies, type TrustedProxies } from './client-address.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limits.js';
import type { WebhookSettings } from './webhooks/dispatcher.js';
import type { MailSettings } from './mail.js';

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
  /** Failed log-ins admitted per account and per client address in each window. */
  loginLimits: LoginLimits;
  /** Cost points per window of operations: anonymous and API-key callers per key or address, signed-in users per user. */
  rateLimits: RateLimits;
  /** Peers whose `X-Forwarded-For` names the client (for the log-in and rate limits); null: none. */
  trustedProxies: TrustedProxies;
  /** Origins (besides the server's own) whose pages may call the API: CORS and WebSocket `Origin`. */
  allowedOrigins: string[];
  /** `NODE_ENV=production`: no introspection or field suggestions for anonymous and API-key callers. */
  production: boolean;
  /** How long start-up waits for an unreachable `DATABASE_URL` before giving up; 0: for ever. */
  databaseWaitSeconds: number;
  /** How partners' webhooks are delivered. */
  webhooks: WebhookSettings;
  /** Where e-mail (team invitations) goes out; without `smtpUrl`, none is sent. */
  mail: MailSettings;
  /** The dashboard's address as people reach it, for links in e-mail; undefined: the server's own. */
  publicUrl: string | undefined;
  /** Bearer token that unlocks `/metrics`; undefined: no metrics endpoint (404). */
  metricsToken: string | undefined;
  /**
   * Where traces go (OTLP/HTTP): `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`;
   * undefined: tracing is off and nothing of OpenTelemetry is loaded.
   */
  tracesEndpoint: string | undefined;
  /** Where the demo module runs: the seeded demo apps' connection pages and webhooks point there. */
  demoModuleUrl: string;
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

const positiveInt = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1');

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
  VETLINE_LOGIN_ATTEMPTS_PER_ACCOUNT: positiveInt.default(DEFAULT_LOGIN_LIMITS.perAccount),
  VETLINE_LOGIN_ATTEMPTS_PER_ADDRESS: positiveInt.default(DEFAULT_LOGIN_LIMITS.perAddress),
  VETLINE_LOGIN_WINDOW_SECONDS: positiveInt.default(DEFAULT_LOGIN_LIMITS.windowSeconds),
  VETLINE_RATE_PUBLIC_POINTS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 (off) or more').default(DEFAULT_RATE_LIMITS.publicPoints),
  VETLINE_RATE_SIGNED_IN_POINTS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 (off) or more').default(DEFAULT_RATE_LIMITS.signedInPoints),
  VETLINE_RATE_WINDOW_SECONDS: positiveInt.default(DEFAULT_RATE_LIMITS.windowSeconds),
  VETLINE_TRUSTED_PROXIES: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  VETLINE_ALLOWED_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isOrigin, { error: (issue) => `${String(issue.input)} is not an origin like https://shop.example.com` })))
    .default([]),
  NODE_ENV: z.string().optional(),
  VETLINE_DATABASE_WAIT_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(0, 'must be 0 or more').default(60),
  VETLINE_WEBHOOK_ALLOW_PRIVATE: boolean.optional(),
  VETLINE_WEBHOOK_TIMEOUT_MS: positiveInt.max(60_000, 'must be at most 60000').default(10_000),
  VETLINE_WEBHOOK_FIRST_RETRY_MS: positiveInt.default(5_000),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  VETLINE_MAIL_FROM: z.string().min(3).default('Vetline <no-reply@vetline.localhost>'),
  VETLINE_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  VETLINE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // The standard OpenTelemetry variables; the exporter reads the rest (headers, timeouts) itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  OTEL_SDK_DISABLED: boolean.optional(),
  OTEL_TRACES_EXPORTER: z.string().optional(),
  VETLINE_DEMO_MODULE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default('http://127.0.0.1:4100'),
});

/** Whether a string is exactly an http(s) origin: scheme, host and optional port, nothing else. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

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
    loginLimits: {
      perAccount: e.VETLINE_LOGIN_ATTEMPTS_PER_ACCOUNT,
      perAddress: e.VETLINE_LOGIN_ATTEMPTS_PER_ADDRESS,
      windowSeconds: e.VETLINE_LOGIN_WINDOW_SECONDS,
    },
    rateLimits: {
      publicPoints: e.VETLINE_RATE_PUBLIC_POINTS,
      signedInPoints: e.VETLINE_RATE_SIGNED_IN_POINTS,
      windowSeconds: e.VETLINE_RATE_WINDOW_SECONDS,
    },
    trustedProxies: e.VETLINE_TRUSTED_PROXIES ?? null,
    allowedOrigins: e.VETLINE_ALLOWED_ORIGINS,
    production: e.NODE_ENV === 'production',
    databaseWaitSeconds: e.VETLINE_DATABASE_WAIT_SECONDS,
    webhooks: {
      // The embedded mode is the demo on one machine, whose modules run on loopback.
      allowPrivate: e.VETLINE_WEBHOOK_ALLOW_PRIVATE ?? !e.DATABASE_URL,
      timeoutMs: e.VETLINE_WEBHOOK_TIMEOUT_MS,
      firstRetryMs: e.VETLINE_WEBHOOK_FIRST_RETRY_MS,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.VETLINE_MAIL_FROM },
    publicUrl: e.VETLINE_PUBLIC_URL,
    metricsToken: e.VETLINE_METRICS_TOKEN,
    tracesEndpoint:
      e.OTEL_SDK_DISABLED || e.OTEL_TRACES_EXPORTER === 'none' ? undefined : (e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_ENDPOINT),
    demoModuleUrl: e.VETLINE_DEMO_MODULE_URL,
  };
}
