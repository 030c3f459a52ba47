import { destination as fileDestination, pino, type DestinationStream, type Logger } from 'pino';
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

/** Top-level paths only: cheap enough (about 1 µs) for the line every request writes. */
const TOP_LEVEL_REDACT_PATHS = REDACT_PATHS.filter((path) => !path.includes('*'));

/**
 * The logger for per-request lines, whose fields are fixed and hold no secrets: it redacts
 * top-level keys only, since wildcard paths cost about 50 µs per line (a third of a cached request).
 */
export function requestLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: TOP_LEVEL_REDACT_PATHS, censor: '[redacted]' } });
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LoggerOptions {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON: when the output is a terminal. */
  pretty?: boolean;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/**
 * The process' logger: JSON lines with secrets redacted, or pretty ones on a terminal. On stdout
 * the writes are buffered, so a line per request costs no system call each; call
 * `logger.flush()` before exiting.
 */
export function createLogger({ level, pretty: readable = false, destination }: LoggerOptions): Logger {
  const options = { level, base: { service: 'vetline' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (readable) return pino(options, pretty({ colorize: true, singleLine: true, ignore: 'pid,hostname,service', destination: destination ?? 1 }));
  if (destination) return pino(options, destination);
  // Lines are buffered up to 4 KiB and written at least every 200 ms: a write per line under load
  // cost a third of a cached request's throughput.
  const stdout = fileDestination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stdout.flush(), 200).unref();
  return pino(options, stdout);
}

/** A logger that writes nothing (tests and embedders that pass none). */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * The string callback the start-up and outage modules take. These notices are written at every
 * level but `silent` (as before structured logs: LOG_LEVEL governs requests and errors), so
 * "Ready on …" is there to wait for whatever the level.
 */
export function messageLog(logger: Logger): (message: string) => void {
  const notices = logger.level === 'silent' ? logger : logger.child({}, { level: 'info' });
  return (message) => notices.info(message);
}

/**
 * Yoga's logger over pino. Yoga's `info` is per-request chatter, so `info` maps to its `warn`;
 * an Error argument becomes pino's `err` (serialized with its stack, once).
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const child = logger.child({ component: 'yoga' }, { level: logger.level === 'info' ? 'warn' : logger.level });
  const at = (method: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    // Yoga calls debug() several times per request: nothing is built for a level that is off.
    if (!child.isLevelEnabled(method)) return;
    const error = args.find((arg) => arg instanceof Error);
    const text = args.filter((arg) => typeof arg === 'string').join(' ');
    if (error) child[method]({ err: error }, text || (error as Error).message);
    else child[method](text);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
