import type { Tx } from '../db/client.js';
import type { VersionStatus } from '../generated/prisma/client.js';
import { recordEvent } from '../events/log.js';

/** What withdrawing reads of a version. */
export interface WithdrawnVersion {
  id: string;
  appId: string;
  version: string;
  status: VersionStatus;
  partnerId: string;
}

/**
 * Withdraws a version: its open review round ends, it leaves the queue and its reviewer, and the
 * change is recorded. The caller has checked that it may (the partner's `withdraw`, or the app's
 * deletion, which withdraws its version in flight: `appDeleted`).
 */
export async function withdraw(tx: Tx, version: WithdrawnVersion, actorId: string | null, appDeleted = false) {
  await tx.reviewRound.updateMany({ where: { versionId: version.id, endedAt: null }, data: { endedAt: new Date(), outcome: 'WITHDRAWN' } });
  const updated = await tx.appVersion.update({ where: { id: version.id }, data: { status: 'WITHDRAWN', assigneeId: null } });
  await recordEvent(tx, {
    type: 'version.withdrawn',
    appId: version.appId,
    versionId: version.id,
    partnerId: version.partnerId,
    actorId,
    payload: { version: version.version, status: { old: version.status, new: 'WITHDRAWN' }, ...(appDeleted ? { appDeleted } : {}) },
  });
  return updated;
}
