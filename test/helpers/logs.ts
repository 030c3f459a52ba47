import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../server/src/observability/logger.js';

/** A destination that parses each JSON line into `records` (and its message into `lines`). */
function recordingDestination(records: Record<string, unknown>[], lines?: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (!text) continue;
        const record = JSON.parse(text) as Record<string, unknown>;
        records.push(record);
        if (lines && typeof record['msg'] === 'string') lines.push(record['msg']);
      }
      done();
    },
  });
}

/** A logger at `info` whose lines' messages land in `lines` (and whole records in `records`). */
export function captureLogger(lines: string[], records: Record<string, unknown>[] = []): Logger {
  return createLogger({ level: 'info', destination: recordingDestination(records, lines) });
}

/** Pino's number for `error`: the level of the feed's and the live hub's failures. */
export const ERROR_LEVEL = 50;

/** A server's log as a test reads it: every record it writes, and its errors as one line each. */
export interface ServerLog {
  /** Pass as `buildApp`'s (or `startTestServer`'s) logger. */
  logger: Logger;
  records: Record<string, unknown>[];
  /** Where the log stands now: `errors(mark)` is then what was logged at `error` or above since. */
  mark(): number;
  /** Records at `error` or above (since `from`), as `message: error message`, for an assertion that lists them. */
  errors(from?: number): string[];
}

/**
 * Captures what the server logs (at `error`, plus the start-up and outage notices written at every
 * level). Unexpected failures the server survives — a failed read of the event log, a failed live
 * delivery, a resolver's masked error — are logged here and nowhere else, not on `console.error`.
 */
export function serverLog(): ServerLog {
  const records: Record<string, unknown>[] = [];
  return {
    logger: createLogger({ level: 'error', destination: recordingDestination(records) }),
    records,
    mark: () => records.length,
    errors: (from = 0) =>
      records
        .slice(from)
        .filter((record) => Number(record['level']) >= ERROR_LEVEL)
        .map((record) => `${String(record['msg'])}${record['err'] ? `: ${String((record['err'] as { message?: unknown }).message)}` : ''}`),
  };
}
