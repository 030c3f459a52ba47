import { describe, expect, it } from 'vitest';
import { signSessionToken, verifySessionToken } from '../server/src/auth/tokens.js';

const secret = new TextEncoder().encode('a-session-secret-of-at-least-32-characters');
const session = (seconds: number) => ({ id: 'session-1', userId: 'user-1', expiresAt: new Date(Date.now() + seconds * 1000) });

describe('session tokens', () => {
  it('should accept a token again, with the same claims, once it verified', async () => {
    const token = await signSessionToken(session(60), secret);
    const first = await verifySessionToken(token, secret);
    expect(first).toMatchObject({ ok: true, userId: 'user-1', sessionId: 'session-1' });
    expect(await verifySessionToken(token, secret)).toEqual(first);
  });

  it('should refuse a token altered after its original verified, and one signed with another secret', async () => {
    const token = await signSessionToken(session(60), secret);
    expect((await verifySessionToken(token, secret)).ok).toBe(true);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url'), signature].join('.');
    expect(await verifySessionToken(forged, secret)).toEqual({ ok: false, reason: 'invalid' });
    const other = new TextEncoder().encode('another-secret-of-at-least-32-characters!!');
    expect(await verifySessionToken(token, other)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('should refuse a remembered token as expired once its exp has passed', async () => {
    const token = await signSessionToken(session(1), secret);
    expect((await verifySessionToken(token, secret)).ok).toBe(true);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 50));
    expect(await verifySessionToken(token, secret)).toEqual({ ok: false, reason: 'expired' });
  });
});
