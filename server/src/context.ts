import type { PrismaClient } from './db/client.js';
import type { Viewer } from './auth/viewer.js';
import type { EventFeed } from './events/feed.js';

/** What every resolver gets, on HTTP and WebSocket alike. */
export interface Context {
  prisma: PrismaClient;
  viewer: Viewer;
  /** Signs session tokens (login). */
  jwtSecret: Uint8Array;
  cache: RequestCache;
  /** This instance's tail of the event log, for subscriptions. */
  feed: EventFeed;
  /** Whether this instance serves the seeded demo marketplace. */
  demoMode: boolean;
  /** The request's `Idempotency-Key` header: creating mutations return their first result on a retry. */
  idempotencyKey?: string | undefined;
}

/** Per-request memo of facts that several resolvers need. */
export interface RequestCache {
  /** App ids already known to be visible to the viewer (e.g. listed by the catalog). */
  visibleApps: Set<string>;
  /** appId → the app's partnerId, for authorizing versions without loading their app again. */
  appPartner: Map<string, Promise<string | null>>;
  policy?: Promise<{ requiredLocales: string[]; consultationEnabled: boolean; currencies: string[] }>;
}
