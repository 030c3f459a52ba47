/**
 * CPU per request over a fixed number of requests per round (not a fixed time), interleaved
 * Vetline → other build → reference, PostgreSQL only. For a saturated machine: there `pnpm bench`'s
 * 2 s rounds complete a handful of requests while the CPU of the ones autocannon abandons is still
 * counted, and its CPU column is no longer per request.
 *
 *   npx tsx test/bench/cpu-per-request.ts <built checkout to compare> [requests per round=100] [rounds=5] [catalog,comment]
 */
import path from 'node:path';
import { setUpEnv } from './lib/env.js';
import { cleanUp, FIXED_ARGS, startServer } from './lib/processes.js';
import { measureCpu } from './lib/cpu.js';
import { sendMany, summarize, type BenchRequest } from './lib/load.js';
import { catalogRequest, reviewerToken, reviewTarget } from './scenarios/requests.js';

const [against, n = '200', rounds = '5', only = 'catalog,comment'] = process.argv.slice(2).filter((a) => a !== '--');
const N = Number(n);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const fixed = await startServer('fixed bytes', FIXED_ARGS, { NODE_ENV: 'production' });
const env = await setUpEnv('postgres', fixed, log, [path.resolve(against!, 'server/dist/main.js')]);

const POST_COMMENT = `mutation Bench_PostComment($threadId: ID!, $body: String!) {
  postComment(threadId: $threadId, body: $body) { __typename ... on MutationPostCommentSuccess { data { body author { name } } } }
}`;
const scenarios: [string, BenchRequest][] = [];
if (only.includes('catalog')) scenarios.push(['catalog-20-uncached', catalogRequest(20, {}, { uncached: true })]);
if (only.includes('comment')) {
  const body = JSON.stringify({
    operationName: 'Bench_PostComment',
    query: POST_COMMENT,
    variables: { threadId: (await reviewTarget(env)).threadId, body: 'Still reproducible on the test account.' },
  });
  scenarios.push(['post-comment', { path: '/graphql', headers: { authorization: `Bearer ${await reviewerToken(env)}` }, body }]);
}
const targets = [
  ['ours', env.ours, env.backends?.ours],
  ['other build', env.against!, env.backends?.against],
  ['reference', env.reference, env.backends?.reference],
] as const;
try {
  for (const [name, request] of scenarios) {
    for (const [, child] of targets) await sendMany(child.url, request, 30);
    const samples = new Map(targets.map(([t]) => [t, { server: [] as number[], database: [] as number[] }]));
    for (let round = 1; round <= Number(rounds); round++) {
      for (const [target, child, backends] of targets) {
        const { cpu } = await measureCpu(child.process.pid!, backends, () => sendMany(child.url, request, N));
        samples.get(target)!.server.push(cpu.serverMs / N);
        samples.get(target)!.database.push(cpu.databaseMs / N);
      }
      log(`${name} round ${round}: ${targets.map(([t]) => `${t} ${samples.get(t)!.server.at(-1)!.toFixed(2)} + ${samples.get(t)!.database.at(-1)!.toFixed(2)}`).join(', ')}`);
    }
    for (const [target] of targets) {
      const s = summarize(samples.get(target)!.server);
      const d = summarize(samples.get(target)!.database);
      console.log(`| ${name} | ${target} | ${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)}) | ${d.median.toFixed(2)} (${d.min.toFixed(2)}–${d.max.toFixed(2)}) |`);
    }
  }
} finally {
  await cleanUp();
}
