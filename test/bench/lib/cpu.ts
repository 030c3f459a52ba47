/**
 * CPU time per request, by process: the server's own process (with its threads, so an embedded
 * database counts here) and, on PostgreSQL, the database backends serving that server. Read from
 * `/proc/<pid>/stat` (user + system ticks), so it measures work done, whatever else the machine runs:
 * a noisy machine stretches wall-clock rates, much less the CPU a request costs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/** User + system CPU milliseconds a process (all its threads) has used so far; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The backends PostgreSQL runs for connections named `applicationName` (the pools are steady under load). */
export async function backendPids(adminUrl: string, applicationName: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/** A database URL whose connections carry `name`, so their backends can be found. */
export function withApplicationName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', name);
  return url.toString();
}

/** CPU used by a server and its database backends over a stretch of work. */
export interface CpuSample {
  serverMs: number;
  databaseMs: number;
}

/** Measures the CPU `work` costs the server `pid` and the backends named `applicationName` (if any). */
export async function measureCpu<T>(
  pid: number,
  backends: (() => Promise<number[]>) | undefined,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuSample }> {
  // Backends are looked up before and after: a pool may open a connection during the work.
  const before = new Map<number, number>();
  for (const backend of (await backends?.()) ?? []) before.set(backend, cpuMs(backend));
  const serverBefore = cpuMs(pid);
  const result = await work();
  const serverMs = cpuMs(pid) - serverBefore;
  let databaseMs = 0;
  for (const backend of (await backends?.()) ?? []) databaseMs += cpuMs(backend) - (before.get(backend) ?? 0);
  return { result, cpu: { serverMs, databaseMs } };
}
