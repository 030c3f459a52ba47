import { queryRows, type PrismaClient } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import { batchWithin } from '../db/batch.js';

/** The partner of each app and of each version, read for many subscriptions in one statement. */
interface SubjectPartners {
  app: (appId: string) => Promise<string | undefined>;
  version: (versionId: string) => Promise<string | undefined>;
}

const byClient = new WeakMap<PrismaClient, SubjectPartners>();
/** How long a lookup waits for others to share its statement (see `batchWithin`). */
const WINDOW_MS = 10;

/**
 * The partner that owns a subscription's subject (an app or a version), or undefined when there
 * is no such subject. Subscriptions opened within the same few milliseconds (a reconnect storm
 * after a deploy) share one statement per kind instead of one Prisma read each. Read afresh per
 * batch: a deleted app is refused from the next batch on.
 */
export function subjectPartners(prisma: PrismaClient): SubjectPartners {
  let partners = byClient.get(prisma);
  if (!partners) {
    partners = {
      app: batchWithin(WINDOW_MS, async (ids: string[]) => {
        const rows = await queryRows<{ id: string; partnerId: string }>(prisma, Prisma.sql`SELECT id, "partnerId" FROM "App" WHERE id = ANY(${ids}::text[])`);
        return new Map(rows.map((row) => [row.id, row.partnerId]));
      }),
      version: batchWithin(WINDOW_MS, async (ids: string[]) => {
        const rows = await queryRows<{ id: string; partnerId: string }>(
          prisma,
          Prisma.sql`SELECT v.id, a."partnerId" FROM "AppVersion" v JOIN "App" a ON a.id = v."appId" WHERE v.id = ANY(${ids}::text[])`,
        );
        return new Map(rows.map((row) => [row.id, row.partnerId]));
      }),
    };
    byClient.set(prisma, partners);
  }
  return partners;
}
