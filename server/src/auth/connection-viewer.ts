import type { PrismaClient } from '../db/client.js';
import { sharedAccess, type UserAccess } from '../events/access.js';
import { verifySessionToken } from './tokens.js';
import { AuthenticationError, resolveViewer, type Credentials, type Viewer } from './viewer.js';

/**
 * Who a connection's credentials name: a session token's user and session (its access is read per
 * operation), or the whole viewer of the other credentials.
 */
export type ConnectionViewer = Exclude<Viewer, { kind: 'user' }> | { kind: 'user'; id: string; sessionId: string };

/**
 * The viewers of graphql-ws connections. A connection's token is verified (signature, expiry) before
 * it is acknowledged; its session is confirmed right after, in the background, and each operation
 * re-reads the session's access (ended, expired, user disabled; staff role and memberships as they
 * are now) before it runs. Those reads share one statement per session with every connection that
 * opens or operates within the same few milliseconds, so a connection's confirmation and its first
 * operation usually cost one read, and a reconnect storm a few statements per turn.
 *
 * So a client does not wait a database round trip for its acknowledgement: it can send its
 * operations at once, and none of them runs before its own read of the session. A token whose
 * session has ended is acknowledged and then closed with 4403 as soon as the read says so: what it
 * gets in between is the acknowledgement, nothing else. An ended session or a disabled user still
 * ends the connection's access at its next operation, as when every operation resolved the viewer anew.
 */
export class ConnectionViewers {
  readonly #connections = new WeakMap<object, { credentials: Credentials; viewer: ConnectionViewer; tokenExpiresAt: number }>();
  readonly #access: (sessionId: string) => Promise<UserAccess | undefined>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly secret: Uint8Array,
  ) {
    this.#access = sharedAccess(prisma);
  }

  /**
   * Verifies a connection's credentials and keeps who they name. A session token's session is
   * confirmed after this returns: `confirmed` settles once it is read, and rejects (with an
   * AuthenticationError when the session no longer admits the token) when it does not hold.
   * @throws AuthenticationError when the credentials are refused now (the socket closes with 4403).
   */
  async open(connection: object, credentials: Credentials): Promise<{ viewer: ConnectionViewer; confirmed: Promise<void> }> {
    if (!credentials.bearer) {
      const viewer = await resolveViewer(this.prisma, this.secret, credentials);
      this.#connections.set(connection, { credentials, viewer, tokenExpiresAt: Infinity });
      return { viewer, confirmed: Promise.resolve() };
    }
    const check = await verifySessionToken(credentials.bearer, this.secret);
    if (!check.ok) throw new AuthenticationError(check.reason);
    const viewer = { kind: 'user' as const, id: check.userId, sessionId: check.sessionId };
    this.#connections.set(connection, { credentials, viewer, tokenExpiresAt: check.expiresAt });
    const confirmed = this.#access(check.sessionId).then((access) => {
      if (!access || access.userId !== check.userId) return this.#refused(credentials);
    });
    return { viewer, confirmed };
  }

  /** The user a connection was opened by, if any. */
  userOf(connection: object): string | undefined {
    const viewer = this.#connections.get(connection)?.viewer;
    return viewer?.kind === 'user' ? viewer.id : undefined;
  }

  /**
   * The connection's viewer for one operation, with its access read now.
   * @throws AuthenticationError when the session has ended or expired, or its user was disabled.
   */
  async current(connection: object): Promise<Viewer> {
    const entry = this.#connections.get(connection);
    // graphql-ws runs no operation before `onConnect` accepted the connection.
    if (!entry) throw new AuthenticationError('invalid');
    const { viewer, credentials, tokenExpiresAt } = entry;
    // The token's own end, as verifying it again would find it.
    if (Date.now() >= tokenExpiresAt) throw new AuthenticationError('expired');
    if (viewer.kind === 'anonymous') return viewer;
    // API keys are rare on sockets: their revocation is read with the key, as on HTTP.
    if (viewer.kind !== 'user') return resolveViewer(this.prisma, this.secret, credentials);
    const access = await this.#access(viewer.sessionId);
    if (!access || access.userId !== viewer.id) return this.#refused(credentials);
    return { ...viewer, staffRole: access.staffRole, memberships: access.memberships, account: access.account };
  }

  /** Credentials the batch found no live session for: the full check says why, with HTTP's code. */
  async #refused(credentials: Credentials): Promise<never> {
    await resolveViewer(this.prisma, this.secret, credentials);
    // An ended session never comes back: refuse all the same.
    throw new AuthenticationError('ended');
  }
}
