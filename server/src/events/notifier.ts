import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { CommitNotifier } from './feed.js';

/** The Redis channel of a deployment's commit nudges: instances of other deployments on the same Redis never hear them. */
export const commitChannel = (namespace: string) => `${namespace}:events-committed`;

/**
 * Builds a notifier over Yoga's pub/sub: in-process, or Redis when `redisUrl` is given, on the
 * channel of `namespace` (the deployment's, see `deploymentNamespace`). One message per commit,
 * whatever the number of instances and subscribers: each instance then reads the log itself.
 */
export async function createNotifier(
  redisUrl: string | undefined,
  log: (message: string) => void,
  namespace = 'vetline',
): Promise<CommitNotifier> {
  const TOPIC = commitChannel(namespace);
  type Topics = Record<string, []>;
  let clients: Redis[] = [];
  let pubSub;
  if (redisUrl) {
    const options = { lazyConnect: true, maxRetriesPerRequest: null } as const;
    clients = [new Redis(redisUrl, options), new Redis(redisUrl, options)];
    await Promise.all(clients.map((client) => client.connect()));
    watchConnection(clients, log);
    pubSub = createPubSub<Topics>({
      eventTarget: createRedisEventTarget({ publishClient: clients[0]!, subscribeClient: clients[1]! }),
    });
  } else {
    pubSub = createPubSub<Topics>();
  }
  const stops = new Set<() => void>();
  return {
    publish() {
      pubSub.publish(TOPIC);
    },
    subscribe(onNotice) {
      const iterator = pubSub.subscribe(TOPIC)[Symbol.asyncIterator]();
      let active = true;
      void (async () => {
        while (active) {
          const { done } = await iterator.next();
          if (done) return;
          onNotice();
        }
      })();
      const stop = () => {
        active = false;
        void iterator.return?.();
        stops.delete(stop);
      };
      stops.add(stop);
      return stop;
    },
    async close() {
      for (const stop of [...stops]) stop();
      await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

/**
 * Logs a Redis loss once and its return once. Without an 'error' listener ioredis prints
 * "Unhandled error event" on every reconnect attempt. Meanwhile nudges are lost, and each
 * instance's feed still reads the log on its poll, so delivery continues, only later.
 */
function watchConnection(clients: Redis[], log: (message: string) => void) {
  let lost = false;
  for (const client of clients) {
    client.on('error', (error: Error) => {
      if (lost) return;
      lost = true;
      log(`Redis unavailable (${(error as NodeJS.ErrnoException).code ?? error.message}); events are delivered by polling the log until it is back`);
    });
    client.on('ready', () => {
      if (!lost || clients.some((c) => c.status !== 'ready')) return;
      lost = false;
      log('Redis available again');
    });
  }
}
