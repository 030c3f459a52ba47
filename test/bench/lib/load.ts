/** HTTP load from the bench's process (autocannon) and the statistics the tables print. */
import autocannon from 'autocannon';

/** One request, as every target of a scenario receives it. */
export interface BenchRequest {
  /** POST (with `body`) unless GET. */
  method?: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Round {
  rps: number;
  p50: number;
  p99: number;
}

/** Loads `baseUrl` with `request` for `seconds`; any non-2xx answer or socket error fails the bench. */
export async function load(baseUrl: string, request: BenchRequest, connections: number, seconds: number): Promise<Round> {
  const result = await autocannon({
    url: `${baseUrl}${request.path}`,
    ...(request.method === 'GET'
      ? { method: 'GET' as const, headers: request.headers }
      : { method: 'POST' as const, headers: { 'content-type': 'application/json', ...request.headers }, body: request.body }),
    connections,
    duration: seconds,
  });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${baseUrl}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  // A round in which no request completed has no latencies (NaN), only a rate of zero.
  const done = result.requests.total > 0;
  return { rps: result.requests.total / seconds, p50: done ? result.latency.p50 : NaN, p99: done ? result.latency.p99 : NaN };
}

/** Sends `request` once and returns the status and the exact bytes of the body. */
export async function send(baseUrl: string, request: BenchRequest): Promise<{ status: number; bytes: Buffer; contentType: string }> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '' };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Median and spread of a measure over the rounds. */
export interface Summary {
  median: number;
  min: number;
  max: number;
}

/** Median, min and max of the values that are numbers (NaN when none is). */
export function summarize(values: number[]): Summary {
  const known = values.filter((v) => !Number.isNaN(v));
  return known.length ? { median: median(known), min: Math.min(...known), max: Math.max(...known) } : { median: NaN, min: NaN, max: NaN };
}

/** Where two byte strings first differ, with some context, for a loud failure. */
export function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (buf: Buffer) => JSON.stringify(buf.subarray(Math.max(0, i - 80), i + 80).toString());
  return `byte ${i} (lengths ${a.length} / ${b.length}):\n  ours:      …${around(a)}…\n  reference: …${around(b)}…`;
}
