import type { PrismaClient } from '../db/client.js';
import { recordEvent } from '../events/log.js';
import { SYSTEM_TRANSITIONS } from './lifecycle.js';
import { readPolicy } from './policy.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often each instance sweeps: expiry counts in days, so an hour late is on time. */
export const EXPIRY_SWEEP_MS = 60 * 60 * 1000;
const { from, to } = SYSTEM_TRANSITIONS.expire;

/**
 * Expires every approved version its partner has not released within the policy's
 * `approvalExpiryDays` of its approval (`SYSTEM_TRANSITIONS.expire`): each becomes EXPIRED, with a
 * `version.expired` event, so the app may start its next version. Safe on many instances at once:
 * the rows are locked, and one released meanwhile no longer matches. Answers the expired ids.
 */
export async function expireApprovedVersions(prisma: PrismaClient, now = new Date()): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const { approvalExpiryDays: days } = await readPolicy(tx);
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const due = await tx.$queryRaw<{ id: string; appId: string; version: string; decidedAt: Date | null; partnerId: string }[]>`
      SELECT v.id, v."appId", v.version, v."decidedAt", a."partnerId"
      FROM "AppVersion" v JOIN "App" a ON a.id = v."appId"
      WHERE v.status::text = ANY(${[...from]}::text[]) AND v."decidedAt" <= ${cutoff}
      ORDER BY v."decidedAt" FOR UPDATE OF v SKIP LOCKED`;
    for (const version of due) {
      await tx.appVersion.update({ where: { id: version.id }, data: { status: to } });
      await recordEvent(tx, {
        type: 'version.expired',
        appId: version.appId,
        versionId: version.id,
        partnerId: version.partnerId,
        actorId: null,
        payload: { version: version.version, status: { old: 'APPROVED', new: to }, approvedAt: version.decidedAt?.toISOString() ?? null, days },
      });
    }
    return due.map((v) => v.id);
  });
}

/**
 * Runs {@link expireApprovedVersions} now and then every `intervalMs`; answers the function that
 * stops it. A failed sweep is logged and tried again at the next interval.
 */
export function startExpirySweep(prisma: PrismaClient, intervalMs: number, log: (message: string) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running
      .then(() => expireApprovedVersions(prisma))
      .then((expired) => expired.length && log(`Expired ${expired.length} approved version(s) never released`))
      .catch((error: Error) => log(`The expiry sweep failed: ${error.message}`));
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
