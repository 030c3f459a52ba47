-- Hand-written: app codes are unique whatever their case (`QA-X` and `qa-x` are one code), which
-- the Prisma schema language cannot express. Codes that already clash stop the migration with
-- their names, since an integration code is never changed silently.
DO $$
DECLARE
  clashes TEXT;
BEGIN
  SELECT string_agg(codes, '; ') INTO clashes
  FROM (SELECT string_agg("code", ', ' ORDER BY "code") AS codes FROM "App" GROUP BY lower("code") HAVING count(*) > 1) AS c;
  IF clashes IS NOT NULL THEN
    RAISE EXCEPTION 'App codes that differ only in case must be told apart before this migration: %', clashes;
  END IF;
END $$;

CREATE UNIQUE INDEX "App_code_lower_key" ON "App" (lower("code"));
