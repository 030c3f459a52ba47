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
    if (internal) return callback(new Error(`refused: ${hostname} resolves to the private address ${internal.address}`), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** The most of a response body kept (it is read only to free the socket). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * POSTs a webhook body with its headers. Never throws: a refused address, a connection error, a
 * timeout or a non-2xx answer is a failed outcome saying why.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  { timeoutMs, allowPrivate, signal }: { timeoutMs: number; allowPrivate: boolean; signal?: AbortSignal },
): Promise<AttemptOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): AttemptOutcome => ({
    statusCode,
    durationMs: Math.round(performance.now() - started),
    error,
    succeeded: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done(null, 'the endpoint URL is not valid'));
    }
    const host = hostOf(target);
    if (!allowPrivate && isIP(host) && isPrivateAddress(host)) {
      return resolve(done(null, `refused: ${host} is a private or loopback address`));
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
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_BODY_BYTES) response.destroy();
        });
        const status = response.statusCode ?? null;
        const finish = () => resolve(done(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`));
        response.once('end', finish);
        response.once('close', finish);
        response.once('error', finish);
      },
    );
    // Covers the whole exchange, not only idle sockets: a slow endpoint cannot hold a delivery.
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    request.once('timeout', () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    request.once('error', (error) => resolve(done(null, error.message)));
    request.once('close', () => clearTimeout(timer));
    request.end(body);
  });
}
