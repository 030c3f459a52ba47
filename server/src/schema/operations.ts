import { builder } from './builder.js';
import type { OperationsFigures } from '../observability/metrics.js';

const ErrorCountRef = builder.objectRef<OperationsFigures['errorsByCode'][number]>('OperationsErrorCount').implement({
  description: 'Failed GraphQL operations with one error code since this instance started.',
  fields: (t) => ({
    code: t.exposeString('code'),
    count: t.exposeInt('count'),
  }),
});

const OperationsStatusRef = builder.objectRef<OperationsFigures>('OperationsStatus').implement({
  description:
    'How this instance and the moderation are doing, for admins: the same numbers `/metrics` exposes. Database figures are null when the database could not be read.',
  fields: (t) => ({
    sampledAt: t.expose('sampledAt', { type: 'DateTime' }),
    connections: t.exposeInt('connections', { description: 'Open WebSocket connections on this instance.' }),
    connectedUsers: t.exposeInt('connectedUsers', { description: 'Distinct signed-in users with an open WebSocket on this instance.' }),
    liveSubscriptions: t.exposeInt('liveSubscriptions', { description: 'Live subscriptions (graphql-ws and server-sent events).' }),
    eventsDelivered: t.exposeInt('eventsDelivered', { description: 'Live events written to subscribers since start.' }),
    deliveryLagEvents: t.exposeInt('deliveryLagEvents', { nullable: true, description: 'Committed events this instance has not yet read for delivery.' }),
    catchUpSubscriptions: t.exposeInt('catchUpSubscriptions', { description: 'Subscriptions still replaying stored events after a reconnect.' }),
    catchUpBacklogEvents: t.exposeInt('catchUpBacklogEvents', { description: 'Live events buffered behind subscriptions that are catching up.' }),
    queueWaiting: t.exposeInt('queueWaiting', { nullable: true, description: 'Versions waiting for review.' }),
    oldestWaitingSeconds: t.exposeInt('oldestWaitingSeconds', { nullable: true, description: 'Age of the oldest waiting submission; 0 when none waits.' }),
    medianReviewSeconds: t.exposeInt('medianReviewSeconds', { nullable: true, description: 'Median review time (submission to decision) of rounds decided in the last day.' }),
    roundsPerApproval: t.exposeFloat('roundsPerApproval', { nullable: true, description: 'Average review rounds until approval, over the last 30 days.' }),
    webhooksPending: t.exposeInt('webhooksPending', { nullable: true, description: 'Webhook deliveries waiting to be made.' }),
    webhooksFailed: t.exposeInt('webhooksFailed', { nullable: true, description: 'Webhook deliveries given up after a day of retries.' }),
    webhookAttemptsFailed: t.exposeInt('webhookAttemptsFailed', { description: 'Failed webhook attempts this instance made since start.' }),
    operationsLastMinute: t.exposeInt('operationsLastMinute', { description: 'GraphQL operations answered in the last minute.' }),
    errorsLastMinute: t.exposeInt('errorsLastMinute', { description: 'Of those, the ones that failed.' }),
    errorsByCode: t.field({ type: [ErrorCountRef], description: 'Failed operations since start, by code, most first.', resolve: (figures) => figures.errorsByCode }),
  }),
});

builder.queryField('operationsStatus', (t) =>
  t.field({
    type: OperationsStatusRef,
    description: 'Live operating figures of the instance answering, for the operations page. Admins only.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.operations.figures(),
  }),
);
