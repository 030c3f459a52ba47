import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** How long an entry outlives its instance's last refresh: a crashed instance's viewers leave within it. */
export const PRESENCE_TTL_MS = 30_000;
/** Entries are refreshed (and watched versions re-read) this often, well inside the TTL. */
const REFRESH_MS = 10_000;

/** One person on a version's page. */
export interface PresenceEntry {
  userId: string;
  name: string;
  /** When they opened the page (ms since the epoch). */
  since: number;
}

/** A held place on a version's page; leaving twice is harmless. */
export interface PresenceLease {
  leave(): void;
}

/**
 * Who has a version's review open: staff register while their page's subscription is open and
 * leave when it ends (page closed, socket dropped). In memory for one instance, or in Redis, where
 * every instance sees the others' viewers and entries of a vanished instance expire.
 */
export interface PresenceBoard {
  join(versionId: string, entry: PresenceEntry): Promise<PresenceLease>;
  /** Everyone present, one entry per person (the earliest), oldest first. */
  list(versionId: string): Promise<PresenceEntry[]>;
  /** Calls `onChange` whenever the version's viewers may have changed, on any instance; returns a function that stops it. */
  watch(versionId: string, onChange: () => void): () => void;
  close(): Promise<void>;
}

/** One entry per person, oldest first: two tabs of one reviewer show once. */
function people(entries: Iterable<PresenceEntry>): PresenceEntry[] {
  const byUser = new Map<string, PresenceEntry>();
  for (const entry of entries) {
    const known = byUser.get(entry.userId);
    if (!known || entry.since < known.since) byUser.set(entry.userId, entry);
  }
  return [...byUser.values()].sort((a, b) => a.since - b.since || a.userId.localeCompare(b.userId));
}

/** Watchers by version, shared by both boards. */
class Watchers {
  private readonly byVersion = new Map<string, Set<() => void>>();

  add(versionId: string, onChange: () => void): () => void {
    let set = this.byVersion.get(versionId);
    if (!set) this.byVersion.set(versionId, (set = new Set()));
    set.add(onChange);
    return () => {
      set.delete(onChange);
      if (set.size === 0 && this.byVersion.get(versionId) === set) this.byVersion.delete(versionId);
    };
  }

  notify(versionId: string) {
    for (const onChange of [...(this.byVersion.get(versionId) ?? [])]) onChange();
  }

  versions() {
    return [...this.byVersion.keys()];
  }
}

/** This instance's viewers alone. */
export function createMemoryPresence(): PresenceBoard {
  const entries = new Map<string, Map<string, PresenceEntry>>();
  const watchers = new Watchers();
  let next = 0;
  return {
    async join(versionId, entry) {
      const member = String(next++);
      let present = entries.get(versionId);
      if (!present) entries.set(versionId, (present = new Map()));
      present.set(member, entry);
      watchers.notify(versionId);
      let held = true;
      return {
        leave: () => {
          if (!held) return;
          held = false;
          present.delete(member);
          if (present.size === 0 && entries.get(versionId) === present) entries.delete(versionId);
          watchers.notify(versionId);
        },
      };
    },
    async list(versionId) {
      return people(entries.get(versionId)?.values() ?? []);
    },
    watch: (versionId, onChange) => watchers.add(versionId, onChange),
    async close() {
      entries.clear();
    },
  };
}

/**
 * Presence shared through Redis (keys under `namespace`): a hash per version, a field per open
 * page holding its entry and expiry; joins and leaves are announced on a channel, and every
 * `REFRESH_MS` each instance refreshes its own entries and re-reads the versions it watches, so
 * the entries of an instance that died disappear within {@link PRESENCE_TTL_MS}.
 */
export async function createRedisPresence(redisUrl: string, namespace: string): Promise<PresenceBoard> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 1 } as const;
  const redis = new Redis(redisUrl, options);
  const listener = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
  // A Redis loss is logged once per instance by the event notifier; meanwhile `list` falls back
  // to this instance's own viewers, and ioredis reconnects both clients by itself.
  const quiet = () => {};
  redis.on('error', quiet);
  listener.on('error', quiet);
  await Promise.all([redis.connect(), listener.connect()]);

  const channel = `${namespace}:presence`;
  const key = (versionId: string) => `${namespace}:presence:${versionId}`;
  const watchers = new Watchers();
  await listener.subscribe(channel);
  listener.on('message', (_channel: string, versionId: string) => watchers.notify(versionId));
  // Re-subscribed by ioredis after a reconnect; a fresh read then shows who is there.
  listener.on('ready', () => {
    for (const versionId of watchers.versions()) watchers.notify(versionId);
  });

  const instance = randomUUID();
  let next = 0;
  /** versionId → this instance's members there and their entries, refreshed together. */
  const held = new Map<string, Map<string, PresenceEntry>>();
  const value = (entry: PresenceEntry) => JSON.stringify({ ...entry, expiresAt: Date.now() + PRESENCE_TTL_MS });
  const announce = (versionId: string) => redis.publish(channel, versionId).catch(() => {});

  const timer = setInterval(() => {
    const pipeline = redis.pipeline();
    for (const [versionId, members] of held) {
      for (const [member, entry] of members) pipeline.hset(key(versionId), member, value(entry));
      pipeline.pexpire(key(versionId), PRESENCE_TTL_MS);
    }
    void (pipeline.length ? pipeline.exec() : Promise.resolve())
      .catch(() => {})
      // Expired entries of other instances are noticed here: the watchers re-read and compare.
      .then(() => {
        for (const versionId of watchers.versions()) watchers.notify(versionId);
      });
  }, REFRESH_MS);
  timer.unref();

  return {
    async join(versionId, entry) {
      const member = `${instance}:${next++}`;
      let members = held.get(versionId);
      if (!members) held.set(versionId, (members = new Map()));
      members.set(member, entry);
      await redis
        .multi()
        .hset(key(versionId), member, value(entry))
        .pexpire(key(versionId), PRESENCE_TTL_MS)
        .exec()
        .catch(() => {});
      await announce(versionId);
      let present = true;
      return {
        leave: () => {
          if (!present) return;
          present = false;
          members.delete(member);
          if (members.size === 0 && held.get(versionId) === members) held.delete(versionId);
          // Lost with Redis, the entry expires on its own.
          void redis
            .hdel(key(versionId), member)
            .then(() => announce(versionId))
            .catch(() => {});
        },
      };
    },
    async list(versionId) {
      let raw: Record<string, string>;
      try {
        raw = await redis.hgetall(key(versionId));
      } catch {
        // Without Redis, this instance's own viewers at least.
        return people(held.get(versionId)?.values() ?? []);
      }
      const now = Date.now();
      const live: PresenceEntry[] = [];
      const expired: string[] = [];
      for (const [member, json] of Object.entries(raw)) {
        const parsed = JSON.parse(json) as PresenceEntry & { expiresAt: number };
        if (parsed.expiresAt <= now) expired.push(member);
        else live.push({ userId: parsed.userId, name: parsed.name, since: parsed.since });
      }
      if (expired.length) void redis.hdel(key(versionId), ...expired).catch(() => {});
      return people(live);
    },
    watch: (versionId, onChange) => watchers.add(versionId, onChange),
    async close() {
      clearInterval(timer);
      const pipeline = redis.pipeline();
      for (const [versionId, members] of held) {
        pipeline.hdel(key(versionId), ...members.keys());
        pipeline.publish(channel, versionId);
      }
      if (pipeline.length) await pipeline.exec().catch(() => {});
      held.clear();
      await Promise.all([redis, listener].map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}
