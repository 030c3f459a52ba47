import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import { policySelect } from '../domain/policy.js';
import type { Event, Scope, Section } from '../generated/prisma/client.js';
import type { EventFeed } from '../events/feed.js';

/** The marketplace policy as every request reads it. */
export interface Policy {
  requiredLocales: string[];
  consultationEnabled: boolean;
  currencies: string[];
  reviewTargetHours: number;
  /** Listing edits of a live app wait for staff approval (a listing round) instead of applying at once. */
  listingEditsNeedReview: boolean;
  /** Days an approved version may wait for its release before it expires. */
  approvalExpiryDays: number;
}

/**
 * Event types whose changes this cache mirrors: edits of the policy, the sections or the scopes
 * record `policy.*`, `section.*` or `scope.*` events, and every instance reloads on them.
 */
const MIRRORED = /^(policy|section|scope)\./;

/**
 * The small tables every request reads — the policy, the sections, the scopes — held in memory
 * on each instance: loaded at start, reloaded when the event stream says one of them changed.
 */
export class ReferenceData {
  private data: { policy: Policy; sections: Section[]; scopes: Scope[]; fingerprint: string } | undefined;
  private unlisten: (() => void) | undefined;
  private feed: EventFeed | undefined;
  /**
   * The reload under way (or the last one), so a reader can wait for the tables to be true.
   * Reloads run one after another, so an older read never replaces a newer one.
   */
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly prisma: PrismaClient) {}

  /** Loads the tables and follows the feed; call once the database is migrated and seeded. */
  async start(feed: EventFeed) {
    await this.reload();
    this.feed = feed;
    this.unlisten = feed.listen((event) => this.onEvent(event));
  }

  /**
   * Resolves once the tables reflect every event up to `eventId` (default: every event committed
   * before this call): reads the log if this instance's feed is behind, then waits for the reload
   * it started. The public response cache calls it before answering under a new generation, so a
   * section or policy changed on another instance is never cached stale; a mutation that changed
   * them calls it before answering, so its own next read is fresh.
   */
  async through(eventId?: bigint): Promise<void> {
    if (this.feed && (eventId === undefined || this.feed.cursor < eventId)) await this.feed.catchUp();
    // A failed reload leaves the last good tables; the next event retries.
    await this.reloading.catch(() => {});
  }

  stop() {
    this.unlisten?.();
  }

  /** The refresh hook: an event about a mirrored table reloads them all (they are a few rows). */
  onEvent(event: Pick<Event, 'type'>): Promise<void> | undefined {
    if (!MIRRORED.test(event.type)) return undefined;
    return this.reload().catch(() => {});
  }

  /** Reads the three tables in one round of statements and swaps them in at once, after any reload under way. */
  reload(): Promise<void> {
    this.reloading = this.reloading.catch(() => {}).then(async () => {
      const [policy, sections, scopes] = await Promise.all([
        this.prisma.policy.findUniqueOrThrow({ where: { id: 1 }, select: policySelect }),
        this.prisma.section.findMany({ orderBy: { position: 'asc' } }),
        this.prisma.scope.findMany({ orderBy: { key: 'asc' } }),
      ]);
      const fingerprint = createHash('sha256').update(JSON.stringify({ policy, sections, scopes })).digest('base64url').slice(0, 16);
      this.data = { policy, sections, scopes, fingerprint };
    });
    return this.reloading;
  }

  /**
   * A digest of what is loaded. The public response cache keys on it: an instance that has not
   * reloaded yet after a policy or section change (its feed is a moment behind) neither reads
   * answers made with the new tables nor leaves answers made with the old ones where an instance
   * that has reloaded would read them.
   */
  get fingerprint(): string {
    return this.loaded.fingerprint;
  }

  private get loaded() {
    if (!this.data) throw new Error('ReferenceData read before start()');
    return this.data;
  }

  get policy(): Policy {
    return this.loaded.policy;
  }

  /** Every section, archived ones included, in display order. */
  get sections(): readonly Section[] {
    return this.loaded.sections;
  }

  /** The catalogue of API accesses, by key. */
  get scopes(): readonly Scope[] {
    return this.loaded.scopes;
  }
}
