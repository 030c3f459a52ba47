import type { PrismaClient } from '../db/client.js';
import { batchWhileBusy } from '../db/batch.js';

/** The partner of each app and of each version, read for many subscriptions in one statement. */
interface SubjectPartners {
  app: (appId: string) => Promise<string | undefined>;
  version: (versionId: string) => Promise<string | undefined>;
}

const byClient = new WeakMap<PrismaClient, SubjectPartners>();

/**
 * The partner that owns a subscription's subject (an app or a version), or undefined when there
 * is no such subject. Subscriptions opened while a lookup is being read (a reconnect storm after a
 * deploy) share the next statement per kind instead of one Prisma read each. Read afresh per
 * batch: a deleted app is refused from the next batch on.
 */
export function subjectPartners(prisma: PrismaClient): SubjectPartners {
  let partners = byClient.get(prisma);
  if (!partners) {
    partners = {
      app: batchWhileBusy(async (ids: string[]) => {
        const rows = await prisma.$queryRaw<{ id: string; partnerId: string }[]>`
          SELECT id, "partnerId" FROM "App" WHERE id = ANY(${ids}::text[])`;
        return new Map(rows.map((row) => [row.id, row.partnerId]));
      }),
      version: batchWhileBusy(async (ids: string[]) => {
        const rows = await prisma.$queryRaw<{ id: string; partnerId: string }[]>`
          SELECT v.id, a."partnerId" FROM "AppVersion" v JOIN "App" a ON a.id = v."appId" WHERE v.id = ANY(${ids}::text[])`;
        return new Map(rows.map((row) => [row.id, row.partnerId]));
      }),
    };
    byClient.set(prisma, partners);
  }
  return partners;
}
