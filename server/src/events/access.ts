import { queryRows, type PrismaClient } from '../db/client.js';
import { batchWithin } from '../db/batch.js';
import type { AdministeredAccount } from '../auth/viewer.js';
import { Prisma, type MemberRole, type StaffRole } from '../generated/prisma/client.js';

/** What decides whether a user may still read a stream: staff role and partner memberships. */
export interface UserAccess {
  /** The user the session belongs to. */
  userId: string;
  staffRole: StaffRole | null;
  /** partnerId → role. */
  memberships: Map<string, MemberRole>;
  /** The account the user administers, if any. */
  account: AdministeredAccount | null;
}

/**
 * The current access behind many sessions in one statement: live delivery re-reads it once per
 * page of events for the sessions subscribed to that page's streams, never once per subscriber.
 * Team changes (`partner.member_*` events, domain/teams.ts) commit before the events that follow
 * them, so this read, taken after the page was read, is what makes a removal or a role change apply
 * at the very next event on every instance, whichever one made it. A session missing from the
 * result has ended, expired, or its user is disabled or gone.
 */
export async function loadAccess(prisma: PrismaClient, sessionIds: Iterable<string>): Promise<Map<string, UserAccess>> {
  const ids = [...new Set(sessionIds)];
  const access = new Map<string, UserAccess>();
  if (ids.length === 0) return access;
  // Straight to Prisma's pool (same statement names and hooks): its raw-query handling cost more than the read.
  const rows = await queryRows<{ sessionId: string; userId: string; staffRole: StaffRole | null; partnerId: string | null; role: MemberRole | null; accountId: string | null; country: string | null; apiVersion: number | null }>(
    prisma,
    Prisma.sql`
    SELECT s.id AS "sessionId", u.id AS "userId", u."staffRole"::text AS "staffRole", m."partnerId", m.role::text AS role,
           a.id AS "accountId", a.country, a."apiVersion"
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Membership" m ON m."userId" = u.id
    LEFT JOIN "Account" a ON a.id = u."accountId"
    WHERE s.id = ANY(${ids}::text[]) AND s."endedAt" IS NULL AND s."expiresAt" > now() AND u."disabledAt" IS NULL`,
  );
  for (const row of rows) {
    let user = access.get(row.sessionId);
    if (!user) {
      const account = row.accountId ? { id: row.accountId, country: row.country!, apiVersion: row.apiVersion! } : null;
      access.set(row.sessionId, (user = { userId: row.userId, staffRole: row.staffRole, memberships: new Map(), account }));
    }
    if (row.partnerId && row.role) user.memberships.set(row.partnerId, row.role);
  }
  return access;
}

/** How long a session's access read waits for others to share its statement (see `batchWithin`). */
const SHARED_WINDOW_MS = 10;
const sharedReaders = new WeakMap<PrismaClient, (sessionId: string) => Promise<UserAccess | undefined>>();

/**
 * One session's access, read in one statement with every other read through the same client within
 * a few milliseconds: graphql-ws connections (their confirmation and each operation's read) and the
 * short catch-ups of a reconnect storm share it. Nothing is cached: each batch reads afresh.
 */
export function sharedAccess(prisma: PrismaClient): (sessionId: string) => Promise<UserAccess | undefined> {
  let read = sharedReaders.get(prisma);
  if (!read) sharedReaders.set(prisma, (read = batchWithin(SHARED_WINDOW_MS, (sessionIds: string[]) => loadAccess(prisma, sessionIds))));
  return read;
}

/** Who may keep reading a stream: staff only, or staff and the members of one partner. */
export type StreamAudience = { staffOnly: true } | { staffOnly: false; partnerId: string };

/** Whether a user with `access` may read a stream meant for `audience`. */
export function mayRead(access: UserAccess | undefined, audience: StreamAudience): boolean {
  if (!access) return false;
  if (access.staffRole) return true;
  return !audience.staffOnly && access.memberships.has(audience.partnerId);
}
