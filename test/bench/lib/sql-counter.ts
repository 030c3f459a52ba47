/**
 * A loopback TCP proxy in front of PostgreSQL that counts what clients send, read from the wire
 * protocol: simple queries (`Q`), parses (`P`) and executes (`E`). Statements per request =
 * (Q + E) / requests; parses show which statements are re-planned every time (unnamed ones)
 * versus prepared once per connection (named ones). Nothing in the server is involved.
 */
import { createConnection, createServer, type Socket } from 'node:net';
import { onCleanUp } from './processes.js';

export interface SqlCounts {
  queries: number;
  parses: number;
  executes: number;
}

export interface SqlCounter {
  /** A postgres URL that reaches `targetUrl` through the proxy. */
  url: string;
  reset(): void;
  counts(): SqlCounts;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Reads a client's message stream, calling `onMessage` with each typed message's type byte. */
function frontendParser(onMessage: (type: string) => void) {
  let buffer: Buffer = Buffer.alloc(0);
  let startup = true;
  return (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      if (startup) {
        // Untyped: int32 length, int32 code; an SSL or GSSAPI request precedes the real start-up.
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
        buffer = buffer.subarray(length);
        continue;
      }
      if (buffer.length < 5) return;
      const length = buffer.readInt32BE(1);
      if (buffer.length < length + 1) return;
      onMessage(String.fromCharCode(buffer[0]!));
      buffer = buffer.subarray(length + 1);
    }
  };
}

/** Starts the proxy on 127.0.0.1 in front of the database of `targetUrl`. */
export async function startSqlCounter(targetUrl: string): Promise<SqlCounter> {
  const target = new URL(targetUrl);
  const counts: SqlCounts = { queries: 0, parses: 0, executes: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    sockets.add(client).add(upstream);
    const parse = frontendParser((type) => {
      if (type === 'Q') counts.queries++;
      else if (type === 'P') counts.parses++;
      else if (type === 'E') counts.executes++;
    });
    client.on('data', (chunk: Buffer) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const stop = onCleanUp(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    url: url.toString(),
    reset: () => Object.assign(counts, { queries: 0, parses: 0, executes: 0 }),
    counts: () => ({ ...counts }),
    stop,
  };
}
