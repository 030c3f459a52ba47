import { createHash } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { openLimiterStore } from '../limiter-store.js';

/** How many failed log-ins a window admits, per account (e-mail) and per client address. */
export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowSeconds: number;
}

/** OWASP-style defaults: a handful of guesses per account, more per address (offices share one). */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perAddress: 50, windowSeconds: 15 * 60 };

/**
 * Counts log-in attempts, on every transport alike (the `login` resolver calls it once per aliased
 * field). An attempt takes a point from its account and from its address before the password is
 * checked, so concurrent guesses cannot outrun the count; a successful one gives them back, so only
 * failures add up.
 */
export interface LoginThrottle {
  /** Takes one attempt of an e-mail from a client address (as the socket gives it); answers null when it may go ahead, or the seconds to wait. */
  attempt(email: string, address: string): Promise<number | null>;
  /** Gives the attempt back after the password was right. */
  succeeded(email: string, address: string): Promise<void>;
  close(): Promise<void>;
}

export interface LoginThrottleOptions {
  limits: LoginLimits;
  /** Shares the counts between instances; without it they are per process. */
  redisUrl?: string | undefined;
  /** Redis key prefix of this deployment, so two deployments (or test servers) never share counts. */
  namespace: string;
  log?: (message: string) => void;
}

/** Builds the throttle: in Redis when `redisUrl` is given (falling back to memory while Redis is away), else in memory. */
export async function createLoginThrottle({ limits, redisUrl, namespace, log = () => {} }: LoginThrottleOptions): Promise<LoginThrottle> {
  const store = await openLimiterStore({ redisUrl, namespace, log, what: 'log-in limits' });
  const limiter = (name: string, points: number) => store.limiter(`login-${name}`, points, limits.windowSeconds);
  const perAccount = limiter('account', limits.perAccount);
  const perAddress = limiter('address', limits.perAddress);
  // E-mails are keys, not data: Redis holds their digests only.
  const accountKey = (email: string) => createHash('sha256').update(email).digest('base64url');

  return {
    async attempt(email, address) {
      const results = await Promise.allSettled([perAccount.consume(accountKey(email)), perAddress.consume(limitAddress(address))]);
      let waitMs = 0;
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
        waitMs = Math.max(waitMs, result.reason.msBeforeNext);
      }
      return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : null;
    },
    async succeeded(email, address) {
      await Promise.all([perAccount.reward(accountKey(email)), perAddress.reward(limitAddress(address))]);
    },
    close: () => store.close(),
  };
}

/**
 * The address a limit counts: IPv4 as is (also when IPv4-mapped), IPv6 by its /64, the block one
 * host usually holds whole.
 */
export function limitAddress(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const mapped = remoteAddress.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return mapped;
  if (isIPv4(remoteAddress)) return remoteAddress;
  const [head = '', tail = ''] = remoteAddress.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = remoteAddress.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** A Redis key prefix naming one deployment: instances on the same database share it. */
export function deploymentNamespace(databaseUrl: string | undefined, dataDir: string): string {
  let identity = `embedded:${dataDir}`;
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    identity = `${url.hostname.toLowerCase()}:${url.port || '5432'}${url.pathname}`;
  }
  return `vetline:${createHash('sha256').update(identity).digest('base64url').slice(0, 16)}`;
}
