import { builder } from './builder.js';
import { idOf } from './ids.js';
import { whoseTurn } from '../domain/lifecycle.js';
import { VersionStatusEnum } from './version.js';
import {
  QUEUE_STATUSES,
  consultationQueueOrder,
  consultationQueueWhere,
  queueEstimate,
  queueOrder,
  queueWhere,
  type QueueEstimate,
} from '../domain/queue.js';
import { isStaff } from '../auth/viewer.js';
import { findPage } from '../db/page.js';
import type { Prisma } from '../generated/prisma/client.js';

const QueueEstimateRef = builder.objectRef<QueueEstimate>('QueueEstimate').implement({
  description:
    'Where a submission stands. The wait is the median of the last 50 decided review rounds (submission to decision, the marketplace’s turn only) × the position ÷ the number of staff reviewers.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: '1 for the oldest waiting submission.' }),
    length: t.exposeInt('length'),
    medianReviewSeconds: t.exposeInt('medianReviewSeconds', { nullable: true }),
    estimatedWaitSeconds: t.exposeInt('estimatedWaitSeconds', { nullable: true }),
  }),
});

builder.prismaObjectFields('AppVersion', (t) => ({
  queue: t.field({
    type: QueueEstimateRef,
    nullable: true,
    description: 'Queue position and estimated wait, while the version waits for the marketplace.',
    resolve: (version, _args, ctx) =>
      (QUEUE_STATUSES as readonly string[]).includes(version.status) ? queueEstimate(ctx.prisma, version) : null,
  }),
  waitingSeconds: t.int({
    nullable: true,
    description: "How long the version has waited for the marketplace since it was submitted; null when it is not the marketplace's turn.",
    resolve: (version) =>
      version.submittedAt && whoseTurn(version.status) === 'MARKETPLACE'
        ? Math.round((Date.now() - version.submittedAt.getTime()) / 1000)
        : null,
  }),
  isUpdate: t.boolean({
    description: 'Whether the app has been published before (an update rather than a new app).',
    // Unfiltered, like the app's state fields' select, so the two share one join.
    select: { app: { select: { versions: { select: { id: true, status: true } } } } },
    resolve: (version) => version.app.versions.some((v) => v.id !== version.id && (v.status === 'LIVE' || v.status === 'SUPERSEDED')),
  }),
}));

const QueueKindEnum = builder.enumType('QueueKind', { values: ['NEW_APP', 'UPDATE'] as const });

const QueueFilter = builder.inputType('QueueFilter', {
  fields: (t) => ({
    section: t.string({ required: false, description: 'A section key.' }),
    status: t.field({ type: VersionStatusEnum, required: false, description: 'SUBMITTED or IN_REVIEW.' }),
    assigneeId: t.id({ required: false, description: 'Only reviews claimed by this user.' }),
    unassigned: t.boolean({ required: false }),
    kind: t.field({ type: QueueKindEnum, required: false }),
    search: t.string({
      required: false,
      description: "Words in the app's name (any locale), its code or its partner's name; case-insensitive.",
    }),
  }),
});

builder.queryField('moderationQueue', (t) =>
  t.prismaConnection({
    type: 'AppVersion',
    cursor: 'id',
    description: 'Submissions waiting for the marketplace (SUBMITTED or IN_REVIEW), oldest first. Staff only.',
    authScopes: { staff: true },
    args: { filter: t.arg({ type: QueueFilter, required: false }) },
    resolve: (query, _root, { filter }, ctx) => {
      if (!isStaff(ctx.viewer)) return [];
      const where: Prisma.AppVersionWhereInput[] = [queueWhere];
      if (filter?.status) where.push({ status: filter.status });
      if (filter?.section) where.push({ app: { section: { key: filter.section } } });
      if (filter?.assigneeId) where.push({ assigneeId: idOf(String(filter.assigneeId), 'User') });
      if (filter?.unassigned) where.push({ assigneeId: null });
      const search = filter?.search?.trim();
      if (search) {
        const contains = { contains: search, mode: 'insensitive' } as const;
        where.push({
          app: { OR: [{ code: contains }, { texts: { some: { name: contains } } }, { partner: { name: contains } }] },
        });
      }
      if (filter?.kind) {
        const published = { app: { versions: { some: { status: { in: ['LIVE', 'SUPERSEDED'] } } } } } satisfies Prisma.AppVersionWhereInput;
        where.push(filter.kind === 'UPDATE' ? published : { NOT: published });
      }
      return findPage(
        query,
        (page) => ctx.prisma.appVersion.findMany({ ...page, where: { AND: where }, orderBy: queueOrder, select: { id: true } }),
        (selection, ids) => ctx.prisma.appVersion.findMany({ ...selection, where: { id: { in: ids } } }),
      );
    },
  }),
);

builder.queryField('consultationQueue', (t) =>
  t.prismaConnection({
    type: 'App',
    cursor: 'id',
    description:
      "Consultation requests waiting for an admin's decision, oldest first: the other kind of queue item. Staff only; admins claim and decide them.",
    authScopes: { staff: true },
    args: { unassigned: t.arg.boolean({ required: false, description: 'Only requests nobody has claimed.' }) },
    resolve: (query, _root, { unassigned }, ctx) => {
      if (!isStaff(ctx.viewer)) return [];
      return findPage(
        query,
        (page) =>
          ctx.prisma.app.findMany({
            ...page,
            where: { ...consultationQueueWhere, ...(unassigned ? { consultationAssigneeId: null } : {}) },
            orderBy: consultationQueueOrder,
            select: { id: true },
          }),
        (selection, ids) => ctx.prisma.app.findMany({ ...selection, where: { id: { in: ids } } }),
      );
    },
  }),
);
