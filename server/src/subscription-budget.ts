import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { LocalBudget, type Lease, type UserBudget } from './subscription-limits.js';

/** How long a lease outlives its instance's last refresh: a crashed instance's slots free themselves. */
const LEASE_TTL_MS = 60_000;
/** Leases are refreshed this often, well inside their TTL. */
const REFRESH_MS = 20_000;

/**
 * Takes a slot if fewer than the limit are held: one sorted set per user, a member per lease
 * scored by its expiry, so expired leases (their instance died) are dropped before counting.
 * Atomic in Redis, so a burst across instances is counted exactly.
 */
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

type BudgetRedis = Redis & { takeSubscriptionSlot(key: string, now: number, expiry: number, limit: number, member: string, ttl: number): Promise<number> };

/**
 * The per-user subscription budget shared by every instance of a deployment through Redis (keys
 * under `namespace`). Each held slot is a lease this instance refreshes; closing a subscription
 * removes it, and an instance that dies leaves leases that expire within a minute.
 *
 * When Redis does not answer, a subscription is counted against this instance's own budget
 * instead (logged once), so an outage degrades the limit to per-instance rather than refusing
 * every subscription.
 */
export async function createRedisBudget(redisUrl: string, namespace: string, log: (message: string) => void): Promise<UserBudget> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false }) as BudgetRedis;
  redis.defineCommand('takeSubscriptionSlot', { numberOfKeys: 1, lua: TAKE });
  let down = false;
  redis.on('error', () => {});
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log('Redis available again: the subscription budget is shared across instances');
  });
  await redis.connect();
  const fallback = new LocalBudget();
  const instance = randomUUID();
  /** key → members this instance holds there, refreshed together. */
  const held = new Map<string, Set<string>>();
  const timer = setInterval(() => {
    const expiry = Date.now() + LEASE_TTL_MS;
    const pipeline = redis.pipeline();
    for (const [key, members] of held) {
      for (const member of members) pipeline.zadd(key, 'XX', expiry, member);
      pipeline.pexpire(key, LEASE_TTL_MS);
    }
    if (pipeline.length) pipeline.exec().catch(() => {});
  }, REFRESH_MS);
  timer.unref();
  let next = 0;
  const key = (user: string) => `${namespace}:subscriptions:${user}`;

  return {
    async take(user, limit): Promise<Lease | undefined> {
      const member = `${instance}:${next++}`;
      const now = Date.now();
      let taken: number;
      try {
        taken = await redis.takeSubscriptionSlot(key(user), now, now + LEASE_TTL_MS, limit, member, LEASE_TTL_MS);
      } catch (error) {
        if (!down) {
          down = true;
          log(`Redis unavailable (${(error as Error).message}): subscriptions are counted per instance until it is back`);
        }
        return fallback.take(user, limit);
      }
      if (!taken) return undefined;
      let members = held.get(key(user));
      if (!members) held.set(key(user), (members = new Set()));
      members.add(member);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          members.delete(member);
          if (members.size === 0 && held.get(key(user)) === members) held.delete(key(user));
          // Lost with Redis, the lease expires on its own.
          redis.zrem(key(user), member).catch(() => {});
        },
      };
    },
    async close() {
      clearInterval(timer);
      const pipeline = redis.pipeline();
      for (const [k, members] of held) pipeline.zrem(k, ...members);
      if (pipeline.length) await pipeline.exec().catch(() => {});
      held.clear();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
