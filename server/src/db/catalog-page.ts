import { isDeepStrictEqual } from 'node:util';
import { Prisma, type App, type ListingText, type Section } from '../generated/prisma/client.js';
import { queryRows, type PrismaClient } from './client.js';

/**
 * The catalog's filter, resolved for the viewer: an account's key has already put in its own
 * country and API version where the filter left them out.
 */
export interface CatalogWhere {
  search?: string | null;
  /** The locale the search reads names and descriptions in; every locale when absent. */
  locale?: string | null;
  section?: string | null;
  country?: string | null;
  apiVersion?: number | null;
  freeOnly?: boolean | null;
}

/** The page Pothos' cursor connection asks for, in Prisma's terms. */
export interface CatalogPageArgs {
  take: number;
  skip: number;
  cursor?: { id: string };
}

/** An app of a catalog page with the relations the catalog's fields read, shaped as Prisma returns them. */
export type CatalogApp = App & {
  texts: ListingText[];
  section: Section | null;
  versions: { minApiVersion: number; simpleConnection: boolean; scopes: { scopeKey: string; justification: string; pollingIntervalSeconds: number | null }[] }[];
};

/**
 * The relations the page statement returns beside the app's columns, as the App fields select
 * them (schema/app.ts): the texts (`listing`, `texts`), the section, the live version with its
 * scopes (`minApiVersion`, `permissions`, `connectionMethod`).
 */
const RETURNED_RELATIONS: Record<string, unknown> = {
  texts: { orderBy: { locale: 'asc' } },
  section: true,
  versions: {
    where: { status: 'LIVE' },
    select: {
      scopes: { orderBy: { scopeKey: 'asc' }, select: { scopeKey: true, justification: true, pollingIntervalSeconds: true } },
      minApiVersion: true,
      simpleConnection: true,
    },
  },
};

/**
 * Whether the page statement returns everything a planned Pothos selection reads: the app's
 * columns plus any of {@link RETURNED_RELATIONS}, exactly as planned. Anything else (the partner,
 * other versions) is read by a second statement.
 */
export function pageStatementCovers(query: { include?: unknown; select?: unknown }): boolean {
  if (query.select !== undefined) return false;
  if (query.include === undefined) return true;
  return Object.entries(query.include as Record<string, unknown>).every(
    ([relation, selection]) => relation in RETURNED_RELATIONS && isDeepStrictEqual(selection, RETURNED_RELATIONS[relation]),
  );
}

/**
 * One catalog page in one statement: the available apps that pass the filter, newest first, each
 * with its texts, section and live version. Pages as Prisma's cursor pagination does (the cursor
 * row included, then `skip`; a negative `take` reads backwards), so Pothos' connection reads it as
 * it read `findMany`.
 *
 * Why SQL: this is the marketplace's busiest read; through Prisma it cost two statements and
 * most of the request's CPU (query building, relation hydration). The relations are aggregated
 * only for the page's rows (the filter and the cut run first, in `page`), which keeps the database
 * time flat in the catalog's size.
 */
export async function readCatalogPage(prisma: PrismaClient, where: CatalogWhere, args: CatalogPageArgs): Promise<CatalogApp[]> {
  const backward = args.take < 0 || Object.is(args.take, -0);
  const order = backward ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return queryRows<CatalogApp>(
    prisma,
    Prisma.sql`
    WITH page AS (
      SELECT a.id, a."createdAt" FROM "App" a
        JOIN LATERAL (SELECT v."minApiVersion" FROM "AppVersion" v WHERE v."appId" = a.id AND v.status = 'LIVE' LIMIT 1) live ON true
       WHERE ${availableSql} ${filterSql(where)} ${cursorSql(args.cursor, backward)}
       ORDER BY a."createdAt" ${order}, a.id ${order}
       OFFSET ${args.skip} LIMIT ${Math.abs(args.take)}
    )
    SELECT a.*,
           COALESCE((SELECT json_agg(t ORDER BY t.locale) FROM "ListingText" t WHERE t."appId" = a.id), '[]'::json) AS texts,
           (SELECT row_to_json(s) FROM "Section" s WHERE s.id = a."sectionId") AS section,
           COALESCE((SELECT json_agg(json_build_object(
                       'minApiVersion', v."minApiVersion",
                       'simpleConnection', v."simpleConnection",
                       'scopes', COALESCE((SELECT json_agg(json_build_object(
                                              'scopeKey', r."scopeKey", 'justification', r.justification,
                                              'pollingIntervalSeconds', r."pollingIntervalSeconds") ORDER BY r."scopeKey")
                                            FROM "RequestedScope" r WHERE r."versionId" = v.id), '[]'::json)))
                       FROM "AppVersion" v WHERE v."appId" = a.id AND v.status = 'LIVE'), '[]'::json) AS versions
      FROM page JOIN "App" a ON a.id = page.id
     ORDER BY page."createdAt" DESC, page.id DESC`,
  );
}

/**
 * `availableWhere` (domain/states.ts) in SQL: not deleted, switched off by neither side, and a live
 * version (the `live` join, a lookup per app: as an `EXISTS`, PostgreSQL turned it into a scan of
 * every live version per app before the tables had statistics). The catalog test checks
 * that both list the same apps.
 */
const availableSql = Prisma.sql`a."deletedAt" IS NULL AND NOT a."partnerDisabled" AND NOT a."platformDisabled"`;

/** The filter's conditions, each `AND …`; Prisma's `contains` with `mode: 'insensitive'` is `ILIKE '%text%'`. */
function filterSql(where: CatalogWhere): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (where.section) parts.push(Prisma.sql`AND EXISTS (SELECT 1 FROM "Section" s WHERE s.id = a."sectionId" AND s.key = ${where.section})`);
  if (where.country) parts.push(Prisma.sql`AND ${where.country.toUpperCase()} = ANY (a.countries)`);
  if (where.freeOnly) parts.push(Prisma.sql`AND a."priceMinor" = 0`);
  if (where.apiVersion != null) {
    // One live version per app (AppVersion_one_live_per_app), so the `live` join's is the one.
    parts.push(Prisma.sql`AND live."minApiVersion" <= ${where.apiVersion}`);
  }
  const text = where.search?.trim();
  if (text) {
    const pattern = `%${text}%`;
    const locale = where.locale ? Prisma.sql`AND t.locale = ${where.locale}` : Prisma.empty;
    parts.push(Prisma.sql`AND (a.code ILIKE ${pattern} OR EXISTS (
      SELECT 1 FROM "ListingText" t WHERE t."appId" = a.id ${locale} AND (t.name ILIKE ${pattern} OR t.description ILIKE ${pattern})))`);
  }
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

/** Prisma's cursor: the rows from the cursor's row on (itself included), in the order read. */
function cursorSql(cursor: { id: string } | undefined, backward: boolean): Prisma.Sql {
  if (!cursor) return Prisma.empty;
  const from = Prisma.sql`(SELECT c."createdAt", c.id FROM "App" c WHERE c.id = ${cursor.id})`;
  return backward ? Prisma.sql`AND (a."createdAt", a.id) >= ${from}` : Prisma.sql`AND (a."createdAt", a.id) <= ${from}`;
}
