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
/** How many subjects' partners each kind remembers; past it the oldest is forgotten first. */
const REMEMBERED = 50_000;

/**
 * The partner that owns a subscription's subject (an app or a version), or undefined when there
 * is no such subject. An app's partner is set when it is created and never changes (apps are
 * deleted softly, never moved, nor removed), and a version's is its app's: once read, it is
 * remembered, so the clients of a busy review subscribing again after a restart read it once.
 * Subjects not found are read again each time (they may be created). Subscriptions opened within
 * the same few milliseconds share one statement per kind.
 */
export function subjectPartners(prisma: PrismaClient): SubjectPartners {
  let partners = byClient.get(prisma);
  if (!partners) {
    partners = {
      app: remembered(
        batchWithin(WINDOW_MS, async (ids: string[]) => {
          const rows = await queryRows<{ id: string; partnerId: string }>(prisma, Prisma.sql`SELECT id, "partnerId" FROM "App" WHERE id = ANY(${ids}::text[])`);
          return new Map(rows.map((row) => [row.id, row.partnerId]));
        }),
      ),
      version: remembered(
        batchWithin(WINDOW_MS, async (ids: string[]) => {
          const rows = await queryRows<{ id: string; partnerId: string }>(
            prisma,
            Prisma.sql`SELECT v.id, a."partnerId" FROM "AppVersion" v JOIN "App" a ON a.id = v."appId" WHERE v.id = ANY(${ids}::text[])`,
          );
          return new Map(rows.map((row) => [row.id, row.partnerId]));
        }),
      ),
    };
    byClient.set(prisma, partners);
  }
  return partners;
}

/** `load`, with the values it found kept (at most {@link REMEMBERED}). */
function remembered(load: (id: string) => Promise<string | undefined>): (id: string) => Promise<string | undefined> {
  const known = new Map<string, string>();
  return async (id) => {
    const partnerId = known.get(id);
    if (partnerId !== undefined) return partnerId;
    const found = await load(id);
    if (found === undefined) return undefined;
    if (known.size >= REMEMBERED) known.delete(known.keys().next().value!);
    known.set(id, found);
    return found;
  };
}
