import { Redis } from 'ioredis';
import type { Event } from '../generated/prisma/client.js';
import type { EventFeed } from '../events/feed.js';
import type { RecordedEvents } from '../events/log.js';

/**
 * Where public responses are kept, under keys that carry a *generation*: the id of the last
 * committed event that could change a public read. A committed change moves the generation, so
 * every key built before it stops matching at once — on every instance sharing the store.
 * Reading the generation before executing also makes a slow read that raced a change harmless:
 * it stores its answer under the old generation, which nobody reads any more.
 */
export interface ResponseStore {
  /** The generation now; build cache keys with it before reading the database. Null: unknown (the store is away), so nothing is cached. */
  generation(): Promise<string | null> | string | null;
  /** The JSON of a response stored under `key`, only while the key's generation is the current one. */
  get(key: string): Promise<string | null> | string | null;
  set(key: string, json: string, ttlMs: number): Promise<void> | void;
  /** Moves the generation to `eventId` unless it is already there or past it (idempotent). */
  advance(eventId: bigint): Promise<void> | void;
  close(): Promise<void>;
}

/** A key that is never stored (a mutation, a signed-in viewer): no lookup is spent on it. */
export const UNCACHED_KEY = 'uncached';

/** `<generation>:<hash>`: the generation a key was built under, and the rest. */
export const responseKey = (generation: string, hash: string) => `${generation}:${hash}`;
const generationOf = (key: string) => (key.includes(':') ? key.slice(0, key.indexOf(':')) : null);

/** What one instance keeps in memory by default: the bytes of the answers' JSON, not their count. */
export const MEMORY_STORE_BYTES = 32 * 1024 * 1024;

/**
 * One instance's store, for the embedded mode and for instances without Redis. It keeps each
 * answer's JSON (a hit writes it as it is) and is bounded by their total size: a thousand distinct
 * pages of a hundred apps would otherwise hold most of a gigabyte. The least recently read go first.
 */
export function createMemoryResponseStore(maxBytes = MEMORY_STORE_BYTES): ResponseStore {
  let generation = 0n;
  let bytes = 0;
  const entries = new Map<string, { json: string; bytes: number; expires: number }>();
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  return {
    generation: () => generation.toString(),
    get(key) {
      const entry = entries.get(key);
      if (!entry || generationOf(key) !== generation.toString()) return null;
      if (entry.expires <= Date.now()) {
        remove(key);
        return null;
      }
      // Read again: to the back of the line (a Map iterates in insertion order).
      entries.delete(key);
      entries.set(key, entry);
      return entry.json;
    },
    set(key, json, ttlMs) {
      if (key === UNCACHED_KEY || generationOf(key) !== generation.toString()) return;
      const size = Buffer.byteLength(json);
      // An answer larger than a quarter of the store would push out most of what is read.
      if (size > maxBytes / 4) return;
      remove(key);
      while (bytes + size > maxBytes) remove(entries.keys().next().value!);
      entries.set(key, { json, bytes: size, expires: Date.now() + ttlMs });
      bytes += size;
    },
    advance(eventId) {
      if (eventId <= generation) return;
      generation = eventId;
      entries.clear();
      bytes = 0;
    },
    async close() {
      entries.clear();
      bytes = 0;
    },
  };
}

