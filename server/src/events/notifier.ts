import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { CommitNotifier } from './feed.js';

const TOPIC = 'vetline:events-committed';

type Topics = { [TOPIC]: [] };

/** Builds a notifier over Yoga's pub/sub: in-process, or Redis when `redisUrl` is given. */
export async function createNotifier(redisUrl: string | undefined): Promise<CommitNotifier> {
  let clients: Redis[] = [];
  let pubSub;
  if (redisUrl) {
    const options = { lazyConnect: true, maxRetriesPerRequest: null } as const;
    clients = [new Redis(redisUrl, options), new Redis(redisUrl, options)];
    await Promise.all(clients.map((client) => client.connect()));
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
