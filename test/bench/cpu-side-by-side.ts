/**
 * CPU per uncached catalog page of this build against another, both loaded at the same time, PostgreSQL
 * only. `cpu-per-request.ts` measures one target after the other, so whatever else the machine runs in
 * one stretch weighs on one target only (identical builds came out 0.93–1.37× per round there, 1.36×
 * apart in medians, on a shared machine); loaded side by side, both share each stretch, and the ratio
 * per round is the figure (identical builds: median 0.99, 0.91–1.27, 12 rounds). No reference server:
 * compare builds with this, servers with `pnpm bench`.
 *
 *   npx tsx test/bench/cpu-side-by-side.ts <built checkout to compare> [requests per round=500] [rounds=16]
 */
import path from 'node:path';
import { setUpEnv } from './lib/env.js';
import { cleanUp, FIXED_ARGS, startServer } from './lib/processes.js';
import { measureCpu } from './lib/cpu.js';
import { sendMany, summarize } from './lib/load.js';
import { catalogRequest } from './scenarios/requests.js';

const [against, n = '500', rounds = '16'] = process.argv.slice(2).filter((a) => a !== '--');
const N = Number(n);
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const fixed = await startServer('fixed bytes', FIXED_ARGS, { NODE_ENV: 'production' });
const env = await setUpEnv('postgres', fixed, log, [path.resolve(against!, 'server/dist/main.js')]);
const request = catalogRequest(20, {}, { uncached: true });

const targets = [
  { name: 'this build', child: env.ours, backends: env.backends?.ours },
  { name: 'other build', child: env.against!, backends: env.backends?.against },
];
try {
  for (const { child } of targets) await sendMany(child.url, request, 500);
  const server = targets.map(() => [] as number[]);
  const database = targets.map(() => [] as number[]);
  const ratios: number[] = [];
  for (let round = 1; round <= Number(rounds); round++) {
    const samples = await Promise.all(targets.map(({ child, backends }) => measureCpu(child.process.pid!, backends, () => sendMany(child.url, request, N))));
    samples.forEach(({ cpu }, i) => {
      server[i]!.push(cpu.serverMs / N);
      database[i]!.push(cpu.databaseMs / N);
    });
    ratios.push(server[0]!.at(-1)! / server[1]!.at(-1)!);
    log(`round ${round}: this ${server[0]!.at(-1)!.toFixed(2)} + ${database[0]!.at(-1)!.toFixed(2)}, other ${server[1]!.at(-1)!.toFixed(2)} + ${database[1]!.at(-1)!.toFixed(2)}, Node this / other ${ratios.at(-1)!.toFixed(3)}`);
  }
  targets.forEach(({ name }, i) => {
    const s = summarize(server[i]!);
    const d = summarize(database[i]!);
    console.log(`| ${name} | ${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)}) | ${d.median.toFixed(2)} (${d.min.toFixed(2)}–${d.max.toFixed(2)}) |`);
  });
  const r = summarize(ratios);
  console.log(`Node CPU this / other, per round: median ${r.median.toFixed(3)} (${r.min.toFixed(3)}–${r.max.toFixed(3)}), lower in ${ratios.filter((x) => x < 1).length} of ${ratios.length}`);
} finally {
  await cleanUp();
}
