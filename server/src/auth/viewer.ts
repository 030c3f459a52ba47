import { queryRows, type PrismaClient } from '../db/client.js';
import { Prisma, type MemberRole, type StaffRole } from '../generated/prisma/client.js';
import type { ApiKeyCache, KeyViewer } from '../cache/api-keys.js';
import { hashApiKey } from './api-keys.js';
import { isSessionLive } from './sessions.js';
import { verifySessionToken } from './tokens.js';

/** Who is asking: resolved once per request or WebSocket connection. */
export type Viewer =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      id: string;
      /** The session the token names: logout ends this one. */
      sessionId: string;
      staffRole: StaffRole | null;
      /** partnerId → role, for partner members. */
      memberships: Map<string, MemberRole>;
      /** The account the user administers (a customer), read with the session; null for everyone else. */
      account: AdministeredAccount | null;
    }
  | { kind: 'catalogKey'; keyId: string }
  | {
      kind: 'accountKey';
      keyId: string;
      accountId: string;
      /** What decides what the account may install: read with the key, in the same statement. */
      account: { country: string; apiVersion: number };
    }
  | {
      /** A key the account created for a partner's module: it verifies itself and registers its module. */
      kind: 'moduleKey';
      keyId: string;
      accountId: string;
      account: { country: string; apiVersion: number };
      /** The permissions the key carries (never one the platform does not know). */
      scopes: string[];
    };

/** An account as its administrator acts for it: what decides what it may install. */
export interface AdministeredAccount {
  id: string;
  country: string;
  apiVersion: number;
}

export const anonymous: Viewer = { kind: 'anonymous' };

/**
 * The account the viewer administers: the account of an administrator key, or the account of a
 * signed-in administrator. Both may do the same, for that account only; null for anyone else.
 */
export function administeredAccount(viewer: Viewer): AdministeredAccount | null {
  if (viewer.kind === 'accountKey') return { id: viewer.accountId, ...viewer.account };
  if (viewer.kind === 'user') return viewer.account;
  return null;
}

/** Whether the viewer administers the account (with its key, or signed in as its administrator). */
export const administers = (viewer: Viewer, accountId: string | null) =>
  accountId !== null && administeredAccount(viewer)?.id === accountId;

/** Credentials as they arrive: `Authorization: Bearer …` and/or `X-Api-Key: …`. */
export interface Credentials {
  bearer?: string | undefined;
  apiKey?: string | undefined;
}

/** Why credentials were refused, so HTTP can answer 401 and WebSocket can close with 4403. */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  constructor(readonly reason: 'expired' | 'invalid' | 'ended') {
    super(MESSAGES[reason]);
  }
}

const MESSAGES = {
  expired: 'The session token has expired; sign in again',
  invalid: 'The credentials are not valid',
  ended: 'The session has ended (signed out); sign in again',
} as const;

/** The `extensions.code` each refusal carries on HTTP (status 401). */
export const AUTHENTICATION_CODES = { expired: 'TOKEN_EXPIRED', invalid: 'UNAUTHENTICATED', ended: 'SESSION_ENDED' } as const;

/**
 * Resolves credentials into a viewer. No credentials give the anonymous viewer; bad ones throw,
 * so a client never silently falls back to less access than it asked for.
 */
export async function resolveViewer(
  prisma: PrismaClient,
  secret: Uint8Array,
  credentials: Credentials,
  /** Keys resolved recently; without it every key is read from the database. */
  apiKeys?: ApiKeyCache,
): Promise<Viewer> {
  if (credentials.bearer) {
    const check = await verifySessionToken(credentials.bearer, secret);
    if (!check.ok) throw new AuthenticationError(check.reason);
    const session = await loadSession(prisma, check.sessionId);
    if (!session || session.userId !== check.userId) throw new AuthenticationError('invalid');
    if (!isSessionLive(session)) throw new AuthenticationError('ended');
    return {
      kind: 'user',
      id: session.userId,
      sessionId: check.sessionId,
      staffRole: session.staffRole,
      memberships: new Map(session.memberships.map((m) => [m.partnerId, m.role])),
      account: session.accountId ? { id: session.accountId, country: session.accountCountry!, apiVersion: session.accountApiVersion! } : null,
    };
  }
  if (credentials.apiKey) {
    const hash = hashApiKey(credentials.apiKey);
    const viewer = apiKeys ? await apiKeys.resolve(hash, () => loadApiKey(prisma, hash)) : await loadApiKey(prisma, hash);
    if (!viewer) throw new AuthenticationError('invalid');
    return viewer;
  }
  return anonymous;
}

