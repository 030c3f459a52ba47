// Benchmarks of the built server, run from a second process on loopback: `pnpm bench`.
// Prints its method and results as Markdown; `--write` also saves them to test/bench/RESULTS.md.
import { cpus } from 'node:os';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { tempDir } from '../helpers/embedded.js';
import { gql, login } from '../helpers/graphql.js';
import { startBuiltServer } from '../helpers/process.js';
import { createTestDatabase, postgresAvailable } from '../helpers/postgres.js';
import { collect, waitUntil, wsClient } from '../helpers/ws.js';

const RUNS = 3;
const SECONDS = 5;
const CONNECTIONS = 10;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

async function http(url: string, body: string, headers: Record<string, string> = {}) {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function measure(backend: 'PGlite (embedded)' | 'PostgreSQL'): Promise<string[]> {
const data = await tempDir();
const database = backend === 'PostgreSQL' ? await createTestDatabase() : null;
const server = await startBuiltServer({
  VETLINE_DATA_DIR: data.dir,
  LOG_LEVEL: 'warn',
  ...(database ? { DATABASE_URL: database.url, JWT_SECRET: 'bench-secret-that-is-at-least-32-chars', VETLINE_SEED_DEMO: 'true' } : {}),
});
const lines: string[] = [`## ${backend}`, ''];
try {
  const token = await login(server.url, 'anna@acme.dev');
  const cases: [string, string, Record<string, string>][] = [
    ['baseline `{ __typename }`', JSON.stringify({ query: '{ __typename }' }), {}],
    [
      'catalog, first 20, nested (listing, section, pricing, availability)',
      JSON.stringify({
        query: `{ catalog(first: 20) { edges { node { code listing(locale: "ru") { name description } section { key name } pricing { priceMinor free } minApiVersion available countries } } } }`,
      }),
      {},
    ],
    [
      "a partner's apps with versions and states (signed in)",
      JSON.stringify({ query: '{ apps(first: 20) { edges { node { code stage partnerState platformState versions { version status } } } } }' }),
      { authorization: `Bearer ${token}` },
    ],
  ];

  lines.push('| request | req/s (median of 3) | spread | p50 ms | p99 ms |', '| --- | --- | --- | --- | --- |');
  for (const [name, body, headers] of cases) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await http(server.url, body, headers));
    const rps = runs.map((r) => r.rps);
    lines.push(`| ${name} | ${median(rps).toFixed(0)} | ${spread(rps)} | ${median(runs.map((r) => r.p50))} | ${median(runs.map((r) => r.p99))} |`);
  }

  // Fan-out: N partner subscriptions on one version, M comments; deliveries per second from the
  // first comment to the last delivery.
  const SUBSCRIBERS = 100;
  const COMMENTS = 20;
  const rita = await login(server.url, 'rita@vetline.dev');
  const review = (await gql(server.url, `{ app(code: "acme-pay") { versions { id status threads { id status } } } }`, {}, { token })).data!.app.versions.find(
    (v: { status: string }) => v.status === 'IN_REVIEW',
  );
  const threadId = review.threads.find((t: { status: string }) => t.status === 'OPEN').id;
  const fanout: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const clients = Array.from({ length: 10 }, () => wsClient(server.url, { authorization: `Bearer ${token}` }));
    const subs = Array.from({ length: SUBSCRIBERS }, (_, i) =>
      collect(clients[i % clients.length]!, `subscription ($id: ID!) { reviewEvents(versionId: $id) { cursor } }`, { id: review.id }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const started = performance.now();
    for (let i = 0; i < COMMENTS; i++) {
      await gql(server.url, `mutation { postComment(threadId: "${threadId}", body: "bench ${run}/${i}") { __typename } }`, {}, { token: rita });
    }
    await waitUntil(() => subs.every((s) => s.items.length >= COMMENTS), 60_000, () => 'fan-out incomplete');
    fanout.push((SUBSCRIBERS * COMMENTS) / ((performance.now() - started) / 1000));
    subs.forEach((s) => s.stop());
    await Promise.all(clients.map((c) => c.dispose()));
  }
  lines.push(
    '',
    `| live fan-out | deliveries/s (median of 3) | spread |`,
    '| --- | --- | --- |',
    `| ${SUBSCRIBERS} subscriptions on 10 sockets × ${COMMENTS} comments posted one after another | ${median(fanout).toFixed(0)} | ${spread(fanout)} |`,
  );
} finally {
  await server.stop();
  await data.remove();
  await database?.drop();
}
return lines;
}

const lines = [...(await measure('PGlite (embedded)')), '', ...((await postgresAvailable()) ? await measure('PostgreSQL') : [])];

const report = [
  '# Benchmarks',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`,
  '',
  `Method: the built server (\`node server/dist/main.js\`) on the embedded database with the demo seed, in its own process;`,
  `load from this process over loopback with autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, ${RUNS} runs per case;`,
  'the table gives the median and the spread of the runs. The machine is shared, so compare rows of one run, not runs of different days.',
  'Reproduce with `pnpm build && pnpm bench`.',
  '',
  ...lines,
  '',
].join('\n');
console.log(report);
if (process.argv.includes('--write')) await writeFile(path.join(import.meta.dirname, 'RESULTS.md'), report);
