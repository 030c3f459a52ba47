/**
 * The bench's environments, one per database: Vetline's built server and the reference server
 * over the same data (demo seed + the bench's apps), each in its own process. On PostgreSQL both
 * also run a second time behind the SQL counter, to count statements without slowing the runs.
 */
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ADMIN_URL } from '../../helpers/postgres.js';
import { backendPids, withApplicationName } from './cpu.js';
import { benchDataSql } from '../data.js';
import { MEASURED_SERVER_ARGS, onCleanUp, REFERENCE_ARGS, SERVER_ARGS, startServer, type Child } from './processes.js';
import { startSqlCounter, type SqlCounter } from './sql-counter.js';

export type Database = 'postgres' | 'embedded';

export interface BenchEnv {
  db: Database;
  /** Vetline's built server. */
  ours: Child;
  /** The hand-written reference over the same data. */
  reference: Child;
  /** The fixed-bytes ceiling (shared by every environment). */
  fixed: Child;
  /** PostgreSQL only: a second Vetline and reference whose SQL goes through `counter`. */
  counting?: { ours: Child; reference: Child; counter: SqlCounter };
  /** The embedded environment only: a folder holding the seeded data, to copy for start-up runs. */
  seededTemplate?: string;
  /** Another build of Vetline over the same data (`--against`), e.g. the one before a change. */
  against?: Child;
  /** PostgreSQL only: the database backends serving each server, for CPU per request. */
  backends?: Partial<Record<'ours' | 'reference' | 'against', () => Promise<number[]>>>;
}

/** Session tokens of both servers are signed with this (JWT_SECRET is honoured in both modes). */
export const JWT_SECRET = 'bench-secret-that-is-at-least-32-characters-long';

/**
 * Rate-limit budgets no load from one address can spend: the limits still count every operation
 * (their cost is in the figures), they never refuse one.
 */
export const UNSPENDABLE_RATE_LIMITS = { VETLINE_RATE_PUBLIC_POINTS: '1000000000000', VETLINE_RATE_SIGNED_IN_POINTS: '1000000000000' };

/** The environment Vetline runs with: production mode, quiet logs, budgets the load cannot spend. */
export function serverEnv(extra: Record<string, string>): Record<string, string> {
  return { NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'warn', JWT_SECRET, ...UNSPENDABLE_RATE_LIMITS, ...extra };
}

const referenceEnv = (extra: Record<string, string>) => ({ NODE_ENV: 'production', JWT_SECRET, ...extra });

/** A temporary folder, removed at cleanup. */
export async function tempFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  onCleanUp(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The PGlite data directory inside an embedded data folder: the folder itself or one level down. */
async function pgliteDir(dataDir: string): Promise<string> {
  const has = (dir: string) => stat(path.join(dir, 'PG_VERSION')).then(() => true, () => false);
  if (await has(dataDir)) return dataDir;
  for (const entry of await readdir(dataDir, { withFileTypes: true })) {
    if (entry.isDirectory() && (await has(path.join(dataDir, entry.name)))) return path.join(dataDir, entry.name);
  }
  throw new Error(`No PGlite database found in ${dataDir}`);
}

/** Sets up one database's environment; everything it starts is stopped by `cleanUp()`. */
export async function setUpEnv(db: Database, fixed: Child, log: (line: string) => void, againstArgs?: string[]): Promise<BenchEnv> {
  return db === 'postgres' ? setUpPostgres(fixed, log, againstArgs) : setUpEmbedded(fixed, log, againstArgs);
}

async function setUpPostgres(fixed: Child, log: (line: string) => void, againstArgs?: string[]): Promise<BenchEnv> {
  const name = `vetline_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  onCleanUp(async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  log(`postgres: database ${name}; seeding the demo marketplace`);
  const seeding = await startServer('vetline (seeding)', SERVER_ARGS, serverEnv({ DATABASE_URL: databaseUrl, VETLINE_SEED_DEMO: 'true' }));
  await seeding.stop();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(benchDataSql());
  await client.end();

  // Each measured server's connections carry a name, so the CPU of its backends can be read.
  const named = (name: string) => withApplicationName(databaseUrl, name);
  const backends = {
    ours: () => backendPids(ADMIN_URL, 'bench-vetline'),
    reference: () => backendPids(ADMIN_URL, 'bench-reference'),
    against: () => backendPids(ADMIN_URL, 'bench-against'),
  };
  const ours = await startServer('vetline', MEASURED_SERVER_ARGS, serverEnv({ DATABASE_URL: named('bench-vetline'), VETLINE_SEED_DEMO: 'true' }));
  const reference = await startServer('reference', REFERENCE_ARGS, referenceEnv({ REF_DATABASE_URL: named('bench-reference') }));
  const counter = await startSqlCounter(databaseUrl);
  // The counting Vetline polls the event log only when nudged, so a timer adds no statements.
  const countingOurs = await startServer(
    'vetline (counted)',
    SERVER_ARGS,
    serverEnv({ DATABASE_URL: counter.url, VETLINE_SEED_DEMO: 'true', VETLINE_EVENT_POLL_MS: '3600000' }),
  );
  const countingReference = await startServer('reference (counted)', REFERENCE_ARGS, referenceEnv({ REF_DATABASE_URL: counter.url }));
  const against =
    againstArgs && (await startServer('vetline (other build)', againstArgs, serverEnv({ DATABASE_URL: named('bench-against'), VETLINE_SEED_DEMO: 'true' })));
  return {
    db: 'postgres',
    ours,
    reference,
    fixed,
    counting: { ours: countingOurs, reference: countingReference, counter },
    backends,
    ...(against ? { against } : {}),
  };
}

async function setUpEmbedded(fixed: Child, log: (line: string) => void, againstArgs?: string[]): Promise<BenchEnv> {
  const base = await tempFolder('vetline-bench-');
  const oursDir = path.join(base, 'ours');
  log(`embedded: seeding the demo marketplace in ${oursDir}`);
  const seeding = await startServer('vetline (seeding)', SERVER_ARGS, serverEnv({ VETLINE_DATA_DIR: oursDir }));
  await seeding.stop();
  // The bench's apps go in through PGlite itself, while no server holds the folder.
  const { PGlite } = await import('@electric-sql/pglite');
  const lite = await PGlite.create(await pgliteDir(oursDir));
  await lite.exec(benchDataSql());
  await lite.close();
  // The reference gets its own copy of the same data: one PGlite folder has one owner.
  const referenceDir = path.join(base, 'reference');
  const seededTemplate = path.join(base, 'template');
  await cp(oursDir, referenceDir, { recursive: true });
  await cp(oursDir, seededTemplate, { recursive: true });
  const againstDir = path.join(base, 'against');
  if (againstArgs) await cp(oursDir, againstDir, { recursive: true });

  const ours = await startServer('vetline', MEASURED_SERVER_ARGS, serverEnv({ VETLINE_DATA_DIR: oursDir }));
  const reference = await startServer('reference', REFERENCE_ARGS, referenceEnv({ REF_PGLITE_DIR: await pgliteDir(referenceDir) }));
  const against = againstArgs && (await startServer('vetline (other build)', againstArgs, serverEnv({ VETLINE_DATA_DIR: againstDir })));
  return { db: 'embedded', ours, reference, fixed, seededTemplate, ...(against ? { against } : {}) };
}
