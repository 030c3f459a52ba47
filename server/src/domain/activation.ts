import { createHash } from 'node:crypto';
import { hashApiKey, newApiKeySecret } from '../auth/api-keys.js';
import type { Tx } from '../db/client.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_KEY_MAX,
  releaseIdempotencyKey,
  transaction,
  type KeyClaimant,
} from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import { NotFoundError, refusalError, ValidationError } from './errors.js';
import { accountOf, connectRefusals, installApp } from './installations.js';
import { availableWhere } from './states.js';
import type { Deps } from './versions.js';

// The customer's half of activation: Connect sends them to the module's registered connection page,
// or (simple connection) the marketplace itself issues a key and hands it to the module.

/** The account's view of an app it may connect: available, its live version, and whether it fits. */
async function connectableApp(tx: Tx, accountId: string, code: string) {
  const app = await tx.app.findFirst({
    where: { code, ...availableWhere },
    include: { versions: { where: { status: 'LIVE' }, include: { scopes: true } }, partner: { include: { webhookEndpoint: true } } },
  });
  const live = app?.versions[0];
  if (!app || !live) throw new NotFoundError(`No app with code ${code}`);
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
  const declared = live.scopes.map((s) => s.scopeKey).sort();
  // The permissions are granted by the flow itself; only what the account is decides here.
  const reasons = connectRefusals(account, { countries: app.countries, available: true, live: { minApiVersion: live.minApiVersion, scopes: declared } }, declared);
  if (reasons.length) throw refusalError(reasons);
  if (await tx.installation.findFirst({ where: { appId: app.id, accountId, disconnectedAt: null } })) {
    throw new ValidationError([{ field: 'code', message: 'The app is already connected to this account' }]);
  }
  return { app, live, declared };
}

/**
 * Where Connect sends the customer: the live version's registered connection page, with
 * `account=<the account's address>`. Only that URL is ever given (no open redirect), and only to
 * the account's administrator, for an app the account may connect.
 */
export async function connectionPageUrl(deps: Deps, code: string): Promise<string> {
  const accountId = accountOf(deps.viewer);
  const { live } = await connectableApp(deps.prisma, accountId, code);
  if (live.simpleConnection || !live.connectionUrl) {
    throw refusalError([{ code: 'WRONG_CONNECTION_METHOD', message: 'The app uses simple connection: consent to its permissions instead' }]);
  }
  const url = new URL(live.connectionUrl);
  url.searchParams.set('account', accountId);
  return url.toString();
}

/** What a module's configuration URL answered at a simple connection. */
export type ConfigurationAnswer = { ok: true; settings: unknown } | { ok: false; error: string; refused?: boolean };

/** POSTs the account address and key to a module's configuration URL, signed with the partner's webhook secrets. */
export type CallModule = (url: string, body: { account: string; apiKey: string; code: string }, secrets: string[]) => Promise<ConfigurationAnswer>;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * Simple connection: the customer consented to exactly the permissions the live version requests;
 * the marketplace issues a module key carrying those, POSTs the account address and the key to the
 * module's configuration URL (no transaction is open meanwhile), and installs the app with the
 * settings the module answered. A module that fails, times out or answers nonsense: the key is
 * revoked, nothing is installed, and the customer gets `MODULE_FAILED` (`MODULE_ADDRESS_REFUSED`
 * when its address resolved to a private or loopback one the operator does not allow).
 *
 * With an idempotency key (per account, kept a day): a retry with the same input gets the first
 * installation back without calling the module again or issuing another key; the same key with
 * other input is a `ValidationError` and changes nothing. A failed attempt frees its key.
 */
export async function connectSimply(deps: Deps, code: string, consentedScopes: string[], callModule: CallModule, idempotencyKey?: string) {
  const accountId = accountOf(deps.viewer);
  const actorId = deps.viewer.kind === 'user' ? deps.viewer.id : null;
  const claimant = idempotencyKey ? simpleConnectionClaimant(accountId, idempotencyKey, code, consentedScopes) : null;
  if (claimant) {
    const claim = await claimIdempotencyKey(deps.prisma, claimant);
    if (claim.kind === 'done') return deps.prisma.installation.findUniqueOrThrow({ where: { id: claim.resultId } });
  }
  try {
    return await connectSimplyOnce(deps, accountId, actorId, code, consentedScopes, callModule, claimant);
  } catch (error) {
    if (claimant) await releaseIdempotencyKey(deps.prisma, claimant);
    throw error;
  }
}