// Moves the generation forward only: instances replaying the same events agree.
const ADVANCE = `local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;
// Reads an entry only while its generation is the current one (an old ETag must not match).
const GET_CURRENT = `if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return false end
return redis.call('GET', KEYS[2])`;

/**
 * A store shared by every instance through Redis. `namespace` keeps deployments (and parallel
 * test servers) apart; entries expire after their TTL, old generations included.
 */
export async function createRedisResponseStore(
  redisUrl: string,
  namespace: string,
  log: (message: string) => void,
): Promise<ResponseStore> {
  // No offline queue: while Redis is away every call fails at once, and requests skip the cache
  // instead of waiting for it.
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  await redis.connect();
  // Sent once, then called by hash (EVALSHA).
  redis.defineCommand('vetlineGetCurrent', { numberOfKeys: 2, lua: GET_CURRENT });
  redis.defineCommand('vetlineAdvance', { numberOfKeys: 1, lua: ADVANCE });
  const scripts = redis as unknown as {
    vetlineGetCurrent(generationKey: string, entryKey: string, generation: string): Promise<string | null>;
    vetlineAdvance(generationKey: string, eventId: string): Promise<number>;
  };
  const generationKey = `${namespace}:generation`;
  const entryKey = (key: string) => `${namespace}:response:${key}`;
  // The newest change that could not move the generation while Redis was away: moved on return,
  // so no answer cached before the outage is served after it.
  let owed: bigint | null = null;
  let down = false;
  const advance = async (eventId: bigint) => {
    try {
      await scripts.vetlineAdvance(generationKey, eventId.toString());
    } catch (error) {
      if (owed === null || eventId > owed) owed = eventId;
      throw error;
    }
  };
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log(`Redis for the response cache is unavailable (${error.message}); public reads skip the cache until it is back`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log('Redis for the response cache is available again');
    const due = owed;
    owed = null;
    if (due !== null) advance(due).catch(() => {});
  });
  return {
    async generation() {
      if (owed !== null) return null;
      return redis.get(generationKey).then((value) => value ?? '0', () => null);
    },
    async get(key) {
      const generation = generationOf(key);
      if (key === UNCACHED_KEY || generation === null) return null;
      return scripts.vetlineGetCurrent(generationKey, entryKey(key), generation).catch(() => null);
    },
    async set(key, json, ttlMs) {
      if (key === UNCACHED_KEY) return;
      await redis.set(entryKey(key), json, 'PX', Math.max(1, Math.round(ttlMs))).catch(() => {});
    },
    advance,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Changes that only staff and the app's partner see: threads, checklists, reviews in flight. */
const PRIVATE_ONLY = /^(thread|checklist|installation|section_request|staff|user)\.|^version\.(created|updated|submitted|withdrawn|claimed|assigned|changes_requested|approved|rejected|expired)$|^app\.(created|consultation_requested|consultation_decided|listing_change_submitted|listing_change_claimed|listing_change_decided)$|^partner\.invitation_cancelled$/;

/**
 * Whether a committed event can change what an anonymous or API-key reader sees. Every type not
 * known to be private counts, so a new kind of change invalidates until someone says otherwise.
 */
export function changesPublicReads(event: Pick<Event, 'type'>): boolean {
  return !PRIVATE_ONLY.test(event.type);
}

/**
 * Keeps a response store true: every committed event that can change a public read moves the
 * generation, on every instance (each tails the log). `settled()` waits for the moves under way,
 * so a mutation can answer only after its change is visible to the next request anywhere.
 */
export class ResponseInvalidation {
  private pending: Promise<void> = Promise.resolve();
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly store: ResponseStore,
    private readonly feed: EventFeed,
  ) {}

  /** Starts after the feed's cursor, first moving the generation there: changes made while no instance listened count too. */
  async start() {
    await this.store.advance(this.feed.cursor);
    this.unlisten = this.feed.listen((event) => {
      if (changesPublicReads(event)) this.enqueue(event.id);
    });
  }

  stop() {
    this.unlisten?.();
  }

  /**
   * Resolves once the changes a mutation committed have moved the generation, so the next request
   * anywhere reads fresh. The request's own events say what changed: only those that can change a
   * public read move it, straight to the newest one's id — no read of the log back. Any id the log
   * handed out is a safe generation: ids are taken in commit order, so every change below it has
   * ended by then (see `recordEvent`). Without noted events (a write outside `transaction()`) it
   * reads the log up to now instead.
   */
  async afterCommit(recorded: RecordedEvents | undefined) {
    if (recorded?.events.length) {
      let newest: bigint | undefined;
      for (const event of recorded.events) if (changesPublicReads(event) && (newest === undefined || event.id > newest)) newest = event.id;
      // Redis is away: the store logged it once, owes the move, and skips the cache meanwhile.
      if (newest !== undefined) await Promise.resolve(this.store.advance(newest)).catch(() => {});
      return;
    }
    await this.feed.catchUp();
    await this.pending;
  }

  private enqueue(eventId: bigint) {
    this.pending = this.pending
      .then(() => this.store.advance(eventId))
      // Redis is away: the store logged it once, skips the cache meanwhile, and moves the
      // generation past this change when Redis is back.
      .catch(() => {});
  }
}
