import type { PrismaClient } from './db/client.js';
import type { Viewer } from './auth/viewer.js';
import type { EventFeed } from './events/feed.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { LiveSessions } from './auth/sessions.js';
import type { LiveChannel } from './events/live.js';
import type { ReferenceData } from './cache/reference-data.js';
import type { RecordedEvents } from './events/log.js';
import type { Mailer } from './mail.js';
import type { OperationsFigures } from './observability/metrics.js';
import type { PresenceBoard } from './presence.js';

/** What every resolver gets, on HTTP and WebSocket alike. */
export interface Context {
  prisma: PrismaClient;
  viewer: Viewer;
  /** Signs session tokens (login). */
  jwtSecret: Uint8Array;
  cache: RequestCache;
  /** The policy, sections and scopes, held in memory and refreshed by the event stream. */
  reference: ReferenceData;
  /** This instance's tail of the event log, for subscriptions. */
  feed: EventFeed;
  /** Whether this instance serves the seeded demo marketplace. */
  demoMode: boolean;
  /** The caller's IP address (the socket's peer), on HTTP and WebSocket alike; '' when unknown. */
  clientAddress: string;
  /** Counts log-in attempts per account and per address. */
  loginThrottle: LoginThrottle;
  /** This instance's open WebSockets per session, closed when their session ends. */
  liveSessions: LiveSessions;
  /** A graphql-ws subscription's socket and operation, for live delivery once per audience. */
  live?: LiveChannel;
  /** Webhook settings the mutations apply, and a nudge for the dispatcher (a redelivery is due now). */
  /** Partners' endpoints: webhooks, and a module's configuration URL at a simple connection. */
  webhooks: { allowPrivate: boolean; timeoutMs: number; poke(): void };
  /** The request's `Idempotency-Key` header: creating mutations return their first result on a retry. */
  idempotencyKey?: string | undefined;
  /** The events this request's transactions appended: the response cache invalidates from them. */
  recordedEvents: RecordedEvents;
  /** E-mail (team invitations) and the dashboard's address for the links in it. */
  mail: MailContext;
  /** This instance's operating figures (the operations page), from the same sources as `/metrics`. */
  operations: { figures(): Promise<OperationsFigures> };
  /** Who has which version's review open (staff presence), on this instance or across them with Redis. */
  presence: PresenceBoard;
}

/** What mutations that send e-mail need. */
export interface MailContext {
  mailer: Mailer;
  /** The dashboard's base URL as people reach it (`VETLINE_PUBLIC_URL`, or the server's own), no trailing slash. */
  publicUrl(): string;
}

/** Per-request memo of facts that several resolvers need. */
export interface RequestCache {
  /** App ids already known to be visible to the viewer (e.g. listed by the catalog). */
  visibleApps: Set<string>;
  /** appId → the app's partnerId, for authorizing versions without loading their app again. */
  appPartner: Map<string, Promise<string | null>>;
}