/** The key's owner is the account, whichever of its administrators or keys sends it. */
function simpleConnectionClaimant(accountId: string, key: string, code: string, consentedScopes: string[]): KeyClaimant {
  const trimmed = key.trim();
  if (!trimmed || trimmed.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new ValidationError([{ field: 'idempotencyKey', message: `must be 1 to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters` }]);
  }
  const input = JSON.stringify({ code, consentedScopes: [...new Set(consentedScopes)].sort() });
  return { viewer: `account:${accountId}`, key: trimmed, operation: 'connectSimply', requestHash: createHash('sha256').update(input).digest('hex') };
}

async function connectSimplyOnce(
  deps: Deps,
  accountId: string,
  actorId: string | null,
  code: string,
  consentedScopes: string[],
  callModule: CallModule,
  claimant: KeyClaimant | null,
) {
  const issued = await transaction(deps, undefined, async (tx) => {
    const { app, live, declared } = await connectableApp(tx, accountId, code);
    if (!live.simpleConnection) {
      throw refusalError([{ code: 'WRONG_CONNECTION_METHOD', message: "The app connects through its own connection page: press Connect to go there" }]);
    }
    // Submission requires it; only a version approved before that rule can lack it.
    if (!live.connectionUrl) throw refusalError([{ code: 'MODULE_FAILED', message: 'The live version gives no configuration URL to send the key to' }]);
    if (!sameSet([...new Set(consentedScopes)], declared)) {
      throw new ValidationError([{ field: 'consentedScopes', message: `Consent to exactly the permissions the app requests: ${declared.join(', ')}` }]);
    }
    const endpoint = app.partner.webhookEndpoint;
    if (!endpoint) throw refusalError([{ code: 'MODULE_FAILED', message: 'The module cannot be reached: its partner has set no signing secret (webhook endpoint)' }]);
    const secret = newApiKeySecret('module');
    const key = await tx.apiKey.create({
      data: { kind: 'MODULE', name: `${app.code} (simple connection)`, hash: hashApiKey(secret), accountId, scopes: declared },
    });
    await recordEvent(tx, { type: 'account.api_key_created', partnerId: null, actorId, payload: { accountId, keyId: key.id, name: key.name, scopes: key.scopes } });
    const secrets = [endpoint.secret, ...(endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? [endpoint.previousSecret] : [])];
    return { id: key.id, keyId: key.id, secret, url: live.connectionUrl, secrets, declared };
  });
  const answer = await callModule(issued.url, { account: accountId, apiKey: issued.secret, code }, issued.secrets);
  if (!answer.ok) {
    await revokeIssuedKey(deps, accountId, issued.keyId);
    if (answer.refused) {
      throw refusalError([{ code: 'MODULE_ADDRESS_REFUSED', message: `The app's module is at an address the marketplace may not call (${answer.error}); nothing was installed` }]);
    }
    throw refusalError([{ code: 'MODULE_FAILED', message: `The app's module did not accept the connection (${answer.error}); nothing was installed, try again later` }]);
  }
  try {
    return await transaction(deps, undefined, async (tx) => {
      const installation = await installApp(tx, accountId, code, issued.declared, 'consentedScopes', issued.keyId, actorId);
      if (claimant) await completeIdempotencyKey(tx, claimant, installation.id);
      return tx.installation.update({ where: { id: installation.id }, data: { settings: answer.settings as object } });
    });
  } catch (error) {
    // Something changed meanwhile (the app went offline, another connection won): the key goes.
    await revokeIssuedKey(deps, accountId, issued.keyId);
    throw error;
  }
}

async function revokeIssuedKey(deps: Deps, accountId: string, keyId: string) {
  await transaction(deps, undefined, async (tx) => {
    const key = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
    await recordEvent(tx, { type: 'account.api_key_revoked', partnerId: null, actorId: null, payload: { accountId, keyId, name: key.name } });
    return key;
  });
}
