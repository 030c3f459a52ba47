import { administeredAccount, type Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import type { EventPayloads } from '../events/types.js';
import { NotFoundError, refusalError, ValidationError } from './errors.js';
import type { Reason } from './lifecycle.js';
import { availableWhere } from './states.js';
import { Problems } from './validation.js';
import type { Deps } from './versions.js';

/** Why an account may not connect an app now; empty when it may. */
export function connectRefusals(
  account: { country: string; apiVersion: number },
  app: { countries: string[]; available: boolean; live: { minApiVersion: number; scopes: string[] } | null },
  grantedScopes: string[],
): Reason[] {
  if (!app.available || !app.live) return [{ code: 'WRONG_STATUS', message: 'The app is not available' }];
  const reasons: Reason[] = [];
  if (account.apiVersion < app.live.minApiVersion) {
    reasons.push({
      code: 'API_VERSION_TOO_OLD',
      message: `The app needs platform API ${app.live.minApiVersion}; the account is on ${account.apiVersion}`,
    });
  }
  if (!app.countries.includes(account.country)) {
    reasons.push({ code: 'COUNTRY_NOT_SERVED', message: `The app is not offered in ${account.country}` });
  }
  const missing = app.live.scopes.filter((scope) => !grantedScopes.includes(scope));
  if (missing.length) {
    reasons.push({ code: 'SCOPES_NOT_GRANTED', message: `Grant the scopes the app requests: ${missing.join(', ')}` });
  }
  return reasons;
}

/**
 * One problem per permission that may not be granted: one the platform does not know, or one the
 * live version does not declare. A permission is never issued beyond what the module declared.
 */
export function undeclaredScopeProblems(
  field: string,
  scopes: string[],
  declared: readonly string[],
  known: ReadonlySet<string>,
): { field: string; message: string }[] {
  return scopes.flatMap((scope, i) => {
    if (!known.has(scope)) return [{ field: `${field}.${i}`, message: `${scope} is not a permission the platform knows` }];
    if (!declared.includes(scope)) return [{ field: `${field}.${i}`, message: `${scope} is not requested by the app's live version` }];
    return [];
  });
}

/**
 * What an installation holds once a version goes live: the grants narrowed to what the version
 * declares, and the rest of what it declares awaiting the account's consent.
 */
export function reconcileGrants(granted: readonly string[], declared: readonly string[]) {
  const grantedScopes = granted.filter((scope) => declared.includes(scope)).sort();
  const pendingScopes = declared.filter((scope) => !grantedScopes.includes(scope)).sort();
  return { grantedScopes, pendingScopes };
}

/** The account the viewer administers (its key, or its signed-in administrator); anyone else is refused. */
export function accountOf(viewer: Viewer) {
  const account = administeredAccount(viewer);
  if (!account) throw refusalError([{ code: 'FORBIDDEN', message: "Only an account's administrator may connect apps" }]);
  return account.id;
}

/** Who made a change, for its event: the signed-in person (an account's administrator, say); null for an API key. */
export const actorOf = (viewer: Viewer) => (viewer.kind === 'user' ? viewer.id : null);

/** Every permission the platform knows. */
export async function knownScopes(tx: Tx): Promise<Set<string>> {
  return new Set((await tx.scope.findMany({ select: { key: true } })).map((scope) => scope.key));
}

/** An account connects (installs) an available app, granting exactly the scopes its live version requests. */
export async function connectApp(deps: Deps, code: string, grantedScopes: string[]) {
  const accountId = accountOf(deps.viewer);
  const idempotence = { operation: 'connectApp', load: (tx: Tx, id: string) => tx.installation.findUniqueOrThrow({ where: { id } }) };
  return transaction(deps, idempotence, (tx) => installApp(tx, accountId, code, grantedScopes, 'grantedScopes', null, actorOf(deps.viewer)));
}

/**
 * Creates the account's installation of an app in `tx`, granting `grantedScopes`, after every rule
 * of connecting: the app exists and is available, each permission is known and declared by the
 * live version (problems under `field`), the account's API version and country fit, the grants
 * cover what the live version requests, and the app is not connected yet. Throws before writing.
 */
export async function installApp(
  tx: Tx,
  accountId: string,
  code: string,
  grantedScopes: string[],
  field: string,
  apiKeyId: string | null = null,
  actorId: string | null = null,
) {
  const app = await tx.app.findFirst({
    where: { code, deletedAt: null },
    include: { versions: { where: { status: 'LIVE' }, include: { scopes: true } } },
  });
  if (!app) throw new NotFoundError(`No app with code ${code}`);
  await tx.$executeRaw`SELECT 1 FROM "App" WHERE id = ${app.id} FOR UPDATE`;
  const available = (await tx.app.count({ where: { id: app.id, ...availableWhere } })) > 0;
  if (!available) throw new NotFoundError(`No app with code ${code}`);
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
  const live = app.versions[0]!;
  const declared = live.scopes.map((s) => s.scopeKey);
  const problems = undeclaredScopeProblems(field, grantedScopes, declared, await knownScopes(tx));
  if (problems.length) throw new ValidationError(problems);
  const reasons = connectRefusals(account, { countries: app.countries, available, live: { minApiVersion: live.minApiVersion, scopes: declared } }, grantedScopes);
  if (reasons.length) throw refusalError(reasons);
  const existing = await tx.installation.findFirst({ where: { appId: app.id, accountId, disconnectedAt: null } });
  if (existing) throw new ValidationError([{ field: 'code', message: 'The app is already connected to this account' }]);
  const installation = await tx.installation.create({
    data: { appId: app.id, accountId, versionId: live.id, grantedScopes: [...new Set(grantedScopes)].sort(), pendingScopes: [], apiKeyId },
  });
  await recordEvent(tx, {
    type: 'installation.connected',
    appId: app.id,
    versionId: live.id,
    partnerId: app.partnerId,
    actorId,
    payload: { installationId: installation.id, accountId, grantedScopes: installation.grantedScopes },
  });
  return installation;
}

/** Locks the account's active installation of an app (a concurrent change waits, then re-reads it). */
async function lockActiveInstallation(tx: Tx, accountId: string, code: string) {
  // Postgres re-checks the WHERE on the locked row: a concurrent disconnect makes this find nothing.
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT i.id FROM "Installation" i JOIN "App" a ON a.id = i."appId"
    WHERE i."accountId" = ${accountId} AND i."disconnectedAt" IS NULL AND a.code = ${code}
    FOR UPDATE OF i`;
  const installation = await tx.installation.findFirst({
    where: { id: locked?.id ?? '', disconnectedAt: null },
    include: { app: { select: { partnerId: true } } },
  });
  if (!installation) throw new NotFoundError(`The app ${code} is not connected to this account`);
  return installation;
}

/** An account disconnects an app it has installed; the module's key the installation was made with is revoked. */
export async function disconnectApp(deps: Deps, code: string) {
  const accountId = accountOf(deps.viewer);
  return transaction(deps, undefined, async (tx) => {
    const installation = await lockActiveInstallation(tx, accountId, code);
    const updated = await tx.installation.update({ where: { id: installation.id }, data: { disconnectedAt: new Date() } });
    if (installation.apiKeyId) {
      const revoked = await tx.apiKey.updateMany({ where: { id: installation.apiKeyId, revokedAt: null }, data: { revokedAt: new Date() } });
      if (revoked.count) {
        const key = await tx.apiKey.findUniqueOrThrow({ where: { id: installation.apiKeyId } });
        // Recorded like a revocation by hand: committing it drops every instance's cached key.
        await recordEvent(tx, { type: 'account.api_key_revoked', partnerId: null, actorId: actorOf(deps.viewer), payload: { accountId, keyId: key.id, name: key.name } });
      }
    }
    await recordEvent(tx, {
      type: 'installation.disconnected',
      appId: installation.appId,
      versionId: installation.versionId,
      partnerId: installation.app.partnerId,
      actorId: actorOf(deps.viewer),
      payload: { installationId: installation.id, accountId },
    });
    return updated;
  });
}

/**
 * An account consents to permissions a new live version added: each must be awaiting its consent.
 * The installation needs no more consent once nothing is pending.
 */
export async function grantInstallationScopes(deps: Deps, code: string, scopes: string[]) {
  const accountId = accountOf(deps.viewer);
  return transaction(deps, undefined, async (tx) => {
    const installation = await lockActiveInstallation(tx, accountId, code);
    const problems = new Problems();
    problems.check(scopes.length > 0, 'scopes', 'name at least one permission to grant');
    const known = await knownScopes(tx);
    for (const [i, scope] of scopes.entries()) {
      if (installation.pendingScopes.includes(scope)) continue;
      if (!known.has(scope)) problems.add(`scopes.${i}`, `${scope} is not a permission the platform knows`);
      else if (installation.grantedScopes.includes(scope)) problems.add(`scopes.${i}`, `${scope} is already granted`);
      else problems.add(`scopes.${i}`, `${scope} is not requested by the app's live version`);
    }
    problems.throwIfAny();
    const grantedScopes = [...new Set([...installation.grantedScopes, ...scopes])].sort();
    const pendingScopes = installation.pendingScopes.filter((scope) => !scopes.includes(scope));
    const updated = await tx.installation.update({ where: { id: installation.id }, data: { grantedScopes, pendingScopes } });
    await recordEvent(tx, {
      type: 'installation.permissions_changed',
      appId: installation.appId,
      versionId: installation.versionId,
      partnerId: installation.app.partnerId,
      actorId: actorOf(deps.viewer),
      payload: permissionsChange(installation, updated, 'CONSENT_GRANTED'),
    });
    return updated;
  });
}

