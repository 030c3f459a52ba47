import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { hostOf, isPrivateAddress } from './address-guard.js';

/** What one POST to an endpoint gave: the status it answered, or why it did not. */
export interface AttemptOutcome {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
}

/** Resolves names like the system does, but refuses private and loopback addresses (DNS rebinding included). */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const internal = addresses.find((a) => isPrivateAddress(a.address));
    if (internal) {
      const refusal = Object.assign(new Error(`refused: ${hostname} resolves to the private address ${internal.address}`), { refused: true });
      return callback(refusal, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** The most of a webhook response body read (it is read only to free the socket). */
const MAX_BODY_BYTES = 64 * 1024;

/** What a guarded POST gave: the status and (bounded) body the endpoint answered, or why it did not. */
export interface PostOutcome {
  statusCode: number | null;
  durationMs: number;
  /** Null when the endpoint answered (any status); otherwise why there was no answer. */
  error: string | null;
  /** The answer's body, when it was at most `maxBodyBytes`. */
  body: string | null;
  /** Whether the URL's address was refused as private or loopback (nothing was sent). */
  refused: boolean;
}

/**
 * POSTs `body` to `url`, connecting only to an address checked at connection time: a name is
 * resolved once, every address it gives must be public (unless `allowPrivate`), and the socket
 * goes to that same address, so a name that changes between a check and the connection (DNS
 * rebinding) cannot lead it inside. Bounded by `timeoutMs` from connection to last byte. Never throws.
 */
export function guardedPost(
  url: string,
  headers: Record<string, string>,
  body: string,
  { timeoutMs, allowPrivate, signal, maxBodyBytes = MAX_BODY_BYTES }: { timeoutMs: number; allowPrivate: boolean; signal?: AbortSignal; maxBodyBytes?: number },
): Promise<PostOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null, answer: string | null = null, refused = false): PostOutcome => ({
    statusCode,
    durationMs: Math.round(performance.now() - started),
    error,
    body: answer,
    refused,
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done(null, 'the endpoint URL is not valid'));
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return resolve(done(null, 'the endpoint URL is not http or https'));
    const host = hostOf(target);
    if (!allowPrivate && isIP(host) && isPrivateAddress(host)) {
      return resolve(done(null, `refused: ${host} is a private or loopback address`, null, true));
    }
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Vetline-Webhooks/1' },
        timeout: timeoutMs,
        signal,
        ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > maxBodyBytes) response.destroy();
          else chunks.push(chunk);
        });
        const status = response.statusCode ?? null;
        const finish = () => resolve(done(status, null, read > maxBodyBytes ? null : Buffer.concat(chunks).toString('utf8')));
        response.once('end', finish);
        response.once('close', finish);
        response.once('error', finish);
      },
    );
    // Covers the whole exchange, not only idle sockets: a slow endpoint cannot hold the caller.
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    request.once('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.once('error', (error) => resolve(done(null, error.message, null, (error as Error & { refused?: boolean }).refused === true)));
    request.once('close', () => clearTimeout(timer));
    request.end(body);
  });
}

/**
 * POSTs a webhook body with its headers. Never throws: a refused address, a connection error, a
 * timeout or a non-2xx answer is a failed outcome saying why.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivate: boolean; signal?: AbortSignal },
): Promise<AttemptOutcome> {
  const outcome = await guardedPost(url, headers, body, options);
  const { statusCode, durationMs } = outcome;
  const answered = outcome.error === null && statusCode !== null;
  const succeeded = answered && statusCode >= 200 && statusCode < 300;
  return { statusCode, durationMs, error: succeeded ? null : (outcome.error ?? `HTTP ${statusCode}`), succeeded };
}
