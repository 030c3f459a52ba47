import { GraphQLError } from 'graphql';
import { createLogger, maskError as yogaMaskError, type YogaLogger } from 'graphql-yoga';

/** Prisma codes and driver-adapter kinds that mean "cannot talk to the database", not a bad query. */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TransactionStartTimeout', 'TooManyConnections']);
const UNREACHABLE_TEXT = /Can't reach database server|Connection terminated|ECONNREFUSED|ECONNRESET|Unable to start a transaction in the given time|timeout exceeded when trying to connect|Server has closed the connection/;

/** Whether an error (or what it wraps) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
  if (typeof e.kind === 'string' && UNREACHABLE_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && UNREACHABLE_TEXT.test(e.message)) return true;
  return [e.cause, e.originalError, e.meta?.driverAdapterError].some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/** What a client gets while the database is down: a clear, retryable 503, no driver text. */
export function databaseUnavailableError(): GraphQLError {
  return new GraphQLError('The database is unavailable. Try again shortly.', {
    extensions: { code: 'DATABASE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '5' } } },
  });
}

/**
 * Watches database outages so they are logged once, not per request: the first failure logs
 * "unavailable", a probe then checks every `probeMs` and logs "available again" with how many
 * requests failed meanwhile.
 */
export class DatabaseOutage {
  private since: number | null = null;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly log: (message: string) => void,
    private readonly probeMs = 1000,
  ) {}

  /** Whether an outage is going on now. */
  get down(): boolean {
    return this.since !== null;
  }

  /** Records a failed request; the first of an outage logs it and starts probing. */
  failed() {
    this.failures++;
    if (this.since !== null) return;
    this.since = Date.now();
    this.log('Database unavailable; requests answer 503 until it is back');
    this.timer = setInterval(() => void this.check(), this.probeMs);
    this.timer.unref();
  }

  private async check() {
    try {
      await this.probe();
    } catch {
      return;
    }
    if (this.since === null) return;
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
    this.log(`Database available again after ${seconds} s; ${this.failures} failed call(s) meanwhile`);
    this.since = null;
    this.failures = 0;
    clearInterval(this.timer);
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Yoga's `maskError`: database outages become the 503 above (counted), the rest Yoga's default. */
  maskError = (error: unknown, message: string, isDev?: boolean): Error => {
    if (isDatabaseUnavailable(error)) {
      this.failed();
      return databaseUnavailableError();
    }
    return yogaMaskError(error, message, isDev);
  };

  /** A Yoga logger that leaves outage errors to the one line above instead of a stack each. */
  logger(level: 'debug' | 'info' | 'warn' | 'error' | false | YogaLogger): YogaLogger {
    const base = typeof level === 'object' ? level : createLogger(level === false ? 'silent' : level);
    return {
      ...base,
      error: (...args: unknown[]) => {
        if (args.some((arg) => isDatabaseUnavailable(arg))) return;
        base.error(...args);
      },
    };
  }
}
