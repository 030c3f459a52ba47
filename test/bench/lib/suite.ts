/**
 * What a bench suite is: a module the entry runs on each database environment. HTTP comparisons
 * (ours against the reference and the fixed-bytes ceiling) share `compareHttp`; other suites
 * (start-up, and later live fan-out) return their own tables.
 */
import type { BenchEnv, Database } from './env.js';
import type { BenchRequest, Summary } from './load.js';

export interface BenchOptions {
  rounds: number;
  /** Length of one round of one target. */
  seconds: number;
  log: (line: string) => void;
  /** Ceilings already measured in this run, by scenario: the fixed-bytes server knows no database. */
  ceilings: Map<string, TargetResult>;
}

export interface TargetResult {
  rps: Summary;
  p50: Summary;
  p99: Summary;
  /** CPU milliseconds per request: the server's process, and its PostgreSQL backends (0 when embedded). */
  cpu?: { server: Summary; database: Summary };
}

export interface StatementCount {
  /** Statements executed per request: simple queries + executes. */
  statements: number;
  /** Parse messages per request: statements PostgreSQL plans again. */
  parses: number;
}

/** One scenario measured on one database. */
export interface ComparisonRow {
  db: Database;
  scenario: string;
  connections: number;
  ours: TargetResult;
  reference?: TargetResult;
  /** The other build (`--against`), when the run has one. */
  against?: TargetResult;
  fixed?: TargetResult;
  /** Whether the ceiling was measured in another environment of this run. */
  fixedElsewhere?: boolean;
  identical: boolean | 'not compared';
  sql?: { ours: StatementCount; reference?: StatementCount };
  responseBytes: number;
}

export type SuiteResult =
  | { kind: 'comparison'; row: ComparisonRow }
  | { kind: 'table'; title: string; header: string[]; rows: string[][]; notes?: string[] };

export interface BenchSuite {
  /** What `--only` selects. */
  name: string;
  /** The databases it runs on; all by default. */
  databases?: Database[];
  run(env: BenchEnv, options: BenchOptions): Promise<SuiteResult[]>;
}

/** An HTTP scenario: one request, sent to Vetline, the reference (when it implements it) and the ceiling. */
export interface HttpScenario {
  /** Stable key, e.g. `catalog-20`. */
  key: string;
  title: string;
  connections: number;
  /** Whether the reference serves it (then its bytes must equal ours). */
  reference: boolean;
  /** The databases it runs on; all by default (fewer keeps the whole bench short). */
  databases?: Database[];
  request(env: BenchEnv): Promise<BenchRequest>;
}
