import { administeredAccount as accountOfViewer, type Viewer } from '../auth/viewer.js';
import { hashApiKey, newApiKeySecret } from '../auth/api-keys.js';
import type { Tx } from '../db/client.js';
import { transaction } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import { NotFoundError, refusalError, ValidationError } from './errors.js';
import { installApp, knownScopes } from './installations.js';
import { TEXT_LIMITS } from './listing.js';
import { Problems } from './validation.js';
import type { Deps } from './versions.js';

/** The longest name an account gives a key: a name like any other. */
export const API_KEY_NAME_MAX = TEXT_LIMITS.name;

/** The account the viewer administers (its key, or its signed-in administrator); anyone else is refused. */
function administeredAccount(viewer: Viewer): string {
  const account = accountOfViewer(viewer);
  if (!account) throw refusalError([{ code: 'FORBIDDEN', message: "Only an account's administrator manages its keys" }]);
  return account.id;
}

/** The person behind a change, when a signed-in administrator made it (a key has no person). */
const actorOf = (viewer: Viewer) => (viewer.kind === 'user' ? viewer.id : null);

/** The module key the viewer holds; anyone else is refused. */
export function moduleKeyOf(viewer: Viewer): Extract<Viewer, { kind: 'moduleKey' }> {
  if (viewer.kind === 'moduleKey') return viewer;
  const message =
    viewer.kind === 'accountKey' || accountOfViewer(viewer)
      ? "This is the account's administrator key: create a key for the module in the account area and give it that one"
      : 'Only a module, with a key the account created for it (X-API-KEY), may do this';
  throw refusalError([{ code: 'FORBIDDEN', message }]);
}

/**
 * The platform API versions an account supports: every version up to the one it is on. A module
 * checks that its minimum is among them.
 */
export function supportedApiVersions(account: { apiVersion: number }): number[] {
  return Array.from({ length: Math.max(0, account.apiVersion) }, (_, i) => i + 1);
}

/**
 * The account (with its administrator key) creates a key for a module, carrying `scopes` (each
 * one the platform knows). The secret is returned here once; only its hash is stored.
 */
export async function createApiKey(deps: Deps, name: string, scopes: string[]) {
  const accountId = administeredAccount(deps.viewer);
  return transaction(deps, undefined, async (tx) => {
    const trimmed = name.trim();
    const problems = new Problems();
    problems.check(trimmed.length > 0, 'name', 'is required');
    problems.check(trimmed.length <= API_KEY_NAME_MAX, 'name', `is longer than ${API_KEY_NAME_MAX} characters`);
    problems.check(scopes.length > 0, 'scopes', 'name at least one permission');
    const known = await knownScopes(tx);
    for (const [i, scope] of scopes.entries()) {
      if (!known.has(scope)) problems.add(`scopes.${i}`, `${scope} is not a permission the platform knows`);
    }
    problems.throwIfAny();
    const secret = newApiKeySecret('module');
    const key = await tx.apiKey.create({
      data: { kind: 'MODULE', name: trimmed, hash: hashApiKey(secret), accountId, scopes: [...new Set(scopes)].sort() },
    });
    await recordEvent(tx, {
      type: 'account.api_key_created',
      partnerId: null,
      actorId: actorOf(deps.viewer),
      payload: { accountId, keyId: key.id, name: key.name, scopes: key.scopes },
    });
    return { id: key.id, key, secret };
  });
}

/**
 * The account revokes a key it created for a module. The event it records moves the response
 * cache's generation, so every instance refuses the key from the next request on.
 */
export async function revokeApiKey(deps: Deps, keyId: string) {
  const accountId = administeredAccount(deps.viewer);
  return transaction(deps, undefined, async (tx) => {
    // Locked: a concurrent registration with this key waits, then sees it revoked.
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "ApiKey" WHERE id = ${keyId} AND "accountId" = ${accountId} AND kind = 'MODULE' FOR UPDATE`;
    if (!locked) throw new NotFoundError('No such API key');
    const key = await tx.apiKey.findUniqueOrThrow({ where: { id: locked.id } });
    if (key.revokedAt) throw new ValidationError([{ field: 'id', message: 'The key is already revoked' }]);
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await recordEvent(tx, {
      type: 'account.api_key_revoked',
      partnerId: null,
      actorId: actorOf(deps.viewer),
      payload: { accountId, keyId: key.id, name: key.name },
    });
    return revoked;
  });
}

/** The key's row, locked, as the database holds it now (not as a cache remembers it). */
async function lockLiveKey(tx: Tx, keyId: string) {
  await tx.$executeRaw`SELECT 1 FROM "ApiKey" WHERE id = ${keyId} FOR UPDATE`;
  const key = await tx.apiKey.findUnique({ where: { id: keyId } });
  // Revoked between the request's authentication and here: as refused as an unknown key.
  if (!key || key.revokedAt) throw refusalError([{ code: 'FORBIDDEN', message: 'The API key has been revoked' }]);
  return key;
}

/**
 * A module registers itself in an account under its integration code, with a key that account
 * created for it: the installation is created granting exactly the key's permissions, under every
 * rule of connecting (see `installApp`). Refused, with nothing created, when the key belongs to
 * another account, the code is unknown or the app not available to the account, or the key
 * carries a permission the live version does not declare.
 */
export async function registerModule(deps: Deps, account: string, code: string) {
  const viewer = moduleKeyOf(deps.viewer);
  if (account.trim() !== viewer.accountId) {
    throw refusalError([{ code: 'FORBIDDEN', message: `The API key does not belong to the account ${account.trim() || '(empty)'}` }]);
  }
  const idempotence = { operation: 'registerModule', load: (tx: Tx, id: string) => tx.installation.findUniqueOrThrow({ where: { id } }) };
  return transaction(deps, idempotence, async (tx) => {
    const key = await lockLiveKey(tx, viewer.keyId);
    return installApp(tx, viewer.accountId, code, key.scopes, 'key.scopes', key.id);
  });
}
