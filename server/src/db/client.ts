import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';

export type { PrismaClient } from '../generated/prisma/client.js';

/** A transaction client, as handed to `prisma.$transaction(async (tx) => …)`. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface PrismaOptions {
  /** Pool size; 1 on PGlite, which is one backend session (see app.ts). */
  maxConnections?: number;
  /**
   * Every connection reaches the same backend session (PGlite): prepared statements outlive the
   * connection that made them, so each new connection drops them first.
   */
  sharedSession?: boolean;
  /** Called with every SQL statement, e.g. to count queries in tests. */
  onQuery?: (sql: string) => void;
  /** Called on every statement a pooled connection sends (cheaply: no text, no event object). */
  onStatement?: () => void;
  /** Receives the pool, for its gauges (in use, idle, waiting). */
  onPool?: (pool: pg.Pool) => void;
}

/**
 * Query shapes whose compiled plans Prisma keeps (an LRU, keyed by the shape without its values):
 * a shape is compiled once, not on every call. Vetline has a few hundred shapes.
 */
const QUERY_PLAN_CACHE_SIZE = 1000;

/**
 * Distinct statements prepared by name on each connection; any further one is sent unnamed (parsed
 * and planned every time), so shapes that vary without end (an `IN` list of every length) cannot
 * grow the server's memory for ever.
 */
const MAX_NAMED_STATEMENTS = 500;

/**
 * Names each distinct SQL text once per process (`vl1`, `vl2`, …): node-postgres then prepares it
 * once per connection and afterwards sends only Bind/Execute, so PostgreSQL no longer parses and
 * plans the statement on every call. One text always gets the same name, as `pg` requires.
 */
export function statementNames(max = MAX_NAMED_STATEMENTS): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      name = `vl${names.size + 1}`;
      names.set(sql, name);
    }
    // '' is PostgreSQL's unnamed statement.
    return name ?? '';
  };
}

/** Prisma Client over node-postgres, for the embedded PGlite server and a real Postgres alike. */
export function createPrisma(databaseUrl: string, options: PrismaOptions = {}): PrismaClient {
  const poolConfig: pg.PoolConfig = { connectionString: databaseUrl, max: options.maxConnections ?? 10 };
  // The pool awaits this before handing a new connection out (and fails the checkout if it fails).
  if (options.sharedSession) {
    poolConfig.onConnect = async (client) => {
      await client.query('DEALLOCATE ALL');
    };
  }
  if (options.onStatement) poolConfig.Client = countingClient(options.onStatement);
  const pool = new pg.Pool(poolConfig);
  options.onPool?.(pool);
  const nameOf = statementNames();
  const adapter = new PrismaPg(pool, { statementNameGenerator: nameOf, disposeExternalPool: true });
  const prisma = new PrismaClient({
    adapter,
    queryPlanCacheMaxSize: QUERY_PLAN_CACHE_SIZE,
    // With one pooled connection (the embedded mode) a transaction may wait for another to end.
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
    log: options.onQuery ? [{ emit: 'event', level: 'query' }] : [],
  });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    prisma.$on('query' as never, (event: { query: string }) => onQuery(event.query));
  }
  pools.set(prisma, { pool, nameOf, onQuery: options.onQuery });
  return prisma;
}

/** The pool under each client {@link createPrisma} made, with the statement names its adapter uses. */
const pools = new WeakMap<object, { pool: pg.Pool; nameOf: (query: { sql: string }) => string; onQuery: ((sql: string) => void) | undefined }>();

/**
 * Rows of a hand-written statement, as `prisma.$queryRaw` returns them, for the few hot paths
 * where Prisma's handling of a raw query's values and rows cost more than the statement (the
 * catalog page, the live set-up reads). On a client from {@link createPrisma} it goes through
 * the same pool with the same statement names (prepared once per connection), reported to the
 * same `onQuery`/`onStatement` hooks; on anything else (a transaction's client) it is `$queryRaw`.
 *
 * Values and columns convert as Prisma converts them: `Date` values are sent as UTC, `timestamp`
 * columns (Prisma's `DateTime`, stored without a zone, in UTC) read as UTC, `int8` as `bigint`,
 * `json`/`jsonb` parsed; the rest as node-postgres reads them.
 */
export async function queryRows<T>(prisma: PrismaClient | Tx, query: Prisma.Sql): Promise<T[]> {
  const direct = pools.get(prisma);
  if (!direct) return (prisma as PrismaClient).$queryRaw<T[]>(query);
  const text = query.text;
  direct.onQuery?.(text);
  const values = query.values.map((value) => (value instanceof Date ? value.toISOString() : value));
  const result = await direct.pool.query<T & pg.QueryResultRow>({ text, values, name: direct.nameOf({ sql: text }) || undefined, types: PRISMA_TYPES } as pg.QueryConfig);
  return result.rows;
}

/** node-postgres' type parsers, with Prisma's readings where they differ. */
const PRISMA_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.TIMESTAMP) return parseUtcTimestamp;
    if (oid === pg.types.builtins.INT8) return BigInt;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

/** `2026-11-26 17:00:00.123` (no zone: Prisma stores UTC) → the `Date` of that UTC instant. */
function parseUtcTimestamp(text: string): Date | string {
  // 'infinity' and the like stay text, as node-postgres leaves them.
  return /^\d/.test(text) ? new Date(`${text.replace(' ', 'T')}Z`) : text;
}

/** A pg client class that reports each statement it sends. */
function countingClient(onStatement: () => void): typeof pg.Client {
  return class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      onStatement();
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  } as typeof pg.Client;
}
