/**
 * One HTTP scenario on one environment: check the reference answers the same bytes as Vetline,
 * count SQL statements per request, then measure Vetline, the reference and the fixed-bytes
 * ceiling interleaved (A/B/C, A/B/C, …) so that load from elsewhere on the machine hits all alike.
 */
import type { BenchEnv } from './env.js';
import { drain, firstDifference, load, send, summarize, type BenchRequest, type Round } from './load.js';
import { measureCpu, type CpuSample } from './cpu.js';
import type { Child } from './processes.js';
import type { BenchOptions, ComparisonRow, HttpScenario, StatementCount, TargetResult } from './suite.js';

/** Requests sent one after another to count statements; the first (warm-up) is not counted. */
const COUNTED_REQUESTS = 10;
/** Warm-up per target before the rounds: JIT, caches, prepared statements. */
const WARM_UP_SECONDS = 1;

/** Fails loudly unless both bodies are byte-identical (and the status matches). */
export async function assertIdentical(scenario: string, ours: Child, reference: Child, request: BenchRequest) {
  const [a, b] = await Promise.all([send(ours.url, request), send(reference.url, request)]);
  if (a.status !== 200 || b.status !== 200 || !a.bytes.equals(b.bytes)) {
    throw new Error(
      `${scenario}: the reference's answer differs from Vetline's (status ${a.status} / ${b.status}) at ${firstDifference(a.bytes, b.bytes)}`,
    );
  }
  return a;
}

async function countStatements(env: BenchEnv, target: 'ours' | 'reference', request: BenchRequest): Promise<StatementCount> {
  const counting = env.counting!;
  const url = counting[target].url;
  await send(url, request);
  counting.counter.reset();
  for (let i = 0; i < COUNTED_REQUESTS; i++) {
    const { status } = await send(url, request);
    if (status !== 200) throw new Error(`counting ${target}: status ${status}`);
  }
  // Let the last request's trailing statements (a feed nudge after a mutation) arrive.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const counts = counting.counter.counts();
  return { statements: (counts.queries + counts.executes) / COUNTED_REQUESTS, parses: counts.parses / COUNTED_REQUESTS };
}

type MeasuredRound = Round & { cpu?: CpuSample };

const summary = (rounds: MeasuredRound[]): TargetResult => {
  const perRequest = (part: keyof CpuSample) => summarize(rounds.map((r) => (r.cpu && r.requests ? r.cpu[part] / r.requests : NaN)));
  return {
    rps: summarize(rounds.map((r) => r.rps)),
    p50: summarize(rounds.map((r) => r.p50)),
    p99: summarize(rounds.map((r) => r.p99)),
    ...(rounds.some((r) => r.cpu) ? { cpu: { server: perRequest('serverMs'), database: perRequest('databaseMs') } } : {}),
  };
};

export async function compareHttp(env: BenchEnv, scenario: HttpScenario, options: BenchOptions): Promise<ComparisonRow> {
  const { log } = options;
  const request = await scenario.request(env);
  const first = await send(env.ours.url, request);
  if (first.status !== 200 || first.bytes.includes('"errors"')) {
    throw new Error(`${scenario.key}: Vetline answered ${first.status}: ${first.bytes.toString().slice(0, 500)}`);
  }
  if (scenario.reference) await assertIdentical(scenario.key, env.ours, env.reference, request);
  // A session lives in the database it was opened in: the other build's embedded folder is a copy made before any sign-in.
  const against = env.against && !(env.db === 'embedded' && request.headers.authorization) ? env.against : undefined;
  if (scenario.reference && against) await assertIdentical(`${scenario.key} (other build)`, env.ours, against, request);

  const sql = env.counting
    ? {
        ours: await countStatements(env, 'ours', request),
        ...(scenario.reference ? { reference: await countStatements(env, 'reference', request) } : {}),
      }
    : undefined;

  const measureFixed = !options.ceilings.has(scenario.key);
  if (measureFixed) {
    await fetch(`${env.fixed.url}/__bytes`, { method: 'PUT', headers: { 'content-type': first.contentType }, body: new Uint8Array(first.bytes) });
  }
  const targets: { name: 'ours' | 'against' | 'reference' | 'fixed'; url: string; pid?: number }[] = [
    { name: 'ours', url: env.ours.url, pid: env.ours.process.pid! },
    ...(against ? [{ name: 'against' as const, url: against.url, pid: against.process.pid! }] : []),
    ...(scenario.reference ? [{ name: 'reference' as const, url: env.reference.url, pid: env.reference.process.pid! }] : []),
    ...(measureFixed ? [{ name: 'fixed' as const, url: env.fixed.url }] : []),
  ];
  for (const target of targets) {
    await load(target.url, request, scenario.connections, WARM_UP_SECONDS);
    await drain(target.url, request);
  }
  const rounds = new Map(targets.map((t) => [t.name, [] as MeasuredRound[]]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const target of targets) {
      // CPU over the round and its drain (what the round left in flight finishes there).
      const measured = async () => {
        const done = await load(target.url, request, scenario.connections, options.seconds);
        await drain(target.url, request);
        return { ...done, requests: done.requests + 1 };
      };
      if (target.pid === undefined) {
        rounds.get(target.name)!.push(await measured());
      } else {
        const backends = target.name === 'fixed' ? undefined : env.backends?.[target.name];
        const { result, cpu } = await measureCpu(target.pid, backends, measured);
        rounds.get(target.name)!.push({ ...result, cpu });
      }
    }
    const line = targets.map((t) => `${t.name} ${rounds.get(t.name)!.at(-1)!.rps.toFixed(0)}`).join(', ');
    log(`  ${env.db} ${scenario.key} round ${round}/${options.rounds}: ${line} req/s`);
  }
  if (scenario.reference) await assertIdentical(scenario.key, env.ours, env.reference, request);

  const fixed = measureFixed ? summary(rounds.get('fixed')!) : options.ceilings.get(scenario.key)!;
  if (measureFixed) options.ceilings.set(scenario.key, fixed);
  return {
    db: env.db,
    scenario: scenario.title,
    connections: scenario.connections,
    ours: summary(rounds.get('ours')!),
    ...(scenario.reference ? { reference: summary(rounds.get('reference')!) } : {}),
    ...(against ? { against: summary(rounds.get('against')!) } : {}),
    fixed,
    fixedElsewhere: !measureFixed,
    identical: scenario.reference ? true : 'not compared',
    ...(sql ? { sql } : {}),
    responseBytes: first.bytes.length,
  };
}
