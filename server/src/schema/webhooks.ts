import { builder } from './builder.js';
import { ACTION_ERRORS } from './errors.js';
import { idOf, nodeVisibility, plannedQuery } from './ids.js';
import { isMemberOf, isStaff, type Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { redeliverWebhook, removeWebhookEndpoint, rotateWebhookSecret, setWebhookEndpoint } from '../domain/webhooks.js';
import type { WebhookDelivery } from '../generated/prisma/client.js';

const isOwnerOf = (viewer: Viewer, partnerId: string) => viewer.kind === 'user' && viewer.memberships.get(partnerId) === 'OWNER';
/** The partner's members and staff: a partner never sees another partner's webhooks. */
const memberOrStaff = (partnerId: string, ctx: Context) => isStaff(ctx.viewer) || isMemberOf(ctx.viewer, partnerId);

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  values: {
    PENDING: { description: 'Not delivered yet: waiting for its next attempt.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Retried for a day without success; redeliver it to try again.' },
  } as const,
});

builder.prismaObject('WebhookEndpoint', {
  description: "Where a partner receives webhooks, signed per Standard Webhooks with the endpoint's secret.",
  fields: (t) => ({
    url: t.exposeString('url'),
    secret: t.exposeString('secret', {
      description: 'The `whsec_…` signing secret. Owners only.',
      authScopes: (endpoint, _args, ctx) => isOwnerOf(ctx.viewer, endpoint.partnerId),
    }),
    previousSecretExpiresAt: t.expose('previousSecretExpiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Until then, deliveries are signed with the secret before the last rotation too.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('WebhookAttempt', {
  description: 'One HTTP attempt of a delivery.',
  fields: (t) => ({
    attemptedAt: t.expose('attemptedAt', { type: 'DateTime' }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: 'What the endpoint answered; null when it did not.' }),
    durationMs: t.exposeInt('durationMs'),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed: a timeout, a refused address, a connection error, an HTTP status.' }),
    succeeded: t.exposeBoolean('succeeded'),
  }),
});

builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  description: 'One event sent to the partner’s endpoint; its `webhookId` is the `webhook-id` header of every attempt.',
  authScopes: nodeVisibility<WebhookDelivery>('WebhookDelivery', (delivery, ctx) => memberOrStaff(delivery.partnerId, ctx)),
  fields: (t) => ({
    webhookId: t.exposeString('id', { description: 'The `webhook-id` header: the same on every attempt and redelivery.' }),
    type: t.string({ select: { event: { select: { type: true } } }, resolve: (d) => d.event.type }),
    eventCursor: t.string({ description: 'The event it carries, as a history cursor.', resolve: (d) => d.eventId.toString() }),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    failedAttempts: t.exposeInt('failedAttempts', { description: 'Failed attempts since it was created or redelivered.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', description: 'When a pending delivery is tried next.' }),
    giveUpAt: t.expose('giveUpAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    attempts: t.relation('attempts', { description: 'Every attempt, oldest first.', query: { orderBy: [{ attemptedAt: 'asc' }, { id: 'asc' }] } }),
  }),
});

const DeliveriesFilter = builder.inputType('WebhookDeliveriesFilter', {
  fields: (t) => ({ status: t.field({ type: DeliveryStatusEnum, required: false }) }),
});

builder.prismaObjectFields('Partner', (t) => ({
  webhookEndpoint: t.relation('webhookEndpoint', {
    nullable: true,
    description: 'Where its webhooks go; null until an owner sets it.',
    authScopes: (partner, _args, ctx) => memberOrStaff(partner.id, ctx),
  }),
  webhookDeliveries: t.relatedConnection('webhookDeliveries', {
    cursor: 'id',
    description: 'Its webhook deliveries, newest first, each with its attempts.',
    args: { filter: t.arg({ type: DeliveriesFilter, required: false }) },
    authScopes: (partner, _args, ctx) => memberOrStaff(partner.id, ctx),
    query: ({ filter }) => ({
      where: filter?.status ? { status: filter.status } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    }),
  }),
}));

builder.mutationFields((t) => ({
  setWebhookEndpoint: t.prismaField({
    type: 'WebhookEndpoint',
    description:
      "A partner's owner sets the URL its webhooks go to; the first one gets a signing secret. An address in a private or " +
      'loopback range is a `ValidationError` unless the operator allows them (`VETLINE_WEBHOOK_ALLOW_PRIVATE`).',
    errors: { types: [...ACTION_ERRORS] },
    args: { partnerId: t.arg.id({ required: true }), url: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const endpoint = await setWebhookEndpoint(ctx, idOf(String(args.partnerId), 'Partner'), args.url, ctx.webhooks.allowPrivate);
      return ctx.prisma.webhookEndpoint.findUniqueOrThrow({ ...plannedQuery(query), where: { id: endpoint.id } });
    },
  }),
  removeWebhookEndpoint: t.field({
    type: 'ID',
    description:
      "A partner's owner removes its webhook endpoint and its secrets; answers the partner's id. Later events make no deliveries; " +
      'pending ones fail on their next attempt. An endpoint set again gets a new secret.',
    errors: { types: [...ACTION_ERRORS] },
    args: { partnerId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await removeWebhookEndpoint(ctx, idOf(String(args.partnerId), 'Partner'));
      return String(args.partnerId);
    },
  }),
  rotateWebhookSecret: t.prismaField({
    type: 'WebhookEndpoint',
    description: 'A new signing secret; the previous one keeps signing beside it for 24 hours, so receivers can switch over.',
    errors: { types: [...ACTION_ERRORS] },
    args: { partnerId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const endpoint = await rotateWebhookSecret(ctx, idOf(String(args.partnerId), 'Partner'));
      return ctx.prisma.webhookEndpoint.findUniqueOrThrow({ ...plannedQuery(query), where: { id: endpoint.id } });
    },
  }),
  redeliverWebhook: t.prismaField({
    type: 'WebhookDelivery',
    description: 'Sends a delivery again now, with the same `webhook-id`, retried for another day if it fails.',
    errors: { types: [...ACTION_ERRORS] },
    args: { deliveryId: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const delivery = await redeliverWebhook(ctx, idOf(String(args.deliveryId), 'WebhookDelivery'));
      ctx.webhooks.poke();
      return ctx.prisma.webhookDelivery.findUniqueOrThrow({ ...plannedQuery(query), where: { id: delivery.id } });
    },
  }),
}));
