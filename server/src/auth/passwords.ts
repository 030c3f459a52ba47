import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane). Changing these makes
 * every stored hash "outdated": each is rehashed at its user's next successful log-in.
 */
export const ARGON2_OPTIONS = {
  // The package's `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const satisfies Options;

/** Hashes a password with argon2id and a random salt, in the PHC string format (`$argon2id$v=19$m=…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * Checks a password against a stored hash in constant time: argon2id, or the `scrypt$<salt>$<hash>`
 * form that earlier versions stored (still accepted, see {@link needsRehash}).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  try {
    return await verify(stored, password);
  } catch {
    // A malformed stored hash matches nothing.
    return false;
  }
}

/** Whether a stored hash should be replaced by a fresh {@link hashPassword} after a successful log-in. */
export function needsRehash(stored: string): boolean {
  if (!stored.startsWith('$argon2id$')) return true;
  try {
    const options = parseOptions(stored);
    return (
      options.algorithm !== ARGON2_OPTIONS.algorithm ||
      options.memoryCost !== ARGON2_OPTIONS.memoryCost ||
      options.timeCost !== ARGON2_OPTIONS.timeCost ||
      options.parallelism !== ARGON2_OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one {@link verifyPassword} against a real hash and answers false: log-in runs
 * it for an unknown e-mail, so the answer's timing does not say which accounts exist.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** The scrypt hashes of earlier versions: `scrypt$<salt>$<hash>`, both base64url, Node's default cost. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, salt, hashed] = stored.split('$');
  if (!salt || !hashed) return false;
  const expected = Buffer.from(hashed, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

