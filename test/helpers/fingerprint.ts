import type { TestServer } from './server.js';

/**
 * A cheap summary of everything a mutation can change, in one statement: row counts of the written
 * tables, the newest edit of apps, versions and checklist items, and the newest event. Equal
 * before and after a refused call means it changed nothing.
 */
export async function databaseFingerprint(server: TestServer): Promise<string> {
  const [row] = await server.prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT
      (SELECT count(*) FROM "App")::text AS apps,
      (SELECT max("updatedAt") FROM "App")::text AS "appEdited",
      (SELECT count(*) FROM "ListingText")::text AS texts,
      (SELECT count(*) FROM "AppVersion")::text AS versions,
      (SELECT max("updatedAt") FROM "AppVersion")::text AS "versionEdited",
      (SELECT count(*) FROM "RequestedScope")::text AS scopes,
      (SELECT max(greatest("answeredAt", "verdictAt")) FROM "ChecklistItem")::text AS "itemEdited",
      (SELECT count(*) FROM "ChecklistItem" WHERE answer IS NOT NULL)::text AS answers,
      (SELECT count(*) FROM "Thread")::text AS threads,
      (SELECT count(*) FROM "Comment")::text AS comments,
      (SELECT count(*) FROM "Installation" WHERE "disconnectedAt" IS NULL)::text AS installations,
      (SELECT count(*) FROM "Event")::text AS events,
      (SELECT max(id) FROM "Event")::text AS "lastEvent"`;
  return JSON.stringify(row);
}
