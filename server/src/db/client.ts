import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type { PrismaClient } from '../generated/prisma/client.js';

/** A transaction client, as handed to `prisma.$transaction(async (tx) => …)`. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface PrismaOptions {
  /** Pool size; 1 on PGlite, which is one backend session (see app.ts). */
  maxConnections?: number;
  /** Called with every SQL statement, e.g. to count queries in tests. */
  onQuery?: (sql: string) => void;
}

/** Prisma Client over node-postgres, for the embedded PGlite server and a real Postgres alike. */
export function createPrisma(databaseUrl: string, options: PrismaOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  const prisma = new PrismaClient({
    adapter,
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
