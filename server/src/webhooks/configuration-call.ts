import { randomUUID } from 'node:crypto';
import type { CallModule, ConfigurationAnswer } from '../domain/activation.js';
import { guardedPost } from './delivery-http.js';
import { signedHeaders } from './signing.js';

/** The most of a module's answer read: settings, not a download. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * The marketplace's call to a module's configuration URL at a simple connection: a JSON POST of
 * `{ type: "installation.configure", timestamp, data: { account, apiKey, code } }`, signed like a
 * webhook (Standard Webhooks headers, the partner's secrets). The module answers 2xx with its
 * settings as a JSON object. The URL's host is resolved when the POST is made and the connection
 * goes to the address that was checked: a private or loopback one is refused (`refused`) unless
 * the operator allows them, with no window for the name to change in between. Bounded by
 * `timeoutMs` from connection to last byte; never throws.
 */
export function configurationCaller({ timeoutMs, allowPrivate }: { timeoutMs: number; allowPrivate: boolean }): CallModule {
  return async (url, data, secrets): Promise<ConfigurationAnswer> => {
    const body = JSON.stringify({ type: 'installation.configure', timestamp: new Date().toISOString(), data });
    const headers = signedHeaders(`msg_${randomUUID()}`, body, secrets);
    const outcome = await guardedPost(url, headers, body, { timeoutMs, allowPrivate, maxBodyBytes: MAX_ANSWER_BYTES });
    if (outcome.refused) return { ok: false, refused: true, error: outcome.error ?? 'its address is private' };
    if (outcome.error !== null || outcome.statusCode === null) {
      if (outcome.error?.startsWith('timed out')) return { ok: false, error: `it did not answer within ${timeoutMs} ms` };
      if (outcome.error === 'the endpoint URL is not valid') return { ok: false, error: 'its configuration URL is not valid' };
      return { ok: false, error: 'it could not be reached' };
    }
    if (outcome.statusCode < 200 || outcome.statusCode >= 300) return { ok: false, error: `it answered HTTP ${outcome.statusCode}` };
    if (outcome.body === null) return { ok: false, error: 'its answer was too long' };
    let settings: unknown;
    try {
      settings = JSON.parse(outcome.body);
    } catch {
      return { ok: false, error: 'its answer was not JSON' };
    }
    if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return { ok: false, error: 'it answered no settings object' };
    return { ok: true, settings };
  };
}
