import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'vetline';
/** Session tokens live this long; the dashboard signs in again after. */
export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

/** Signs a session token for a user. */
export async function signSessionToken(userId: string, secret: Uint8Array, ttlSeconds = TOKEN_TTL_SECONDS) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secret);
}

export type TokenCheck = { ok: true; userId: string } | { ok: false; reason: 'expired' | 'invalid' };

/** Verifies a session token's signature, issuer and expiry. */
export async function verifySessionToken(token: string, secret: Uint8Array): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] });
    return payload.sub ? { ok: true, userId: payload.sub } : { ok: false, reason: 'invalid' };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
