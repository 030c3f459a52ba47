import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Where rate-limiter-flexible keeps its counts: Redis when `redisUrl` is set, else this process. */
export interface LimiterStore {
  /** A limiter of `points` per `durationSeconds`, its keys under `<namespace>:<name>`. */
  limiter(name: string, points: number, durationSeconds: number): RateLimiterAbstract;
  close(): Promise<void>;
}

export interface LimiterStoreOptions {
  /** Shares the counts between instances; without it they are per process. */
  redisUrl?: string | undefined;
  /** Redis key prefix of this deployment, so two deployments (or test servers) never share counts. */
  namespace: string;
  /** What the counts are for, in the one log line of a Redis loss. */
  what: string;
  log?: (message: string) => void;
}

/**
 * Opens the store the login throttle and the operation rate limits count in. With Redis, each
 * limiter falls back to an in-memory one while Redis is away (logged once per loss), so limits
 * keep holding per instance and no request waits for Redis.
 */
export async function openLimiterStore({ redisUrl, namespace, what, log = () => {} }: LimiterStoreOptions): Promise<LimiterStore> {
  let redis: Redis | undefined;
  if (redisUrl) {
    // No offline queue: while Redis is away, the in-memory insurance counts at once.
    redis = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    let down = false;
    redis.on('error', (error: Error) => {
      if (!down) log(`Redis for ${what} is unavailable (${error.message}); counting per instance until it is back`);
      down = true;
    });
    redis.on('ready', () => (down = false));
    await redis.connect();
  }
  return {
    limiter(name, points, durationSeconds) {
      const options = { keyPrefix: `${namespace}:${name}`, points, duration: durationSeconds };
      const memory = new RateLimiterMemory(options);
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory;
    },
    async close() {
      await redis?.quit().catch(() => redis?.disconnect());
    },
  };
}
