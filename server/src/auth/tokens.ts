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
 *
 * A token that verified once is remembered until its `exp` (see {@link VerifiedTokens}): the same
 * bytes always carry the same claims, and whether its session still holds is read per request
 * anyway. Every signed-in request checked its token twice (rate limits, then the viewer) and a
 * reconnect storm checks the same tokens thousands of times, each a WebCrypto job off the thread.
 */
export async function verifySessionToken(token: string, secret: Uint8Array): Promise<TokenCheck> {
  const known = verifiedTokens(secret).get(token);
  if (known) return known.expiresAt > Date.now() ? known : { ok: false, reason: 'expired' };
  try {
    const { payload } = await jwtVerify(token, await verifyingKey(secret), {
      issuer: ISSUER,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'sub', 'jti'],
    });
    const check = { ok: true as const, userId: payload.sub!, sessionId: payload.jti!, expiresAt: payload.exp! * 1000 };
    verifiedTokens(secret).set(token, check);
    return check;
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

/** How many verified tokens each secret remembers; past it the oldest is forgotten first. */
const VERIFIED_TOKENS_MAX = 10_000;

/** Tokens whose signature verified, with their claims; only valid tokens enter, so no caller can fill it with junk. */
class VerifiedTokens {
  readonly #tokens = new Map<string, Extract<TokenCheck, { ok: true }>>();

  get(token: string) {
    const check = this.#tokens.get(token);
    if (check && check.expiresAt <= Date.now()) this.#tokens.delete(token);
    return check;
  }

  set(token: string, check: Extract<TokenCheck, { ok: true }>) {
    if (this.#tokens.size >= VERIFIED_TOKENS_MAX) this.#tokens.delete(this.#tokens.keys().next().value!);
    this.#tokens.set(token, check);
  }
}

const verifiedBySecret = new WeakMap<Uint8Array, VerifiedTokens>();

function verifiedTokens(secret: Uint8Array): VerifiedTokens {
  let tokens = verifiedBySecret.get(secret);
  if (!tokens) verifiedBySecret.set(secret, (tokens = new VerifiedTokens()));
  return tokens;
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
