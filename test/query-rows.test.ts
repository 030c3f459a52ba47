import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../server/src/generated/prisma/client.js';
import { createPrisma, queryRows, type PrismaClient } from '../server/src/db/client.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';

// queryRows runs the hot hand-written statements on Prisma's pool instead of `$queryRaw`: its rows
// must be the ones `$queryRaw` returns, whatever the process' time zone.

describe.runIf(await postgresAvailable())('queryRows', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const seen: string[] = [];
  const zone = process.env.TZ;

  beforeAll(async () => {
    // Far from UTC: a timestamp read or sent in local time would be off by nine hours.
    process.env.TZ = 'Asia/Tokyo';
    db = await createTestDatabase();
    prisma = createPrisma(db.url, { maxConnections: 2, onQuery: (sql) => seen.push(sql) });
  });
  afterAll(async () => {
    process.env.TZ = zone;
    await prisma?.$disconnect();
    await db?.drop();
  });

  const sent = new Date('2026-03-04T05:06:07.089Z');
  const statement = () => Prisma.sql`
    SELECT '2026-01-02 03:04:05.678'::timestamp(3) AS stamp, ${sent}::timestamp(3) AS sent,
           ${sent}::timestamp(3) = '2026-03-04 05:06:07.089'::timestamp(3) AS "sentAsUtc",
           9007199254740993::int8 AS big, 7::int4 AS small, 'x'::text AS text, ARRAY['b', 'a'] AS list,
           json_build_object('n', 1, 'at', '2026-01-02 03:04:05.678'::timestamp(3)) AS doc, NULL::timestamp AS nothing`;

  it('returns the rows $queryRaw returns, timestamps in UTC and int8 as bigint', async () => {
    const [direct] = await queryRows<Record<string, unknown>>(prisma, statement());
    const [raw] = await prisma.$queryRaw<Record<string, unknown>[]>(statement());
    expect(raw).toBeDefined();
    expect(direct).toEqual(raw);
    expect(direct).toEqual({
      stamp: new Date('2026-01-02T03:04:05.678Z'),
      sent,
      sentAsUtc: true,
      big: 9007199254740993n,
      small: 7,
      text: 'x',
      list: ['b', 'a'],
      doc: { n: 1, at: '2026-01-02T03:04:05.678' },
      nothing: null,
    });
  });

  it("reports its statement to the client's query hook and reuses its prepared name", async () => {
    seen.length = 0;
    for (let i = 0; i < 3; i++) await queryRows(prisma, Prisma.sql`SELECT ${i}::int AS i`);
    expect(seen).toEqual(Array(3).fill('SELECT $1::int AS i'));
    const [{ prepared }] = (await queryRows<{ prepared: bigint }>(prisma, Prisma.sql`SELECT count(*) AS prepared FROM pg_prepared_statements WHERE statement = 'SELECT $1::int AS i'`)) as [{ prepared: bigint }];
    // At most one per pooled connection, however many calls.
    expect(Number(prepared)).toBeLessThanOrEqual(1);
  });

  it("runs on a transaction's own connection (as $queryRaw) inside a transaction", async () => {
    const inside = await prisma.$transaction(async (tx) => {
      const [{ id }] = (await queryRows<{ id: number }>(tx, Prisma.sql`SELECT pg_backend_pid() AS id`)) as [{ id: number }];
      const [{ again }] = (await tx.$queryRaw<{ again: number }[]>`SELECT pg_backend_pid() AS again`) as [{ again: number }];
      return [id, again];
    });
    expect(inside[0]).toBe(inside[1]);
  });
});
