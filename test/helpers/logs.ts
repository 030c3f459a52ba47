import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../server/src/observability/logger.js';

/** A logger at `info` whose lines' messages land in `lines` (and whole records in `records`). */
export function captureLogger(lines: string[], records: Record<string, unknown>[] = []): Logger {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (!text) continue;
        const record = JSON.parse(text) as Record<string, unknown>;
        records.push(record);
        if (typeof record['msg'] === 'string') lines.push(record['msg']);
      }
      done();
    },
  });
  return createLogger({ level: 'info', destination });
}
