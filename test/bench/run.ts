/**
 * `pnpm bench`: Vetline's built server against baselines measured in the same run, on PostgreSQL
 * and on the embedded database. Needs `pnpm build` first. Prints the tables and writes them to
 * test/bench/RESULTS.md under a label (`--label`, default "Latest run"), keeping other sections.
 *
 *   pnpm bench -- --only catalog,comment --db postgres --rounds 3 --seconds 2 --label "After: lean reads"
 *
 * Suites are modules in SUITES below; a new one (e.g. live fan-out under test/bench/live/) is a
 * `BenchSuite` added to the list.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ADMIN_URL } from '../helpers/postgres.js';
import { BENCH_APPS, BENCH_LISTED } from './data.js';
import { setUpEnv, type Database } from './lib/env.js';
import { cleanUp, cleanupMark, cleanUpTo, FIXED_ARGS, repoRoot, SERVER_ARGS, startServer } from './lib/processes.js';
import type { BenchOptions, BenchSuite, ComparisonRow, SuiteResult, TargetResult } from './lib/suite.js';
import { baselineSuite } from './scenarios/baseline.js';
import { catalogSuite, uncachedCatalogSuite } from './scenarios/catalog.js';
import { healthSuite } from './scenarios/health.js';
import { postCommentSuite, reviewSuite } from './scenarios/review.js';
import { startupSuite } from './scenarios/startup.js';

/** Every suite, in the order they run on each database. */
const SUITES: BenchSuite[] = [baselineSuite, catalogSuite, uncachedCatalogSuite, healthSuite, reviewSuite, postCommentSuite, startupSuite];
const DATABASES: Database[] = ['postgres', 'embedded'];
const RESULTS = path.join(import.meta.dirname, 'RESULTS.md');

const { values: flags } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    only: { type: 'string' },
    db: { type: 'string', default: 'all' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    label: { type: 'string', default: 'Latest run' },
    against: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(`pnpm bench [-- options]
  --only a,b       suites: ${SUITES.map((s) => s.name).join(', ')} (default: all)
  --db NAME        postgres | embedded | all (default: all)
  --rounds N       interleaved rounds per scenario (default 5)
  --seconds S      length of one round of one target (default 2)
  --label TEXT     the RESULTS.md section to write (default "Latest run"; e.g. "Before", "After: …")
  --against DIR    also measure another built checkout (DIR/server/dist/main.js, e.g. a worktree of the
                   commit before a change) over the same data, interleaved: before/after in one run
  --no-write       print only
  BENCH_PROFILE_DIR=DIR (environment): the measured Vetline writes a CPU profile (node --cpu-prof) there when it stops`);
  process.exit(0);
}

const only = flags.only ? new Set(flags.only.split(',').map((s) => s.trim())) : null;
for (const name of only ?? []) if (!SUITES.some((s) => s.name === name)) throw new Error(`Unknown suite ${name}; known: ${SUITES.map((s) => s.name).join(', ')}`);
const databases = flags.db === 'all' ? DATABASES : [flags.db as Database];
if (!databases.every((db) => DATABASES.includes(db))) throw new Error(`--db must be postgres, embedded or all`);
const rounds = Number(flags.rounds);
const seconds = Number(flags.seconds);
if (!(rounds >= 1 && rounds <= 20 && seconds >= 1 && seconds <= 30)) throw new Error('--rounds must be 1–20 and --seconds 1–30');
const againstArgs = flags.against ? [path.resolve(flags.against, 'server/dist/main.js')] : undefined;
if (againstArgs && !existsSync(againstArgs[0]!)) throw new Error(`--against: ${againstArgs[0]} is missing (build that checkout first)`);

const started = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ─── Formatting ─────────────────────────────────────────────────────────────

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const spread = (t: TargetResult) => `${int(t.rps.median)} (${int(t.rps.min)}–${int(t.rps.max)})`;
const ratio = (a: number, b: number | undefined) => (!b ? '—' : a / b >= 0.1 ? (a / b).toFixed(2) : (a / b).toPrecision(2));
const cpuMs = (n: number) => (Number.isNaN(n) ? 'n/a' : n.toFixed(2));
const ms = (n: number) => (Number.isNaN(n) ? 'n/a' : n < 10 ? n.toFixed(1) : n.toFixed(0));

