/**
 * The reference's hand-written SQL: one named (prepared) statement per shape, so PostgreSQL plans
 * each once per connection. Every statement reads what the GraphQL answer needs, and no more.
 */
import type { QueryConfig } from 'pg';

const named = (name: string, text: string) => (values: unknown[]): QueryConfig => ({ name, text, values });

/** The first required locale, the catalog's fallback; inlined into the statements that need it. */
const FALLBACK = `COALESCE((SELECT "requiredLocales"[1] FROM "Policy" WHERE id = 1), 'en')`;

/** The viewer behind a session token: staff role and partner memberships. */
export const userById = named(
  'ref_user',
  `SELECT u.id, u.name, u."staffRole",
          COALESCE(array_agg(m."partnerId") FILTER (WHERE m."partnerId" IS NOT NULL), '{}') AS partners
     FROM "User" u LEFT JOIN "Membership" m ON m."userId" = u.id
    WHERE u.id = $1
    GROUP BY u.id`,
);

/** The key behind an API key secret, with its account's country and API version. */
export const apiKeyByHash = named(
  'ref_api_key',
  `SELECT k.kind, k."revokedAt", a.country, a."apiVersion"
     FROM "ApiKey" k LEFT JOIN "Account" a ON a.id = k."accountId"
    WHERE k.hash = $1`,
);

/** Sections in display order, with their localised names and the fallback locale. */
export const sections = named(
  'ref_sections',
  `SELECT s.key, s.names, ${FALLBACK} AS fallback FROM "Section" s WHERE NOT s.archived ORDER BY s.position`,
);

/**
 * One catalog page, newest first: available apps (not deleted, neither side disabled, a LIVE
 * version) with the listing in $1 (or the fallback locale), the section and the live version's
 * minimum API version. Filters: $2 section key, $3 country, $4 free only, $5 API version,
 * $6 the id after which the page starts; $7 rows (one more than the page, for hasNextPage).
 */
export const catalogPage = named(
  'ref_catalog',
  `WITH policy AS (SELECT ${FALLBACK} AS fallback)
   SELECT a.id, a.code, a."logoSvg", a.countries, a."priceMinor", a."discountedPriceMinor", a."trialDays", a.currency,
          live."minApiVersion",
          s.key AS "sectionKey", s.names AS "sectionNames", p.fallback,
          t.locale, t.name, t.description
     FROM "App" a
     CROSS JOIN policy p
     JOIN LATERAL (SELECT v."minApiVersion" FROM "AppVersion" v WHERE v."appId" = a.id AND v.status = 'LIVE' LIMIT 1) live ON true
     LEFT JOIN "Section" s ON s.id = a."sectionId"
     LEFT JOIN LATERAL (
       SELECT t.locale, t.name, t.description FROM "ListingText" t WHERE t."appId" = a.id
        ORDER BY t.locale = $1::text DESC NULLS LAST, t.locale = p.fallback DESC, t.id LIMIT 1
     ) t ON true
    WHERE a."deletedAt" IS NULL AND NOT a."partnerDisabled" AND NOT a."platformDisabled"
      AND ($2::text IS NULL OR s.key = $2::text)
      AND ($3::text IS NULL OR a.countries @> ARRAY[$3::text])
      AND (NOT $4::boolean OR a."priceMinor" = 0)
      AND ($5::int IS NULL OR live."minApiVersion" <= $5::int)
      AND ($6::text IS NULL OR (a."createdAt", a.id) < (SELECT c."createdAt", c.id FROM "App" c WHERE c.id = $6::text))
    ORDER BY a."createdAt" DESC, a.id DESC
    LIMIT $7::int`,
);

/** postComment, step 1: lock the thread and read what the rules need. */
export const lockThread = named(
  'ref_lock_thread',
  `SELECT t.status, t."versionId", v."appId", a."partnerId"
     FROM "Thread" t JOIN "AppVersion" v ON v.id = t."versionId" JOIN "App" a ON a.id = v."appId"
    WHERE t.id = $1 FOR UPDATE OF t`,
);

/** postComment, step 2: the comment. */
export const insertComment = named(
  'ref_insert_comment',
  `INSERT INTO "Comment" (id, "threadId", "authorId", body) VALUES ($1, $2, $3, $4) RETURNING body`,
);

/** postComment, step 3: the event-order lock the event log takes (events/log.ts), then the event. */
export const eventOrderLock = named('ref_event_lock', `SELECT pg_advisory_xact_lock(72707371)`);
export const insertEvent = named(
  'ref_insert_event',
  `INSERT INTO "Event" (type, "appId", "versionId", "partnerId", "actorId", payload) VALUES ($1, $2, $3, $4, $5, $6)`,
);
