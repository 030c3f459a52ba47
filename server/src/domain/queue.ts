import type { Tx } from '../db/client.js';

import type { Prisma } from '../generated/prisma/client.js';

/** Versions waiting for the marketplace. */
export const QUEUE_STATUSES = ['SUBMITTED', 'IN_REVIEW'] as const;

/** The moderation queue: waiting versions of apps that still exist. Ordered oldest first. */
export const queueWhere = { status: { in: [...QUEUE_STATUSES] }, app: { deletedAt: null } } satisfies Prisma.AppVersionWhereInput;
export const queueOrder = [{ submittedAt: 'asc' }, { id: 'asc' }] satisfies Prisma.AppVersionOrderByWithRelationInput[];

/** Consultation requests awaiting an admin's decision, of apps that still exist. Ordered oldest first. */
export const consultationQueueWhere = { consultation: 'REQUESTED', deletedAt: null } satisfies Prisma.AppWhereInput;
export const consultationQueueOrder = [{ consultationAt: 'asc' }, { id: 'asc' }] satisfies Prisma.AppOrderByWithRelationInput[];

/** How many recent decided rounds the wait estimate reads. */
const SAMPLE = 50;

export interface QueueEstimate {
  /** 1 for the oldest waiting submission. */
  position: number;
  /** Submissions waiting. */
  length: number;
  /** Median of recent review rounds, counting only the marketplace's turns. */
  medianReviewSeconds: number | null;
  /** position × median review time ÷ reviewers; null without recent reviews to learn from. */
  estimatedWaitSeconds: number | null;
}

/**
 * Where a waiting version stands in the queue and how long it may wait. A review round runs from
 * submission to the marketplace's decision, so it counts only the marketplace's turn; the
 * estimate spreads the rounds ahead over the staff who review.
 */
export async function queueEstimate(db: Tx, version: { id: string; submittedAt: Date | null }): Promise<QueueEstimate | null> {
  if (!version.submittedAt) return null;
  const [ahead, length, rounds, reviewers] = await Promise.all([
    db.appVersion.count({
      where: {
        ...queueWhere,
        OR: [
          { submittedAt: { lt: version.submittedAt } },
          { submittedAt: version.submittedAt, id: { lt: version.id } },
        ],
      },
    }),
    db.appVersion.count({ where: queueWhere }),
    db.reviewRound.findMany({
      where: { endedAt: { not: null }, outcome: { in: ['APPROVED', 'CHANGES_REQUESTED', 'REJECTED'] } },
      orderBy: { endedAt: 'desc' },
      take: SAMPLE,
      select: { submittedAt: true, endedAt: true },
    }),
    db.user.count({ where: { staffRole: { not: null } } }),
  ]);
  const durations = rounds.map((r) => (r.endedAt!.getTime() - r.submittedAt.getTime()) / 1000).sort((a, b) => a - b);
  const median = durations.length ? durations[Math.floor(durations.length / 2)]! : null;
  const position = ahead + 1;
  return {
    position,
    length,
    medianReviewSeconds: median === null ? null : Math.round(median),
    estimatedWaitSeconds: median === null ? null : Math.round((position * median) / Math.max(1, reviewers)),
  };
}
