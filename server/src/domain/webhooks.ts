import { transaction } from '../db/idempotency.js';
import type { Viewer } from '../auth/viewer.js';
import { recordEvent } from '../events/log.js';
import { privateAddressProblem } from '../webhooks/address-guard.js';
import { RETRY_WINDOW_MS } from '../webhooks/dispatcher.js';
import { newWebhookSecret } from '../webhooks/signing.js';
import { NotFoundError, refusalError } from './errors.js';
import { isHttpUrl, Problems } from './validation.js';
import type { Deps } from './versions.js';

/** How long the secret before a rotation still signs deliveries, so receivers can switch over. */
export const SECRET_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/** Longest endpoint URL accepted. */
const MAX_URL_LENGTH = 2_000;

const isOwnerOf = (viewer: Viewer, partnerId: string) => viewer.kind === 'user' && viewer.memberships.get(partnerId) === 'OWNER';

/** Only the partner's owners configure its webhooks; anyone else reads as if the partner did not exist. */
function requireOwner(viewer: Viewer, partnerId: string) {
  if (viewer.kind === 'user' && viewer.memberships.has(partnerId)) {
    if (!isOwnerOf(viewer, partnerId)) throw refusalError([{ code: 'FORBIDDEN', message: "Only the partner's owners may configure its webhooks" }]);
    return;
  }
  throw new NotFoundError('No such partner');
}

/**
 * A partner's owner sets where its webhooks go. The first endpoint gets a signing secret; changing
 * the URL keeps it. An address in a private or loopback range is refused unless the operator
 * allows them.
 */
export async function setWebhookEndpoint(deps: Deps, partnerId: string, url: string, allowPrivate: boolean) {
  requireOwner(deps.viewer, partnerId);
  const problems = new Problems();
  const trimmed = url.trim();
  problems.check(trimmed.length <= MAX_URL_LENGTH, 'url', `must be at most ${MAX_URL_LENGTH} characters`);
  if (!isHttpUrl(trimmed)) problems.add('url', 'must be an http or https URL');
  else {
    const parsed = new URL(trimmed);
    problems.check(!parsed.username && !parsed.password, 'url', 'must not carry credentials');
    const problem = await privateAddressProblem(parsed, allowPrivate);
    if (problem) problems.add('url', problem);
  }
  problems.throwIfAny();
  return transaction(deps, undefined, async (tx) => {
    const [previous] = await tx.$queryRaw<{ url: string }[]>`SELECT url FROM "WebhookEndpoint" WHERE "partnerId" = ${partnerId} FOR UPDATE`;
    const endpoint = await tx.webhookEndpoint.upsert({
      where: { partnerId },
      create: { partnerId, url: trimmed, secret: newWebhookSecret() },
      update: { url: trimmed },
    });
    await recordEvent(tx, {
      type: 'partner.webhook_endpoint_set',
      partnerId,
      actorId: deps.viewer.kind === 'user' ? deps.viewer.id : null,
      payload: { url: { old: previous?.url ?? null, new: trimmed } },
    });
    return endpoint;
  });
}

/**
 * A partner's owner removes its webhook endpoint (and its secrets): events from then on make no
 * deliveries, and pending ones fail on their next attempt. Setting an endpoint again starts with a
 * new secret. Answers the removed endpoint.
 */
export async function removeWebhookEndpoint(deps: Deps, partnerId: string) {
  requireOwner(deps.viewer, partnerId);
  return transaction(deps, undefined, async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "WebhookEndpoint" WHERE "partnerId" = ${partnerId} FOR UPDATE`;
    if (!locked) throw new NotFoundError('The partner has no webhook endpoint');
    const endpoint = await tx.webhookEndpoint.delete({ where: { id: locked.id } });
    await recordEvent(tx, {
      type: 'partner.webhook_endpoint_set',
      partnerId,
      actorId: deps.viewer.kind === 'user' ? deps.viewer.id : null,
      payload: { url: { old: endpoint.url, new: null } },
    });
    return endpoint;
  });
}

/** A new signing secret; the previous one keeps signing (beside it) for {@link SECRET_ROTATION_GRACE_MS}. */
export async function rotateWebhookSecret(deps: Deps, partnerId: string) {
  requireOwner(deps.viewer, partnerId);
  return transaction(deps, undefined, async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "WebhookEndpoint" WHERE "partnerId" = ${partnerId} FOR UPDATE`;
    const endpoint = locked && (await tx.webhookEndpoint.findUnique({ where: { id: locked.id } }));
    if (!endpoint) throw refusalError([{ code: 'WRONG_STATUS', message: 'Set a webhook endpoint first' }]);
    return tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: {
        secret: newWebhookSecret(),
        previousSecret: endpoint.secret,
        previousSecretExpiresAt: new Date(Date.now() + SECRET_ROTATION_GRACE_MS),
      },
    });
  });
}

/**
 * Sends a delivery again, with the same `webhook-id` (receivers deduplicate on it): due now, and
 * retried for another day if it fails. Any member of the partner may.
 */
export async function redeliverWebhook(deps: Deps, deliveryId: string) {
  const delivery = await deps.prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { partnerId: true } });
  const viewer = deps.viewer;
  if (!delivery || viewer.kind !== 'user' || !viewer.memberships.has(delivery.partnerId)) throw new NotFoundError('No such delivery');
  const now = Date.now();
  return deps.prisma.webhookDelivery.update({
    where: { id: deliveryId },
    data: {
      status: 'PENDING',
      nextAttemptAt: new Date(now),
      giveUpAt: new Date(now + RETRY_WINDOW_MS),
      failedAttempts: 0,
      lockedUntil: null,
      deliveredAt: null,
    },
  });
}
