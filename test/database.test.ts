import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { verifyPassword } from '../server/src/auth/passwords.js';
import { createPrisma, statementNames, type PrismaClient } from '../server/src/db/client.js';
import { listMigrations, migrate } from '../server/src/db/migrate.js';
import { demo, ids } from '../server/src/db/demo-fixture.js';
import { DEMO_PASSWORD, seedDemo } from '../server/src/db/seed.js';
import { takeSnapshot } from '../server/src/domain/snapshot.js';
import { createEmbeddedDatabase } from './helpers/embedded.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';

/** A JSON value with its object keys sorted (jsonb keeps its own key order). */
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]))
      : value;

const backends: [string, () => Promise<TestDatabase>, boolean][] = [
  ['PGlite (embedded)', createEmbeddedDatabase, true],
  ['PostgreSQL', createTestDatabase, await postgresAvailable()],
];

describe.each(backends)('the database on %s', (_name, create, available) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  const statements: string[] = [];

  beforeAll(async () => {
    if (!available) return;
    db = await create();
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it.runIf(available)('should apply every migration once, then nothing', async () => {
    const first = await migrate(db.url);
    expect(first.applied).toEqual(await listMigrations());
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(db.url);
    expect(second.applied).toEqual([]);
    prisma = createPrisma(db.url, { maxConnections: 1, onQuery: (sql) => statements.push(sql) });
  });

  it.runIf(available)('should seed the demo marketplace once and keep it on a second run', async () => {
    statements.length = 0;
    expect(await seedDemo(prisma)).toBe(true);
    // One multi-row INSERT per table, not one per row (~900 rows).
    const inserted = statements.flatMap((sql) => /^INSERT INTO "public"\."(\w+)"/.exec(sql)?.[1] ?? []);
    expect(inserted.length).toBeGreaterThanOrEqual(19);
    expect(new Set(inserted).size).toBe(inserted.length);
    expect(statements.length).toBeLessThanOrEqual(30);
    const counts = {
      apps: await prisma.app.count(),
      users: await prisma.user.count(),
      queue: await prisma.appVersion.count({ where: { status: { in: ['SUBMITTED', 'IN_REVIEW'] } } }),
      live: await prisma.appVersion.count({ where: { status: 'LIVE' } }),
      texts: await prisma.listingText.groupBy({ by: ['locale'], _count: true }),
      events: await prisma.event.count(),
      openThreads: await prisma.thread.count({ where: { status: 'OPEN' } }),
      resolvedThreads: await prisma.thread.count({ where: { status: 'RESOLVED' } }),
      installations: await prisma.installation.count({ where: { disconnectedAt: null } }),
    };
    expect(counts.apps).toBeGreaterThanOrEqual(11);
    expect(counts.queue).toBeGreaterThanOrEqual(12);
    expect(counts.live).toBeGreaterThan(0);
    expect(counts.texts.map((t) => t.locale).sort()).toEqual(['en', 'ru']);
    expect(counts.events).toBeGreaterThan(counts.apps);
    expect(counts.openThreads).toBeGreaterThan(0);
    expect(counts.resolvedThreads).toBeGreaterThan(0);
    expect(counts.installations).toBeGreaterThan(0);
    const statuses = await prisma.appVersion.groupBy({ by: ['status'], _count: true });
    expect(statuses.map((s) => s.status).sort()).toEqual(
      ['APPROVED', 'CHANGES_REQUESTED', 'DRAFT', 'IN_REVIEW', 'LIVE', 'REJECTED', 'SUBMITTED', 'SUPERSEDED', 'WITHDRAWN'].sort(),
    );

    // Snapshots are built in memory: each is what takeSnapshot reads now, except where the fixture
    // says the round was submitted with something else.
    const changed = demo.apps.flatMap((a) =>
      a.versions.flatMap((v) => (v.rounds ?? []).flatMap((r, i) => (r.submitted ? [ids.round(`${a.code}@${v.version}`, i + 1)] : []))),
    );
    const differing: string[] = [];
    for (const round of await prisma.reviewRound.findMany()) {
      if (JSON.stringify(sorted(round.snapshot)) !== JSON.stringify(sorted(await takeSnapshot(prisma, round.versionId)))) differing.push(round.id);
    }
    expect(changed.length).toBeGreaterThan(0);
    expect(differing.sort()).toEqual(changed.sort());

    // The fixture's precomputed hash is the demo password's.
    for (const { passwordHash } of await prisma.user.findMany()) expect(await verifyPassword(DEMO_PASSWORD, passwordHash)).toBe(true);

    expect(await seedDemo(prisma)).toBe(false);
    expect(await prisma.app.count()).toBe(counts.apps);
    expect(await prisma.event.count()).toBe(counts.events);
  });

  describe('constraints the database itself holds', () => {
    // Raw SQL, so the refusals come from Postgres and not from any code of ours.
    async function sql(text: string, values: unknown[] = []) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return await client.query(text, values);
      } finally {
        await client.end();
      }
    }
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'accepted',
        (error: { code?: string; constraint?: string }) => `${error.code}:${error.constraint ?? ''}`,
      );

    async function someApp() {
      const app = await prisma.app.findFirstOrThrow({
        where: { versions: { some: { status: 'LIVE' } }, code: 'nordlys-crm' },
        include: { versions: true },
      });
      return app;
    }

    it.runIf(available)('should refuse a duplicate app code', async () => {
      const app = await someApp();
      const result = await refusal(
        sql(`INSERT INTO "App" (id, code, "partnerId", "createdById", "updatedAt") VALUES ('dup1', $1, $2, $3, now())`, [
          app.code,
          app.partnerId,
          app.createdById,
        ]),
      );
      expect(result).toBe('23505:App_code_key');
    });

    it.runIf(available)('should refuse an app code outside Latin letters, digits, - and _', async () => {
      const app = await someApp();
      const result = await refusal(
        sql(`INSERT INTO "App" (id, code, "partnerId", "createdById", "updatedAt") VALUES ('bad1', 'bad code!', $1, $2, now())`, [
          app.partnerId,
          app.createdById,
        ]),
      );
      expect(result).toBe('23514:App_code_format');
    });

    it.runIf(available)('should refuse a second LIVE version of an app', async () => {
      const app = await someApp();
      const superseded = app.versions.find((v) => v.status === 'SUPERSEDED');
      expect(superseded).toBeDefined();
      const result = await refusal(sql(`UPDATE "AppVersion" SET status = 'LIVE' WHERE id = $1`, [superseded!.id]));
      expect(result).toBe('23505:AppVersion_one_live_per_app');
    });

    it.runIf(available)('should refuse a second version in flight', async () => {
      const inFlight = await prisma.appVersion.findFirstOrThrow({ where: { status: 'IN_REVIEW' } });
      const result = await refusal(
        sql(
          `INSERT INTO "AppVersion" (id, "appId", version, status, "createdById", "updatedAt")
           VALUES ('second', $1, '99.0', 'DRAFT', $2, now())`,
          [inFlight.appId, inFlight.createdById],
        ),
      );
      expect(result).toBe('23505:AppVersion_one_in_flight_per_app');
    });

    it.runIf(available)('should refuse a discount not below the price, and a trial on a free app', async () => {
      const app = await someApp();
      expect(await refusal(sql(`UPDATE "App" SET "discountedPriceMinor" = "priceMinor" WHERE id = $1`, [app.id]))).toBe(
        '23514:App_discount_below_price',
      );
      expect(
        await refusal(sql(`UPDATE "App" SET "priceMinor" = 0, "discountedPriceMinor" = NULL, "trialDays" = 14 WHERE id = $1`, [app.id])),
      ).toBe('23514:App_trial_only_when_paid');
    });

    it.runIf(available)('should keep the event log append-only', async () => {
      const result = await refusal(sql(`DELETE FROM "Event" WHERE id = (SELECT min(id) FROM "Event")`));
      expect(result).toBe('23001:');
      expect(await refusal(sql(`UPDATE "Event" SET type = 'x'`))).toBe('23001:');
    });
  });
});

describe('statementNames', () => {
  it('should give one SQL text one name, another text another, and leave texts past the limit unnamed', () => {
    const nameOf = statementNames(2);
    const a = nameOf({ sql: 'SELECT $1' });
    const b = nameOf({ sql: 'SELECT $1, $2' });
    expect(a).not.toBe('');
    expect(b).not.toBe(a);
    expect(nameOf({ sql: 'SELECT $1' })).toBe(a);
    expect(nameOf({ sql: 'SELECT $1, $2, $3' })).toBe('');
    expect(nameOf({ sql: 'SELECT $1, $2' })).toBe(b);
  });
});
