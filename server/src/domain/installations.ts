import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import { NotFoundError, refusalError, ValidationError } from './errors.js';
import type { Reason } from './lifecycle.js';
import { availableWhere } from './states.js';
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

function accountOf(viewer: Viewer) {
  if (viewer.kind !== 'accountKey') throw refusalError([{ code: 'FORBIDDEN', message: 'Only an account (with its API key) may connect apps' }]);
  return viewer.accountId;
}

/** An account connects (installs) an available app, granting the scopes its live version requests. */
export async function connectApp(deps: Deps, code: string, grantedScopes: string[]) {
  const accountId = accountOf(deps.viewer);
  const idempotence = { operation: 'connectApp', load: (tx: Tx, id: string) => tx.installation.findUniqueOrThrow({ where: { id } }) };
  return transaction(deps, idempotence, async (tx) => {
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
    const reasons = connectRefusals(
      account,
      { countries: app.countries, available, live: { minApiVersion: live.minApiVersion, scopes: live.scopes.map((s) => s.scopeKey) } },
      grantedScopes,
    );
    if (reasons.length) throw refusalError(reasons);
    const existing = await tx.installation.findFirst({ where: { appId: app.id, accountId, disconnectedAt: null } });
    if (existing) throw new ValidationError([{ field: 'code', message: 'The app is already connected to this account' }]);
    const installation = await tx.installation.create({
      data: { appId: app.id, accountId, versionId: live.id, grantedScopes: [...new Set(grantedScopes)].sort() },
    });
    await recordEvent(tx, {
      type: 'installation.connected',
      appId: app.id,
      versionId: live.id,
      partnerId: app.partnerId,
      actorId: null,
      payload: { installationId: installation.id, accountId, grantedScopes: installation.grantedScopes },
    });
    return installation;
  });
}

/** An account disconnects an app it has installed. */
export async function disconnectApp(deps: Deps, code: string) {
  const accountId = accountOf(deps.viewer);
  return transaction(deps, undefined, async (tx) => {
    // Locks the active installation: a concurrent disconnect waits, then finds it disconnected
    // (Postgres re-checks the WHERE on the locked row) and is refused instead of writing again.
    const [locked] = await tx.$queryRaw<{ id: string }[]>`
      SELECT i.id FROM "Installation" i JOIN "App" a ON a.id = i."appId"
      WHERE i."accountId" = ${accountId} AND i."disconnectedAt" IS NULL AND a.code = ${code}
      FOR UPDATE OF i`;
    const installation = await tx.installation.findFirst({
      where: { id: locked?.id ?? '', disconnectedAt: null },
      include: { app: { select: { partnerId: true } } },
    });
    if (!installation) throw new NotFoundError(`The app ${code} is not connected to this account`);
    const updated = await tx.installation.update({ where: { id: installation.id }, data: { disconnectedAt: new Date() } });
    await recordEvent(tx, {
      type: 'installation.disconnected',
      appId: installation.appId,
      versionId: installation.versionId,
      partnerId: installation.app.partnerId,
      actorId: null,
      payload: { installationId: installation.id, accountId },
    });
    return updated;
  });
}