function comparisonTable(rows: ComparisonRow[]): string[] {
  const lines = [
    '| scenario | conns | Vetline req/s (spread) | reference req/s (spread) | fixed bytes req/s (spread) | **Vetline / reference** | **Vetline / fixed bytes** | p50 ms Vetline / ref | p99 ms Vetline / ref | SQL per request Vetline (parses) | SQL per request reference (parses) | CPU ms per request Vetline: server + database | CPU ms per request reference: server + database | bytes, identical |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const withAgainst = rows.some((row) => row.against);
  if (withAgainst) {
    lines[0] += ' other build (`--against`) req/s (spread) | **Vetline / other build** | **other build / reference** | p99 ms other build | CPU ms per request other build: server + database |';
    lines[1] += ' --- | --- | --- | --- | --- |';
  }
  for (const row of rows) {
    const ref = row.reference;
    const sqlOf = (count?: { statements: number; parses: number }) => (count ? `${+count.statements.toFixed(1)} (${+count.parses.toFixed(1)})` : '—');
    const cpuOf = (target?: TargetResult) =>
      target?.cpu ? `${cpuMs(target.cpu.server.median)} + ${cpuMs(target.cpu.database.median)} = **${cpuMs(target.cpu.server.median + target.cpu.database.median)}**` : '—';
    const against = row.against
      ? ` ${spread(row.against)} | **${ratio(row.ours.rps.median, row.against.rps.median)}** | **${ratio(row.against.rps.median, ref?.rps.median)}** | ${ms(row.against.p99.median)} | ${cpuOf(row.against)} |`
      : withAgainst
        ? ' — | — | — | — | — |'
        : '';
    lines.push(
      `| ${row.scenario} | ${row.connections} | ${spread(row.ours)} | ${ref ? spread(ref) : '—'} | ${row.fixed ? spread(row.fixed) + (row.fixedElsewhere ? ' ¹' : '') : '—'} | ` +
        `**${ratio(row.ours.rps.median, ref?.rps.median)}** | **${ratio(row.ours.rps.median, row.fixed?.rps.median)}** | ` +
        `${ms(row.ours.p50.median)} / ${ref ? ms(ref.p50.median) : '—'} | ${ms(row.ours.p99.median)} / ${ref ? ms(ref.p99.median) : '—'} | ` +
        `${sqlOf(row.sql?.ours)} | ${sqlOf(row.sql?.reference)} | ${cpuOf(row.ours)} | ${cpuOf(ref)} | ${row.responseBytes} B, ${row.identical === true ? 'yes' : row.identical} |` +
        against,
    );
  }
  return lines;
}

function markdownTable(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function commitOf(dir: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function machine(): Promise<string[]> {
  const postgres = await (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      return ((await client.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
    } catch {
      return 'not reachable';
    } finally {
      await client.end().catch(() => {});
    }
  })();
  const commit = commitOf(repoRoot);
  return [
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, commit \`${commit}\``,
    `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, PostgreSQL ${postgres}`,
    `- Load average when the run started: ${loadavg().map((n) => n.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`,
    ...(flags.against ? [`- Other build (\`--against\`): \`${flags.against}\` at commit \`${commitOf(flags.against)}\`, measured interleaved with Vetline over the same data`] : []),
    `- Run: \`pnpm bench -- ${process.argv.slice(2).filter((a) => a !== '--').join(' ')}\` → ${rounds} rounds × ${seconds} s per target, databases: ${databases.join(', ')}, suites: ${only ? [...only].join(', ') : 'all'}`,
  ];
}

const METHOD = [
  '# Benchmarks',
  '',
  'Written by `pnpm bench` (test/bench/run.ts); needs `pnpm build` first. Each section below is one run, labelled with `--label`',
  '(default "Latest run", replaced on every run); "Before" is the baseline of the speed work, add "After: …" sections next to it.',
  'The machine is shared and small: compare **ratios within one run**, not req/s across runs.',
  '',
  '## Method',
  '',
  `- **Data**: the demo seed (users, staff, partners, sections, scopes, API keys, 6 listed apps) plus ${BENCH_APPS} generated apps`,
  `  (test/bench/data.ts, one SQL script: ${BENCH_LISTED} listed, the rest unlisted for each reason the catalog filters on), each with`,
  '  a LIVE version (a third with an older superseded one), listings in `en` and `ru`, 6 sections, 8 countries, mixed prices.',
  '  The same rows go into a fresh PostgreSQL database (created and dropped by the bench) and into an embedded (PGlite) folder.',
  '- **Vetline**: the built server, `node server/dist/main.js` with `NODE_ENV=production`, in its own process.',
  '- **Reference** (test/bench/reference/server.ts): `node:http` + graphql-js (`execute`, documents parsed and validated once)',
  '  + hand-written SQL through `pg` with named (prepared) statements, in its own process, over the same data: the same PostgreSQL',
  '  database, or its own copy of the same PGlite folder served to itself over a loopback socket with one connection (as Vetline',
  '  does today). It serves the catalog and `postComment` (the same transaction: lock the thread, insert the comment, take the',
  '  event-order lock, insert the event). Before measuring, and again after, the bench checks that its answer is',
  '  **byte-identical** to Vetline\'s and fails otherwise.',
  '- **Other build** (`--against DIR`, optional): another built checkout of Vetline (e.g. a worktree of the commit before a',
  '  change) over the same data (the same PostgreSQL database, its own copy of the PGlite folder), measured in the same rounds',
  '  (Vetline → other build → reference → fixed bytes), its answers checked byte-identical too: before/after in one run.',
  '  Not for signed-in scenarios on the embedded database: a session lives in the folder it was opened in.',
  '- **Fixed bytes** (test/bench/reference/fixed-bytes.ts): `node:http` answering Vetline\'s own response bytes: the ceiling.',
  '  It touches no database, so it is measured once per scenario and run (¹ = measured in the PostgreSQL part of the run).',
  '- **Load**: autocannon from the bench\'s process over loopback (127.0.0.1 only), 10 connections; per scenario, 1 s warm-up per',
  '  target, then rounds interleaved Vetline → reference → fixed bytes, repeated. After each round the bench waits for one more',
  '  answer, so the next round starts on an idle server (autocannon abandons requests in flight; servers still run them).',
  '  A round\'s rate counts the responses after its first quarter (at most 0.5 s), while its fresh connections fill; req/s',
  '  is the median of the rounds (min–max), p50/p99 latencies are medians of the rounds\' percentiles. Any non-2xx answer or',
  '  socket error fails the bench.',
  '- **Operations**: the catalog is the dashboard\'s own document (`CatalogPage_CatalogQuery` with the `AppCard_App` fragment,',
  '  printed from web/src/gql) with its empty filter form, `locale: "en"`, first 5 / 20 / 100, anonymous or with the account key',
  '  `vl_account_corner_shop` (US, API version 5: its country and API version filter the catalog). Those requests repeat, so',
  '  Vetline answers them from its response cache; the **uncached** catalog (suite `catalog-uncached`) sends',
  '  `Cache-Control: no-cache`: Vetline builds the key, skips the lookup, runs the SQL, serializes and stores the answer again, as',
  '  on a miss (until stop 20 an undeclared variable new on every request did this; the key now holds declared variables only).',
  '  The reference ignores the header. The review workspace is',
  '  `ReviewPage_VersionQuery` with all its fragments, signed in as a reviewer, on the demo\'s acme-pay submission (no reference',
  '  yet: compared with the ceiling only); `postComment` posts to that submission\'s open thread as the reviewer.',
  '- **SQL per request**: counted on the wire by a TCP proxy in front of PostgreSQL (test/bench/lib/sql-counter.ts), with a second',
  '  Vetline and reference started behind it (not the measured ones): statements = simple queries + executes, parses = Parse',
  '  messages (a statement sent unnamed is parsed and planned every time; a named one once per connection). 10 requests, one at a',
  '  time, after one warm-up; `BEGIN`/`COMMIT` count. The counted Vetline polls the event log only when nudged. The embedded',
  '  database runs the same code, so its counts are the same.',
  '- **CPU per request** (test/bench/lib/cpu.ts): user + system time from `/proc/<pid>/stat` of the server\'s process (all its',
  '  threads, so the embedded database counts there) and, on PostgreSQL, of the backends serving it (found by the',
  '  `application_name` each measured server\'s connections carry), read before and after each round and its drain, divided by',
  '  the responses of the round. Median of the rounds. Unlike req/s it barely moves with load from elsewhere on the machine, so',
  '  it says where a request\'s cost lies: in the Node process or in the database.',
  '- **`/health` under load** (embedded): `/health` from 1 connection while the catalog (first 20) is loaded with 10, on Vetline',
  '  and on the reference, in interleaved rounds.',
  '- **Start-up**: spawn → first `200` on `/ready`, embedded, median of 3: a copy of the seeded bench folder, and an empty folder.',
  '',
];

/** Replaces (or appends) the section `## <label>` of RESULTS.md, keeping the others. */
async function writeResults(label: string, body: string[]) {
  const previous = existsSync(RESULTS) ? await readFile(RESULTS, 'utf8') : '';
  const sections = previous.split(/^(?=## )/m).filter((s) => s.startsWith('## ') && !s.startsWith('## Method'));
  const section = [`## ${label}`, '', ...body, ''].join('\n');
  const index = sections.findIndex((s) => s.split('\n')[0]!.trim() === `## ${label}`);
  if (index >= 0) sections[index] = section;
  else sections.push(section);
  await writeFile(RESULTS, [...METHOD, ...sections.map((s) => s.trimEnd() + '\n\n')].join('\n').trimEnd() + '\n');
}

// ─── The run ────────────────────────────────────────────────────────────────

async function main() {
  if (!existsSync(SERVER_ARGS[0]!)) throw new Error('server/dist/main.js is missing: run `pnpm build` first');
  const info = await machine();
  const options: BenchOptions = { rounds, seconds, log, ceilings: new Map() };
  const fixed = await startServer('fixed bytes', FIXED_ARGS, { NODE_ENV: 'production' });
  const body: string[] = [...info, ''];
  for (const db of databases) {
    const suites = SUITES.filter((s) => (!only || only.has(s.name)) && (!s.databases || s.databases.includes(db)));
    if (!suites.length) continue;
    const mark = cleanupMark();
    log(`${db}: setting up`);
    const env = await setUpEnv(db, fixed, log, againstArgs);
    const results: SuiteResult[] = [];
    try {
      for (const suite of suites) {
        log(`${db}: ${suite.name}`);
        results.push(...(await suite.run(env, options)));
      }
    } finally {
      await cleanUpTo(mark);
    }
    const rows = results.flatMap((r) => (r.kind === 'comparison' ? [r.row] : []));
    body.push(`### ${db === 'postgres' ? 'PostgreSQL' : 'Embedded database (PGlite)'}`, '');
    if (rows.length) body.push(...comparisonTable(rows), '');
    for (const table of results.flatMap((r) => (r.kind === 'table' ? [r] : []))) {
      body.push(`**${table.title}**`, '', ...markdownTable(table.header, table.rows), '', ...(table.notes ?? []));
    }
  }
  body.push(`The whole run took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  console.log(['', `## ${flags.label}`, '', ...body].join('\n'));
  if (!flags['no-write']) {
    await writeResults(flags.label, body);
    log(`wrote ${path.relative(repoRoot, RESULTS)} (section "${flags.label}")`);
  }
}

try {
  await main();
} catch (error) {
  console.error('[bench] FAILED:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
