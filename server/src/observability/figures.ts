import type { PrismaClient } from '../db/client.js';
import { queueWhere } from '../domain/queue.js';

/** What the metrics and the operations page read from the database: one round of statements. */
export interface DatabaseFigures {
  /** The newest committed event (the delivery lag is measured against it). */
  newestEventId: bigint;
  /** Versions waiting for the marketplace (submitted or in review). */
  waiting: number;
  oldestSubmittedAt: Date | null;
  /** Webhook deliveries still to be made (due now or retrying later). */
  webhooksPending: number;
  /** Webhook deliveries given up after a day of retries (a partner can redeliver them). */
  webhooksFailed: number;
  /** Median time from submission to the marketplace's decision, of rounds decided in the last day. */
  medianReviewSeconds: number | null;
  /** Average review rounds a version needed until approved, over approvals of the last 30 days. */
  roundsPerApproval: number | null;
}

/** Window of the median review time. */
export const REVIEW_TIME_WINDOW = '1 day';
/** Window of the rounds per approval: approvals are rarer than decisions. */
export const ROUNDS_WINDOW = '30 days';

/**
 * Reads the figures; every statement is an aggregate over an indexed or small set (the queue,
 * the pending and failed deliveries, the rounds decided recently).
 */
export async function readDatabaseFigures(db: PrismaClient): Promise<DatabaseFigures> {
  const [newest, queue, [rounds]] = await Promise.all([
    db.event.aggregate({ _max: { id: true } }),
    db.appVersion.aggregate({ where: queueWhere, _count: { _all: true }, _min: { submittedAt: true } }),
    // Stored times are UTC without a zone, as the webhook dispatcher compares them.
    db.$queryRaw<{ median: number | null; rounds: number | null; pending: number; failed: number }[]>`
      SELECT
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("endedAt" - "submittedAt")))
           FROM "ReviewRound"
          WHERE "endedAt" > (now() AT TIME ZONE 'UTC') - ${REVIEW_TIME_WINDOW}::interval
            AND outcome IN ('APPROVED', 'CHANGES_REQUESTED', 'REJECTED'))::float8 AS median,
        (SELECT avg(number) FROM "ReviewRound"
          WHERE outcome = 'APPROVED' AND "endedAt" > (now() AT TIME ZONE 'UTC') - ${ROUNDS_WINDOW}::interval)::float8 AS rounds,
        (SELECT count(*) FROM "WebhookDelivery" WHERE status = 'PENDING')::int AS pending,
        (SELECT count(*) FROM "WebhookDelivery" WHERE status = 'FAILED')::int AS failed`,
  ]);
  return {
    newestEventId: newest._max.id ?? 0n,
    waiting: queue._count._all,
    oldestSubmittedAt: queue._min.submittedAt,
    webhooksPending: rounds?.pending ?? 0,
    webhooksFailed: rounds?.failed ?? 0,
    medianReviewSeconds: rounds?.median ?? null,
    roundsPerApproval: rounds?.rounds ?? null,
  };
}
