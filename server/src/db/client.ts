import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

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
  const adapter = new PrismaPg(pool, { statementNameGenerator: statementNames(), disposeExternalPool: true });
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
  return prisma;
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
