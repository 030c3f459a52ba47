import { randomUUID } from 'node:crypto';
import type { CallModule, ConfigurationAnswer } from '../domain/activation.js';
import { privateAddressProblem } from './address-guard.js';
import { signedHeaders } from './signing.js';

/** The most of a module's answer read: settings, not a download. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * The marketplace's call to a module's configuration URL at a simple connection: a JSON POST of
 * `{ type: "installation.configure", timestamp, data: { account, apiKey, code } }`, signed like a
 * webhook (Standard Webhooks headers, the partner's secrets). The module answers 2xx with its
 * settings as a JSON object. Bounded by `timeoutMs` from connection to last byte; never throws.
 */
export function configurationCaller({ timeoutMs, allowPrivate }: { timeoutMs: number; allowPrivate: boolean }): CallModule {
  return async (url, data, secrets): Promise<ConfigurationAnswer> => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { ok: false, error: 'its configuration URL is not valid' };
    }
    const refused = await privateAddressProblem(target, allowPrivate);
    if (refused) return { ok: false, error: refused };
    const body = JSON.stringify({ type: 'installation.configure', timestamp: new Date().toISOString(), data });
    const headers = signedHeaders(`msg_${randomUUID()}`, body, secrets);
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Vetline-Webhooks/1' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (response.status < 200 || response.status >= 300) return { ok: false, error: `it answered HTTP ${response.status}` };
      if (text.length > MAX_ANSWER_BYTES) return { ok: false, error: 'its answer was too long' };
      const settings: unknown = JSON.parse(text);
      if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return { ok: false, error: 'it answered no settings object' };
      return { ok: true, settings };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, error: `it did not answer within ${timeoutMs} ms` };
      if (error instanceof SyntaxError) return { ok: false, error: 'its answer was not JSON' };
      return { ok: false, error: 'it could not be reached' };
    }
  };
}