/** A session with what its token admits: the user's staff role and memberships. */
interface SessionRow {
  userId: string;
  endedAt: Date | null;
  expiresAt: Date;
  staffRole: StaffRole | null;
  disabledAt: Date | null;
  memberships: { partnerId: string; role: MemberRole }[];
  accountId: string | null;
  accountCountry: string | null;
  accountApiVersion: number | null;
}

/**
 * Every signed-in request reads its session (a logout or a disabled user is refused at once, on
 * every instance): one plain statement, the session, its user and their memberships.
 */
async function loadSession(prisma: PrismaClient, sessionId: string) {
  const [row] = await queryRows<SessionRow>(
    prisma,
    Prisma.sql`
    SELECT s."userId", s."endedAt", s."expiresAt", u."staffRole"::text AS "staffRole", u."disabledAt",
           COALESCE((SELECT json_agg(json_build_object('partnerId', m."partnerId", 'role', m."role"))
                     FROM "Membership" m WHERE m."userId" = u.id), '[]'::json) AS "memberships",
           a.id AS "accountId", a.country AS "accountCountry", a."apiVersion" AS "accountApiVersion"
    FROM "Session" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Account" a ON a.id = u."accountId"
    WHERE s.id = ${sessionId}`,
  );
  return row && { ...row, user: { disabledAt: row.disabledAt } };
}

/** The viewer an API key stands for; null when there is no such key or it was revoked. */
async function loadApiKey(prisma: PrismaClient, hash: string): Promise<KeyViewer | null> {
  const key = await prisma.apiKey.findUnique({
    where: { hash },
    select: { id: true, kind: true, scopes: true, revokedAt: true, accountId: true, account: { select: { country: true, apiVersion: true } } },
  });
  if (!key || key.revokedAt) return null;
  if (key.kind === 'MODULE') {
    // A module key without its account cannot happen (the column is set on creation); refuse it rather than guess.
    if (!key.accountId || !key.account) return null;
    return { kind: 'moduleKey', keyId: key.id, accountId: key.accountId, account: key.account, scopes: key.scopes };
  }
  if (key.kind === 'ACCOUNT' && key.accountId && key.account) {
    return { kind: 'accountKey', keyId: key.id, accountId: key.accountId, account: key.account };
  }
  return { kind: 'catalogKey', keyId: key.id };
}

/** Reads credentials from HTTP headers. */
export function credentialsFromHeaders(headers: Headers): Credentials {
  const authorization = headers.get('authorization');
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return { bearer, apiKey: headers.get('x-api-key') ?? undefined };
}

/** Reads credentials from graphql-ws `connectionParams`. */
export function credentialsFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): Credentials {
  const read = (key: string) => (typeof params?.[key] === 'string' ? (params[key] as string) : undefined);
  const authorization = read('authorization') ?? read('Authorization');
  return {
    bearer: authorization?.match(/^Bearer\s+(.+)$/i)?.[1] ?? read('token'),
    apiKey: read('apiKey') ?? read('x-api-key'),
  };
}

export const isStaff = (viewer: Viewer) => viewer.kind === 'user' && viewer.staffRole !== null;
export const isAdmin = (viewer: Viewer) => viewer.kind === 'user' && viewer.staffRole === 'ADMIN';
/** Whether the viewer is a member of the partner. */
export const isMemberOf = (viewer: Viewer, partnerId: string) =>
  viewer.kind === 'user' && viewer.memberships.has(partnerId);
