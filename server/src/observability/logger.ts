import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { YogaLogger } from 'graphql-yoga';

export type { Logger };

/**
 * Where secrets could sit in anything logged: redacted by configuration, whatever a caller
 * passes. Paths follow the shapes we log (request headers, graphql-ws connectionParams, variables).
 */
export const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
  '*.headers["idempotency-key"]',
  '["x-api-key"]',
  '*["x-api-key"]',
  'cookie',
  'password',
  '*.password',
  '*.*.password',
  'newPassword',
  '*.newPassword',
  '*.*.newPassword',
  'token',
  '*.token',
  '*.*.token',
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  'secret',
  '*.secret',
  '*.*.secret',
  'connectionParams',
  '*.connectionParams',
  'variables',
  '*.variables',
];

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON: when the output is a terminal. */
  pretty?: boolean;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/** The process' logger: JSON lines with secrets redacted, or pretty ones on a terminal. */
export function createLogger({ level, pretty: readable = false, destination }: LoggerOptions): Logger {
  const options = { level, base: { service: 'vetline' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (readable) return pino(options, pretty({ colorize: true, singleLine: true, ignore: 'pid,hostname,service', destination: destination ?? 1 }));
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing (tests and embedders that pass none). */
export const silentLogger: Logger = pino({ level: 'silent' });

/** The string callback the start-up and outage modules take, as `info` lines of `logger`. */
export function messageLog(logger: Logger): (message: string) => void {
  return (message) => logger.info(message);
}

/**
 * Yoga's logger over pino. Yoga's `info` is per-request chatter, so `info` maps to its `warn`;
 * an Error argument becomes pino's `err` (serialized with its stack, once).
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const child = logger.child({ component: 'yoga' }, { level: logger.level === 'info' ? 'warn' : logger.level });
  const at = (method: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const error = args.find((arg) => arg instanceof Error);
    const text = args.filter((arg) => typeof arg === 'string').join(' ');
    if (error) child[method]({ err: error }, text || (error as Error).message);
    else child[method](text);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
