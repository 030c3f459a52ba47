// Live delivery at scale: Vetline against a raw `ws` broadcaster of the same bytes, in the same run,
// and (one stream) against graphql-ws' own server with nothing of Vetline's: the library's floor.
// `pnpm bench:live [--only=fanout,partners,catchup,redis] [--sizes=1000,5000,10000] [--redis-size=5000] [--runs=3] [--write] [--cpu-prof] [--phases] [--count-sql] [--heap-prof] [--semi-space=MiB]`
// `--cpu-prof` profiles Vetline's connect phase and its catch-up, and the baselines' connect phases, into `profiles/` (summarise with profile-summary.ts).
// Each server runs in its own process, the clients in another; everything on loopback, bounded.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { signSessionToken } from '../../../server/src/auth/tokens.js';
import { createTestDatabase } from '../../helpers/postgres.js';
import { REDIS_URL } from '../../helpers/redis.js';
import { UNSPENDABLE_RATE_LIMITS } from '../lib/env.js';
import type { Command, Spec } from './clients.js';
import { deploymentNamespace } from '../../../server/src/auth/login-throttle.js';
import { commitChannel } from '../../../server/src/events/notifier.js';

const here = import.meta.dirname;
// serve.ts runs the built server.
if (!existsSync(path.join(here, '../../../server/dist/app.js'))) throw new Error('server/dist/app.js is missing: run `pnpm build` first');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(arg('runs') ?? 3);
const SIZES = (arg('sizes') ?? '1000,5000,10000').split(',').map(Number);
const REDIS_SIZE = Number(arg('redis-size') ?? 5000);
const ONLY = new Set((arg('only') ?? 'fanout,partners,catchup,redis').split(','));
const SECRET = 'bench-live-secret-that-is-at-least-32-chars';
const now = () => performance.timeOrigin + performance.now();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (values: number[]) => `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const QUERY = 'subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type payload createdAt actor { name } } }';

/** A child process (server or clients) spoken to over IPC. */
class Child {
  private seq = 0;
  private waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  ready: Promise<Record<string, unknown>>;
  constructor(readonly proc: ChildProcess) {
    let onReady!: (m: Record<string, unknown>) => void;
    this.ready = new Promise((resolve) => (onReady = resolve));
    proc.on('message', (m: Record<string, unknown>) => {
      if (m.type === 'ready') onReady(m);
      else if (typeof m.seq === 'number') this.waiting.get(m.seq)?.(m);
      else if (m.type === 'heap') this.waiting.get(-1)?.(m);
      else if (m.type === 'profile') this.waiting.get(-2)?.(m);
      else if (m.type === 'sql') this.waiting.get(-3)?.(m);
      else if (m.type === 'cpu') this.waiting.get(-4)?.(m);
    });
  }
  async call(command: Command): Promise<Record<string, number>> {
    const seq = ++this.seq;
    const reply = await new Promise<Record<string, unknown>>((resolve) => {
      this.waiting.set(seq, resolve);
      this.proc.send({ ...command, seq });
    });
    if (!reply.ok) throw new Error(String(reply.error));
    return reply as Record<string, number>;
  }
  async heap(): Promise<number> {
    const reply = await new Promise<Record<string, unknown>>((resolve) => {
      this.waiting.set(-1, resolve);
      this.proc.send({ type: 'heap' });
    });
    return reply.heapUsed as number;
  }
  /** Starts (no file) or stops and writes (a file) a CPU profile of the child, when profiling. */
  async profile(file?: string) {
    if (!PROFILE) return;
    await new Promise((resolve) => {
      this.waiting.set(-2, resolve);
      this.proc.send(file ? { type: 'profile-stop', file: path.join(here, 'profiles', file) } : { type: 'profile-start' });
    });
  }
  /** The statements Prisma sent since the last call, by text (with `--count-sql`). */
  async sql(): Promise<[string, number][]> {
    const reply = await new Promise<Record<string, unknown>>((resolve) => {
      this.waiting.set(-3, resolve);
      this.proc.send({ type: 'sql' });
    });
    return reply.statements as [string, number][];
  }
  /** CPU time (user + system) the child has used so far, ms. */
  async cpu(): Promise<number> {
    return (await this.cpuAndGc()).ms;
  }
  /** CPU time so far, and (Vetline's) garbage-collection pauses: their time and number. */
  async cpuAndGc(): Promise<{ ms: number; systemMs: number; gcMs: number; gcs: number }> {
    const reply = await new Promise<Record<string, unknown>>((resolve) => {
      this.waiting.set(-4, resolve);
      this.proc.send({ type: 'cpu' });
    });
    return { ms: reply.ms as number, systemMs: reply.systemMs as number, gcMs: (reply.gcMs as number | undefined) ?? 0, gcs: (reply.gcs as number | undefined) ?? 0 };
  }
  /** With `--heap-prof`: starts (no file) or stops and writes (a file) a sampled allocation profile. */
  async allocations(file?: string) {
    if (!HEAP_PROFILE) return;
    await new Promise((resolve) => {
      this.waiting.set(-2, resolve);
      this.proc.send(file ? { type: 'alloc-stop', file: path.join(here, 'profiles', file) } : { type: 'alloc-start' });
    });
  }
  async stop() {
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.send({ type: 'stop' });
    await Promise.race([exited, sleep(10_000).then(() => this.proc.kill('SIGKILL'))]);
  }
}

const tsx = ['--import', 'tsx'];
function start(script: string, env: Record<string, string>, execArgv: string[] = []) {
  const proc = fork(path.join(here, script), [], {
    execArgv: [...tsx, '--expose-gc', '--max-old-space-size=6144', ...execArgv],
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Child(proc);
}

const database = await createTestDatabase();
const db = new pg.Pool({ connectionString: database.url, max: 2 });
const serverEnv = (redis: boolean): Record<string, string> => ({
  DATABASE_URL: database.url,
  JWT_SECRET: SECRET,
  // As deployed (and as `pnpm bench` runs it): graphql-js, for one, checks every instanceof at length outside production.
  NODE_ENV: 'production',
  VETLINE_SEED_DEMO: 'true',
  LOG_LEVEL: 'error',
  PORT: '0',
  // Only the nudge after each trigger reads the log: no poll lands inside a measurement.
  VETLINE_EVENT_POLL_MS: '600000',
  // Thousands of subscriptions from one address: counted, never refused.
  ...UNSPENDABLE_RATE_LIMITS,
  ...(redis ? { REDIS_URL } : {}),
  ...(COUNT_SQL ? { VETLINE_BENCH_COUNT_SQL: '1' } : {}),
  ...(PHASES ? { VETLINE_BENCH_PHASES: '1' } : {}),
});
const PROFILE = process.argv.includes('--cpu-prof');
// `--phases`: only then does the served process observe GC and do the clients time each opening (one harness for every build).
const PHASES = process.argv.includes('--phases');
const COUNT_SQL = process.argv.includes('--count-sql');
const HEAP_PROFILE = process.argv.includes('--heap-prof');
if (PROFILE || HEAP_PROFILE) await mkdir(path.join(here, 'profiles'), { recursive: true });
// `--semi-space=<MiB>`: Vetline's young generation (V8's --max-semi-space-size), to see what GC tuning buys.
const vetline = start('serve.ts', serverEnv(ONLY.has('redis')), arg('semi-space') ? [`--max-semi-space-size=${arg('semi-space')}`] : []);
const vetlineUrl = (await vetline.ready).url as string;
const raw = start('raw-server.ts', { DATABASE_URL: database.url });
const rawUrl = (await raw.ready).url as string;
// graphql-ws' own server with a one-field schema: what the library alone costs (fanout scenario).
const floor = start('graphql-ws-server.ts', { DATABASE_URL: database.url, NODE_ENV: 'production' });
const floorUrl = (await floor.ready).url as string;
type Target = 'vetline' | 'raw' | 'graphql-ws';
const servers: Record<Target, Child> = { vetline, raw, 'graphql-ws': floor };
const urls: Record<Target, string> = { vetline: vetlineUrl, raw: rawUrl, 'graphql-ws': floorUrl };
const clients = start('clients.ts', {}, []);
await clients.ready;
const lines: string[] = [];
const out = (line: string) => {
  lines.push(line);
  console.log(line);
};

try {
  // ── Fixture: the demo marketplace plus users, 50 partners with an app and a version each. ──
  const secret = new TextEncoder().encode(SECRET);
  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]!;
  const { versionId, appId, partnerId } = await one<{ versionId: string; appId: string; partnerId: string }>(
    `SELECT v.id AS "versionId", a.id AS "appId", a."partnerId" FROM "AppVersion" v JOIN "App" a ON a.id = v."appId" WHERE a.code = 'acme-pay' AND v.status = 'IN_REVIEW'`,
  );
  const { rita } = await one<{ rita: string }>(`SELECT id AS rita FROM "User" WHERE email = 'rita@vetline.dev'`);
  const globalVersionId = (id: string) => Buffer.from(`AppVersion:${id}`).toString('base64');
  // 200 acme members (owners and members) and 50 reviewers: at most 50 subscriptions each.
  await db.query(`INSERT INTO "User" (id, email, name, "passwordHash", "staffRole")
    SELECT 'bench-staff-' || i, 'bench-staff-' || i || '@vetline.dev', 'Reviewer ' || i, 'x', 'REVIEWER' FROM generate_series(1, 50) i`);
  await db.query(`INSERT INTO "User" (id, email, name, "passwordHash") SELECT 'bench-acme-' || i, 'bench-acme-' || i || '@acme.dev', 'Acme ' || i, 'x' FROM generate_series(1, 200) i`);
  await db.query(`INSERT INTO "Membership" (id, "partnerId", "userId", role)
    SELECT 'bench-m-acme-' || i, $1, 'bench-acme-' || i, (CASE WHEN i % 4 = 0 THEN 'OWNER' ELSE 'MEMBER' END)::"MemberRole" FROM generate_series(1, 200) i`, [partnerId]);
  // 50 partners, each with 4 members, one app and one version in review.
  await db.query(`INSERT INTO "Partner" (id, slug, name) SELECT 'bench-p-' || p, 'bench-p-' || p, 'Partner ' || p FROM generate_series(1, 50) p`);
  await db.query(`INSERT INTO "User" (id, email, name, "passwordHash") SELECT 'bench-p' || p || '-u' || u, 'u' || u || '@p' || p || '.dev', 'P' || p || ' user ' || u, 'x'
    FROM generate_series(1, 50) p, generate_series(1, 4) u`);
  await db.query(`INSERT INTO "Membership" (id, "partnerId", "userId", role) SELECT 'bench-m-p' || p || '-u' || u, 'bench-p-' || p, 'bench-p' || p || '-u' || u,
    (CASE WHEN u = 1 THEN 'OWNER' ELSE 'MEMBER' END)::"MemberRole" FROM generate_series(1, 50) p, generate_series(1, 4) u`);
  await db.query(`INSERT INTO "App" (id, code, "partnerId", "createdById", "updatedAt") SELECT 'bench-app-' || p, 'bench-app-' || p, 'bench-p-' || p, 'bench-p' || p || '-u1', now() FROM generate_series(1, 50) p`);
  await db.query(`INSERT INTO "AppVersion" (id, "appId", version, status, "createdById", "updatedAt") SELECT 'bench-v-' || p, 'bench-app-' || p, '1.0.0', 'IN_REVIEW', 'bench-p' || p || '-u1', now() FROM generate_series(1, 50) p`);
  // Every token names a session, as log-in would make it.
  const expiresAt = new Date(Date.now() + 12 * 3600_000);
  const token = async (userId: string) => {
    const id = `bench-session-${userId}`;
    await db.query(`INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [id, userId, expiresAt]);
    return signSessionToken({ id, userId, expiresAt }, secret);
  };
  const staffTokens = await Promise.all(Array.from({ length: 50 }, (_, i) => token(`bench-staff-${i + 1}`)));
  const acmeTokens = await Promise.all(Array.from({ length: 200 }, (_, i) => token(`bench-acme-${i + 1}`)));
  const partnerTokens = await Promise.all(
    Array.from({ length: 50 }, (_, p) => Promise.all(Array.from({ length: 4 }, (_, u) => token(`bench-p${p + 1}-u${u + 1}`)))),
  );
  const ritaToken = await token(rita);

  /** Commits events the way `recordEvent` does (ids in commit order) and returns their ids. */
  async function commitEvents(versions: { versionId: string; appId: string; partnerId: string }[], count = 1): Promise<string[]> {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(72707371)');
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO "Event" (type, "appId", "versionId", "partnerId", "actorId", payload)
         SELECT 'thread.comment_posted', v->>'appId', v->>'versionId', v->>'partnerId', $2, jsonb_build_object('threadId', 'bench-thread', 'commentId', 'c' || n)
         FROM jsonb_array_elements($1::jsonb) v, generate_series(1, $3::int) n RETURNING id`,
        [JSON.stringify(versions), rita, count],
      );
      await client.query('COMMIT');
      return rows.map((r) => r.id);
    } finally {
      client.release();
    }
  }
  /** Tells the server events were committed: Vetline hears it after any mutation; the baselines by a POST. */
  async function announce(target: Target, ids: string[]) {
    const url = urls[target];
    if (target !== 'vetline') {
      await fetch(`${url}/broadcast`, { method: 'POST', body: JSON.stringify({ ids }) });
      return;
    }
    // A mutation that fails validation of its id still runs, and every mutation nudges the feed.
    // An overloaded server may reset the request: try again (bounded).
    for (let attempt = 0; attempt < 5; attempt++) {
      const ok = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ritaToken}` },
      body: JSON.stringify({ query: 'mutation { postComment(threadId: "VGhyZWFkOm5vbmU=", body: "nudge") { __typename } }' }),
      }).then((r) => r.text().then(() => true), () => false);
      if (ok) return;
      await sleep(200);
    }
    throw new Error('the nudge failed five times');
  }
  const acmeVersion = { versionId, appId, partnerId };
  /** Subscribers of acme-pay's review: staff, acme owners and members, and Rita (the events' actor). */
  const oneStream = (n: number): Spec[] =>
    Array.from({ length: n }, (_, i) => ({
      // Spread over every reviewer and Acme user: each holds at most 40 of 10,000 (the per-user limit is 100).
      token: i === 0 ? ritaToken : i % 5 === 0 ? staffTokens[(i / 5) % 50]! : acmeTokens[i % 200]!,
      query: QUERY,
      variables: { id: globalVersionId(versionId) },
    }));

  /** Marks `groups`, then waits until each of their clients has one more event; the last arrival. */
  async function waitAll(groups: string[], timeoutMs: number): Promise<Record<string, number>> {
    // One after another: the clients process waits for one group at a time (arrival times are kept).
    let last = 0;
    for (const group of groups) last = Math.max(last, (await clients.call({ type: 'wait', group, count: 1, timeoutMs })).last!);
    return { last };
  }
  /**
   * Opens `specs` as `group`, then times `runs` events until the last client has each, counting the
   * clients of `alsoWaitFor` (groups already open, e.g. on another instance) as well.
   */
  async function fanout(
    target: Target,
    specs: Spec[],
    { versions = [acmeVersion], group = 'g', alsoWaitFor = [] as string[], concurrency = 50, runs = RUNS } = {},
  ) {
    /** Names a storm's logs and profiles apart from the 50-at-a-time phase's. */
    const tag = concurrency === 50 ? '' : `-${concurrency}-at-a-time`;
    const server = servers[target];
    const heapBefore = await server.heap();
    await server.profile();
    if (COUNT_SQL && target === 'vetline') await vetline.sql();
    if (target === 'vetline') await vetline.allocations();
    const none = { ms: 0, systemMs: 0, gcMs: 0, gcs: 0 };
    const gcBefore = PHASES ? await server.cpuAndGc() : none;
    const cpuBefore = [gcBefore.ms, PHASES ? await clients.cpu() : 0];
    const opened = now();
    const opening = await clients.call({ type: 'open', group, url: urls[target], specs, concurrency, phases: PHASES });
    const acked = now() - opened;
    // Connect + subscribe, until every client has had an event: one every 250 ms until then
    // (a subscription still being set up on the server misses the events before it).
    let result: Record<string, number> | undefined;
    const groups = [group, ...alsoWaitFor];
    for (const g of groups) await clients.call({ type: 'mark', group: g });
    let commits = 0;
    let lastError = '';
    // Bounded: 100 s, and longer for more clients (setting up 10,000 takes minutes on a loaded machine).
    const attempts = Math.max(400, Math.ceil(specs.length / 10));
    for (let attempt = 0; !result && attempt < attempts; attempt++, commits++) {
      await announce(target, await commitEvents(versions));
      result = await waitAll(groups, 250).catch((error: Error) => void (lastError = error.message));
    }
    if (!result) throw new Error(`${target}: not every client got an event within ${attempts / 4} s: ${lastError}`);
    const connect = result.last! - opened;
    const gcAfter = PHASES ? await server.cpuAndGc() : none;
    const cpu = [gcAfter.ms - cpuBefore[0]!, (PHASES ? await clients.cpu() : 0) - cpuBefore[1]!];
    if (target === 'vetline') await vetline.allocations(`alloc-connect-${group}-${specs.length}${tag}.heapprofile`);
    if (PHASES) {
      const f = (n: number | undefined) => (n ?? 0).toFixed(1);
      console.log(`[${target} ${specs.length}${tag}] all acked after ${acked.toFixed(0)} ms (upgrade p50 ${f(opening.upgradeP50)} p90 ${f(opening.upgradeP90)}; init→ack p50 ${f(opening.ackP50)} p90 ${f(opening.ackP90)} ms); every client had an event after ${connect.toFixed(0)} ms (${commits} commits${commits > 1 ? `; after the first: ${lastError.split(';')[0]}` : ''}); heap before ${(heapBefore / 1048576).toFixed(1)} MiB; CPU: server ${cpu[0]!.toFixed(0)} ms (${((1000 * cpu[0]!) / specs.length).toFixed(0)} µs per client, ${((1000 * (gcAfter.systemMs - gcBefore.systemMs)) / specs.length).toFixed(0)} of them in the kernel), clients ${cpu[1]!.toFixed(0)} ms${gcAfter.gcs ? `; server GC ${(gcAfter.gcMs - gcBefore.gcMs).toFixed(0)} ms in ${gcAfter.gcs - gcBefore.gcs} pauses` : ''}`);
    }
    if (COUNT_SQL && target === 'vetline') {
      const statements = await vetline.sql();
      const total = statements.reduce((sum, [, n]) => sum + n, 0);
      console.log(`[vetline ${specs.length}] connect phase: ${total} statements (${(total / specs.length).toFixed(3)} per connection+subscription) over ${commits} trigger commits:`);
      for (const [sql, n] of statements.sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${String(n).padStart(6)}  ${sql.replace(/\s+/g, ' ').slice(0, 140)}`);
    }
    await server.profile(`connect-${target === 'vetline' ? '' : `${target}-`}${group}-${specs.length}${tag}.cpuprofile`);
    await sleep(1000);
    const heap = ((await server.heap()) - heapBefore) / specs.length;
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      for (const g of groups) await clients.call({ type: 'mark', group: g });
      const t = now();
      await announce(target, await commitEvents(versions));
      commits++;
      result = await waitAll(groups, 120_000);
      times.push(result.last! - t);
      await sleep(500);
    }
    await clients.call({ type: 'close', group });
    await sleep(1500);
    return { connect, heap, times, commits, cpu };
  }

  out(`Live delivery benchmark, ${new Date().toISOString()}; runs per figure: ${RUNS}; times in ms, median (min–max).`);
  out('');
  if (ONLY.has('fanout')) {
    // Connecting is timed twice: clients opening 50 at a time (each opens its next socket once the
    // last is acknowledged), and a reconnect storm of 200 at a time, as after a restart.
    out('| one stream | subscribers | Vetline last client | raw last client | ratio | Vetline connect+subscribe+first event, 50 at a time | raw | ratio | the same, 200 at a time: Vetline | raw | ratio | Vetline heap/conn KiB | raw KiB |');
    out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const floors: string[] = [];
    for (const n of SIZES) {
      const v = await fanout('vetline', oneStream(n));
      const r = await fanout('raw', oneStream(n));
      const f = await fanout('graphql-ws', oneStream(n));
      const vs = await fanout('vetline', oneStream(n), { concurrency: 200, runs: 0 });
      const rs = await fanout('raw', oneStream(n), { concurrency: 200, runs: 0 });
      const fs = await fanout('graphql-ws', oneStream(n), { concurrency: 200, runs: 0 });
      const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
      out(`| reviewEvents | ${n} | ${fmt(v.times)} | ${fmt(r.times)} | ${ratio(median(v.times), median(r.times))} | ${v.connect.toFixed(0)} | ${r.connect.toFixed(0)} | ${ratio(v.connect, r.connect)} | ${vs.connect.toFixed(0)} | ${rs.connect.toFixed(0)} | ${ratio(vs.connect, rs.connect)} | ${(v.heap / 1024).toFixed(1)} | ${(r.heap / 1024).toFixed(1)} |`);
      floors.push(
        `| ${n} | ${f.connect.toFixed(0)} | ${ratio(f.connect, r.connect)} | ${ratio(v.connect, f.connect)} | ${fs.connect.toFixed(0)} | ${ratio(fs.connect, rs.connect)} | ${ratio(vs.connect, fs.connect)} | ` +
          `${fmt(f.times)} | ${ratio(median(f.times), median(r.times))} | ${(f.heap / 1024).toFixed(1)} |`,
      );
    }
    out('');
    // The same phases through graphql-ws' own server with no auth, database or limits: the library's floor.
    out('| graphql-ws alone (the floor) | connect+subscribe+first event, 50 at a time | ratio to raw | Vetline / floor | 200 at a time | ratio to raw | Vetline / floor | one event, last client | ratio to raw | heap/conn KiB |');
    out('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const line of floors) out(line);
    out('');
  }
  if (ONLY.has('partners')) {
    // 50 partners × 100 subscribers of their own version: 80 members (owner and members), 20 staff.
    const specs: Spec[] = [];
    const versions = Array.from({ length: 50 }, (_, p) => ({ versionId: `bench-v-${p + 1}`, appId: `bench-app-${p + 1}`, partnerId: `bench-p-${p + 1}` }));
    for (let p = 0; p < 50; p++) {
      for (let i = 0; i < 100; i++) {
        specs.push({ token: i < 80 ? partnerTokens[p]![i % 4]! : staffTokens[(p + i) % 50]!, query: QUERY, variables: { id: globalVersionId(`bench-v-${p + 1}`) } });
      }
    }
    const v = await fanout('vetline', specs, { versions });
    const r = await fanout('raw', specs, { versions });
    out('| 50 partners, one event each | subscribers | Vetline last client | raw last client | ratio |');
    out('| --- | --- | --- | --- | --- |');
    out(`| reviewEvents of 50 versions | 5000 | ${fmt(v.times)} | ${fmt(r.times)} | ${(median(v.times) / median(r.times)).toFixed(2)}× |`);
    out('');
  }
  if (ONLY.has('catchup')) {
    const { max } = await one<{ max: string }>('SELECT max(id)::text AS max FROM "Event"');
    const behind = await commitEvents([acmeVersion], 10_000);
    // The feed reads them now, with no one subscribed, as its poll would in production within
    // seconds: left unread, the next scenario's subscribers of this stream would get all 10,000 live.
    await announce('vetline', [behind.at(-1)!]);
    await sleep(3000);
    const catchUp = async (url: string) => {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        if (url === vetlineUrl && run === 0) await vetline.profile();
        const t = now();
        await clients.call({ type: 'open', group: 'c', url, specs: [{ token: acmeTokens[1]!, query: QUERY, variables: { id: globalVersionId(versionId), after: max } }], concurrency: 1 });
        const result = await clients.call({ type: 'wait', group: 'c', count: 10_000, timeoutMs: 240_000 });
        times.push(result.last! - t);
        if (url === vetlineUrl && run === 0) await vetline.profile('catchup-10000.cpuprofile');
        await clients.call({ type: 'close', group: 'c' });
        await sleep(500);
      }
      return times;
    };
    const v = await catchUp(vetlineUrl);
    const r = await catchUp(rawUrl);
    out('| catch-up | events behind | Vetline | raw replay (pages of 1,000 from pg) | ratio |');
    out('| --- | --- | --- | --- | --- |');
    out(`| reviewEvents(after:) | 10000 | ${fmt(v)} | ${fmt(r)} | ${(median(v) / median(r)).toFixed(2)}× |`);
    out('');
  }
  if (ONLY.has('redis')) {
    // The same 5,000 subscribers on one instance, then split over two that share Postgres and Redis.
    // The deployment's own commit channel (a channel per database): other deployments on this Redis never count.
    const listener = new Redis(REDIS_URL);
    let messages = 0;
    await listener.subscribe(commitChannel(deploymentNamespace(database.url, '')));
    listener.on('message', () => messages++);
    const n = REDIS_SIZE;
    messages = 0;
    const single = await fanout('vetline', oneStream(n));
    const singleCommits = single.commits;
    const singleMessages = messages;
    const second = start('serve.ts', serverEnv(true));
    let two: Awaited<ReturnType<typeof fanout>>;
    let twoMessages: number;
    let subscribers: number;
    try {
      const secondUrl = (await second.ready).url as string;
      const specs = oneStream(n);
      await clients.call({ type: 'open', group: 'b', url: secondUrl, specs: specs.slice(n / 2), concurrency: 50 });
      messages = 0;
      // Timed until the last client of either instance has the event; the trigger goes to the first.
      two = await fanout('vetline', specs.slice(0, n / 2), { group: 'a', alsoWaitFor: ['b'] });
      twoMessages = messages;
      // Asked on another connection: the listener's is in subscriber mode.
      const asker = new Redis(REDIS_URL);
      subscribers = ((await asker.call('PUBSUB', 'NUMSUB', commitChannel(deploymentNamespace(database.url, '')))) as [string, number])[1];
      await asker.quit();
      await clients.call({ type: 'close', group: 'b' });
    } finally {
      await second.stop();
      await listener.quit();
    }
    out(`| two instances over Redis | subscribers | one instance | two instances (${n / 2} each) | ratio | Redis messages per commit: one instance / two |`);
    out('| --- | --- | --- | --- | --- | --- |');
    out(
      `| reviewEvents | ${n} | ${fmt(single.times)} | ${fmt(two.times)} | ${(median(two.times) / median(single.times)).toFixed(2)}× | ` +
        `${(singleMessages / singleCommits).toFixed(2)} / ${(twoMessages / two.commits).toFixed(2)} (${twoMessages} for ${two.commits} commits; ${subscribers - 1} instances listening) |`,
    );
    out('');
  }
} finally {
  await Promise.all([vetline.stop(), raw.stop(), floor.stop(), clients.stop()]);
  await db.end();
  await database.drop();
}
if (process.argv.includes('--write')) await writeFile(path.join(here, 'last-run.md'), `${lines.join('\n')}\n`);
process.exit(0);
