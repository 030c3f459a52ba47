import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when Redis answers; CI requires it, elsewhere its tests are skipped with a warning. */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    if (process.env.CI) throw new Error(`CI needs Redis at ${REDIS_URL}`);
    console.warn(`[test] Redis is not reachable at ${REDIS_URL}: its tests are skipped`);
    return false;
  } finally {
    client.disconnect();
  }
}
