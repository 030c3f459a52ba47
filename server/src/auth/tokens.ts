import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'vetline';
/** Session tokens live this long; the dashboard signs in again after. */
export const TOKEN_TTL_SECONDS = 12 * 60 * 60;
/** The shortest secret accepted for signing session tokens (HS256 wants at least 256 bits). */
export const MIN_SECRET_LENGTH = 32;

/**
 * The signing key for a secret, whatever its source (setting or generated file).
 * @throws Error saying what is wrong when the secret is shorter than {@link MIN_SECRET_LENGTH}.
 */
export function signingKey(secret: string, source: string): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH) {
    const what = secret.length === 0 ? 'is empty' : `has ${secret.length} characters`;
    throw new Error(`The session token secret (${source}) ${what}; it must have at least ${MIN_SECRET_LENGTH}.`);
  }
  return new TextEncoder().encode(secret);
}

/** Signs a session token: `sub` is the user, `jti` the session (see `sessions.ts`), `exp` its end. */
export async function signSessionToken(session: { id: string; userId: string; expiresAt: Date }, secret: Uint8Array) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.userId)
    .setJti(session.id)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(session.expiresAt.getTime() / 1000))
    .sign(secret);
}

export type TokenCheck = { ok: true; userId: string; sessionId: string; /** `exp`, in ms. */ expiresAt: number } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Verifies a session token's signature, issuer and expiry. A token without `exp` (it would never
 * end), `sub` or `jti` (it would name no session that logout could end) is invalid.
 */
export async function verifySessionToken(token: string, secret: Uint8Array): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, await verifyingKey(secret), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub', 'jti'],
    });
    return { ok: true, userId: payload.sub!, sessionId: payload.jti!, expiresAt: payload.exp! * 1000 };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

const verifyingKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/**
 * The secret imported once as a WebCrypto key: given the raw bytes, jose imports them again on
 * every verification, a second crypto job per token (measured: most of a reconnect storm's JWT cost).
 */
function verifyingKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = verifyingKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifyingKeys.set(secret, key);
  }
  return key;
}
