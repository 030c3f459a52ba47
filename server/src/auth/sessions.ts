import type { PrismaClient } from '../db/client.js';
import { TOKEN_TTL_SECONDS } from './tokens.js';

/** What decides whether a session still admits its token. */
export interface SessionState {
  endedAt: Date | null;
  expiresAt: Date;
  user: { disabledAt: Date | null };
}

/** A session admits its token until it is ended, expires, or its user is disabled. */
export function isSessionLive(session: SessionState, now = new Date()): boolean {
  return session.endedAt === null && session.expiresAt > now && session.user.disabledAt === null;
}

/** Opens a session for a user who just proved who they are; its id becomes the token's `jti`. */
export async function startSession(prisma: PrismaClient, userId: string, now = new Date()) {
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000);
  const [, session] = await prisma.$transaction([
    // Expired sessions admit nothing any more (their tokens expired with them): drop them here.
    prisma.session.deleteMany({ where: { userId, expiresAt: { lt: now } } }),
    prisma.session.create({ data: { userId, expiresAt }, select: { id: true, userId: true, expiresAt: true } }),
  ]);
  return session;
}

/** Ends one session: its token is refused from now on, on every instance. */
export async function endSession(prisma: PrismaClient, sessionId: string, now = new Date()): Promise<void> {
  await prisma.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: now } });
}

/** Ends every open session of a user ("sign out everywhere"); returns how many were open. */
export async function endUserSessions(prisma: PrismaClient, userId: string, now = new Date()): Promise<number> {
  const { count } = await prisma.session.updateMany({
    where: { userId, endedAt: null, expiresAt: { gt: now } },
    data: { endedAt: now },
  });
  return count;
}

/** Disables a user: they cannot sign in any more, and every session they hold ends. */
export async function disableUser(prisma: PrismaClient, userId: string, now = new Date()): Promise<void> {
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { disabledAt: now } }),
    prisma.session.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } }),
  ]);
}

/**
 * This instance's open WebSockets per session, so that ending a session closes its sockets here at
 * once. Sockets on other instances close at their next event, when the stream re-reads the session.
 */
export class LiveSessions {
  readonly #bySession = new Map<string, { userId: string; closers: Set<() => void> }>();

  /** Registers a socket of a session; returns the function that forgets it (call it on close). */
  track(sessionId: string, userId: string, close: () => void): () => void {
    let entry = this.#bySession.get(sessionId);
    if (!entry) this.#bySession.set(sessionId, (entry = { userId, closers: new Set() }));
    const sockets = entry;
    sockets.closers.add(close);
    return () => {
      sockets.closers.delete(close);
      if (sockets.closers.size === 0 && this.#bySession.get(sessionId) === sockets) this.#bySession.delete(sessionId);
    };
  }

  /** Closes this instance's sockets of one session. */
  end(sessionId: string): void {
    const entry = this.#bySession.get(sessionId);
    this.#bySession.delete(sessionId);
    for (const close of entry?.closers ?? []) close();
  }

  /** Distinct users with an open socket on this instance (the metrics and the operations page). */
  users(): number {
    const users = new Set<string>();
    for (const entry of this.#bySession.values()) users.add(entry.userId);
    return users.size;
  }

  /** Closes this instance's sockets of every session of a user. */
  endUser(userId: string): void {
    for (const [sessionId, entry] of [...this.#bySession]) if (entry.userId === userId) this.end(sessionId);
  }
}
