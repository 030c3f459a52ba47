import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** Limits of the HTTP server itself. */
export const HTTP_LIMITS = {
  /** Largest request body accepted at `/graphql`; a larger one gets 413. */
  bodyBytes: 1024 * 1024,
  /** Time a client has to send the request's headers. */
  headersTimeoutMs: 10_000,
  /** Time a client has to send the whole request, body included (responses, SSE, are not bounded). */
  requestTimeoutMs: 30_000,
} as const;

/** Options for `http.createServer`: slow senders cannot hold a socket for minutes. */
export const HTTP_SERVER_OPTIONS: ServerOptions = {
  headersTimeout: HTTP_LIMITS.headersTimeoutMs,
  requestTimeout: HTTP_LIMITS.requestTimeoutMs,
  // Node checks the two timeouts on this interval (30 s by default), which would add to them.
  connectionsCheckingInterval: 1_000,
};

/**
 * Enforces {@link HTTP_LIMITS.bodyBytes} before Yoga sees the request (Yoga's own limit is off: it
 * re-wraps every body and halves throughput). A declared `content-length` is checked at once and
 * Node's parser never reads past it; a chunked body is read here, counted, and handed to Yoga as
 * a buffer. Calls `next` unless it answered 413.
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > HTTP_LIMITS.bodyBytes) tooLarge(req, res);
    else next();
    return;
  }
  if (!req.headers['transfer-encoding']) return next();
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > HTTP_LIMITS.bodyBytes) {
      req.off('data', onData).off('end', onEnd);
      tooLarge(req, res);
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    // whatwg-node (Yoga's adapter) uses a `body` already read instead of the stream.
    (req as IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks, size);
    next();
  };
  req.on('data', onData).on('end', onEnd);
}

function tooLarge(req: IncomingMessage, res: ServerResponse) {
  const body = JSON.stringify({ errors: [{ message: `The request body is over ${HTTP_LIMITS.bodyBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  // The rest of the body is not read: the connection closes after the answer.
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(body);
  req.resume();
}

/**
 * GraphQL over POST only as JSON (`application/json` or
 * `application/graphql+json`): form-encoded, multipart and `text/plain` posts — what a foreign
 * page can send without a CORS preflight — are refused with 415, so no mutation runs from them.
 */
export function useJsonPostsOnly(): Plugin {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (type === 'application/json' || type === 'application/graphql+json') return;
      throw createGraphQLError('GraphQL requests must be sent as JSON (content-type: application/json).', {
        extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } },
      });
    },
  };
}

/**
 * Whether a request's `Origin` may use the API: no `Origin` (not a browser), the server's own
 * origin (same host), or one of `allowedOrigins` (VETLINE_ALLOWED_ORIGINS).
 */
export function originAllowed(origin: string | null | undefined, host: string | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    // Same origin: the page was served by this host (behind a TLS proxy the scheme differs).
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Yoga's `cors` option: CORS headers (credentials included) only for the listed origins. The
 * server's own pages need none, so by default no foreign page can read an answer.
 */
export function corsFor(allowedOrigins: readonly string[]) {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowedOrigins.includes(origin)) return false as const;
    return {
      origin: [origin],
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-graphql-yoga-csrf'],
      maxAge: 600,
    };
  };
}
