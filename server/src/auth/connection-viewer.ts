import type { PrismaClient } from '../db/client.js';
import { batchWithin } from '../db/batch.js';
import { loadAccess, type UserAccess } from '../events/access.js';
import { verifySessionToken } from './tokens.js';
import { AuthenticationError, resolveViewer, type Credentials, type Viewer } from './viewer.js';

/**
 * The viewers of graphql-ws connections. A connection's credentials are verified once, when it
 * opens; each operation on it then re-reads only the session's access (ended, expired, user
 * disabled; staff role and memberships as they are now), in one statement shared by every
 * connection that opens or operates within the same few milliseconds. So an ended session or a
 * disabled user still ends the connection's access at its next operation, as when every operation
 * resolved the viewer anew, and a reconnect storm costs a few statements per turn instead of
 * three Prisma reads per subscription.
 */
/** How long an access read waits for others to share its statement (see `batchWithin`). */
const BATCH_WINDOW_MS = 10;

export class ConnectionViewers {
  readonly #connections = new WeakMap<object, { credentials: Credentials; viewer: Viewer; tokenExpiresAt: number }>();
  readonly #access: (sessionId: string) => Promise<UserAccess | undefined>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly secret: Uint8Array,
  ) {
    this.#access = batchWithin(BATCH_WINDOW_MS, (sessionIds: string[]) => loadAccess(prisma, sessionIds));
  }

  /**
   * Verifies a connection's credentials and keeps its viewer.
   * @throws AuthenticationError when they are refused (the socket closes with 4403).
   */
  async open(connection: object, credentials: Credentials): Promise<Viewer> {
    const { viewer, tokenExpiresAt } = await this.#resolve(credentials);
    this.#connections.set(connection, { credentials, viewer, tokenExpiresAt });
    return viewer;
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
    if (!access) return this.#refused(credentials);
    return { ...viewer, staffRole: access.staffRole, memberships: access.memberships, account: access.account };
  }

  async #resolve(credentials: Credentials): Promise<{ viewer: Viewer; tokenExpiresAt: number }> {
    if (!credentials.bearer) return { viewer: await resolveViewer(this.prisma, this.secret, credentials), tokenExpiresAt: Infinity };
    const check = await verifySessionToken(credentials.bearer, this.secret);
    if (!check.ok) throw new AuthenticationError(check.reason);
    const access = await this.#access(check.sessionId);
    if (!access || access.userId !== check.userId) return this.#refused(credentials);
    const { staffRole, memberships, account } = access;
    return { viewer: { kind: 'user', id: access.userId, sessionId: check.sessionId, staffRole, memberships, account }, tokenExpiresAt: check.expiresAt };
  }

  /** Credentials the batch found no live session for: the full check says why, with HTTP's code. */
  async #refused(credentials: Credentials): Promise<never> {
    await resolveViewer(this.prisma, this.secret, credentials);
    // An ended session never comes back: refuse all the same.
    throw new AuthenticationError('ended');
  }
}