type Grants = { id: string; accountId: string; grantedScopes: string[]; pendingScopes: string[] };

function permissionsChange(
  before: Grants,
  after: Pick<Grants, 'grantedScopes' | 'pendingScopes'>,
  cause: EventPayloads['installation.permissions_changed']['cause'],
): EventPayloads['installation.permissions_changed'] {
  return {
    installationId: before.id,
    accountId: before.accountId,
    cause,
    grantedScopes: { old: before.grantedScopes, new: after.grantedScopes },
    pendingScopes: { old: before.pendingScopes, new: after.pendingScopes },
  };
}

/**
 * Brings every active installation of an app in line with the version that just went live, in the
 * release's transaction: permissions it no longer declares are withdrawn at once; permissions it
 * adds await each account's consent while the old ones keep working. One event per change.
 */
export async function reconcileInstallations(
  tx: Tx,
  version: { id: string; appId: string; app: { partnerId: string } },
  actorId: string | null,
) {
  const declared = (await tx.requestedScope.findMany({ where: { versionId: version.id }, select: { scopeKey: true } })).map((s) => s.scopeKey);
  // Locked in one statement, so a concurrent disconnect or consent waits for the release.
  const active = await tx.$queryRaw<Grants[]>`
    SELECT id, "accountId", "grantedScopes", COALESCE("pendingScopes", '{}') AS "pendingScopes" FROM "Installation"
    WHERE "appId" = ${version.appId} AND "disconnectedAt" IS NULL ORDER BY id FOR UPDATE`;
  for (const installation of active) {
    const next = reconcileGrants(installation.grantedScopes ?? [], declared);
    await tx.installation.update({ where: { id: installation.id }, data: { versionId: version.id, ...next } });
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((scope, i) => scope === b[i]);
    if (same(next.grantedScopes, [...installation.grantedScopes].sort()) && same(next.pendingScopes, [...installation.pendingScopes].sort())) continue;
    await recordEvent(tx, {
      type: 'installation.permissions_changed',
      appId: version.appId,
      versionId: version.id,
      partnerId: version.app.partnerId,
      actorId,
      payload: permissionsChange(installation, next, 'VERSION_RELEASED'),
    });
  }
}
