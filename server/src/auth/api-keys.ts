import { createHash, randomBytes } from 'node:crypto';

/** The stored form of an API key secret: its SHA-256, hex. Secrets are never stored. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random API key secret, `vl_<kind>_<random>`. */
export function newApiKeySecret(kind: 'catalog' | 'account' | 'module'): string {
  return `vl_${kind}_${randomBytes(24).toString('base64url')}`;
}
