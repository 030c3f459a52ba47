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
  /** Responses received in the whole round (warm-up quarter included). */
  requests: number;
  p50: number;
  p99: number;
}

/**
 * Loads `baseUrl` with `request` for `seconds`; any non-2xx answer or socket error fails the bench.
 * The rate counts the responses after the first quarter of the round (at most 0.5 s): a round
 * opens new connections, and while they fill, a slow server would otherwise look slower still.
 */
export async function load(baseUrl: string, request: BenchRequest, connections: number, seconds: number): Promise<Round> {
  const skip = Math.min(0.5, seconds / 4) * 1000;
  const times: number[] = [];
  const started = performance.now();
  const options: autocannon.Options = {
    url: `${baseUrl}${request.path}`,
    ...(request.method === 'GET'
      ? { method: 'GET' as const, headers: request.headers }
      : { method: 'POST' as const, headers: { 'content-type': 'application/json', ...request.headers }, body: request.body }),
    connections,
    duration: seconds,
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    instance.on('response', () => times.push(performance.now() - started));
  });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${baseUrl}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const steady = times.filter((t) => t >= skip && t <= seconds * 1000).length;
  // A round in which no request completed has no latencies (NaN), only a rate of zero.
  const done = result.requests.total > 0;
  return { rps: steady / (seconds - skip / 1000), requests: times.length, p50: done ? result.latency.p50 : NaN, p99: done ? result.latency.p99 : NaN };
}

/**
 * Waits until the server has worked off what the last round left in flight (autocannon abandons
 * those requests; the server still runs them), so the next round starts on an idle server.
 */
export async function drain(baseUrl: string, request: BenchRequest): Promise<void> {
  await fetch(`${baseUrl}${request.path}`, {
    method: request.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...request.headers },
    ...(request.method === 'GET' ? {} : { body: request.body }),
    signal: AbortSignal.timeout(60_000),
  }).then((response) => response.arrayBuffer());
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

/** `count` requests, two in flight, each of which must answer 200 without errors (CPU-per-request scripts). */
export async function sendMany(baseUrl: string, request: BenchRequest, count: number): Promise<void> {
  let left = count;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (left-- > 0) {
        const r = await send(baseUrl, request);
        if (r.status !== 200 || r.bytes.includes('"errors"')) throw new Error(`${baseUrl}: ${r.status} ${r.bytes.toString().slice(0, 300)}`);
      }
    }),
  );
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
