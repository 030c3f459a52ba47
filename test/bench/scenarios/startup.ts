/**
 * Start-up: from spawning the built server to its first `200` on `/ready`, on the embedded
 * database, with a folder already seeded (the bench's data) and with an empty one (which also
 * initialises PGlite, migrates and seeds). Median of 3 each, spread min–max.
 */
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { serverEnv, tempFolder } from '../lib/env.js';
import { summarize } from '../lib/load.js';
import { freePort, SERVER_ARGS, spawnTracked } from '../lib/processes.js';
import type { BenchSuite } from '../lib/suite.js';

const RUNS = 3;
/** Generous: an empty folder took 90 s on this machine under heavy load from other work. */
const TIMEOUT_MS = 240_000;

async function timeToReady(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const server = spawnTracked(process.execPath, SERVER_ARGS, serverEnv({ VETLINE_DATA_DIR: dataDir, PORT: String(port) }));
  try {
    for (;;) {
      if (server.child.exitCode !== null) throw new Error(`the server exited during start-up:\n${server.output()}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`not ready in ${TIMEOUT_MS} ms:\n${server.output()}`);
      const ok = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
      if (ok) return (performance.now() - started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await server.stop();
  }
}

export const startupSuite: BenchSuite = {
  name: 'startup',
  databases: ['embedded'],
  async run(env, { log }) {
    const base = await tempFolder('vetline-bench-start-');
    const rows: string[][] = [];
    for (const kind of ['seeded', 'empty'] as const) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const dir = path.join(base, `${kind}-${run}`);
        if (kind === 'seeded') await cp(env.seededTemplate!, dir, { recursive: true });
        times.push(await timeToReady(dir));
        log(`  start-up, ${kind} folder, run ${run + 1}/${RUNS}: ${times.at(-1)!.toFixed(2)} s`);
        await rm(dir, { recursive: true, force: true });
      }
      const s = summarize(times);
      rows.push([
        kind === 'seeded' ? 'embedded, folder already seeded (demo + bench data)' : 'embedded, empty folder (create, migrate, seed)',
        s.median.toFixed(2),
        `${s.min.toFixed(2)}–${s.max.toFixed(2)}`,
      ]);
    }
    return [
      {
        kind: 'table',
        title: 'Start-up: spawn → first 200 on /ready',
        header: ['folder', 's (median of 3)', 'spread'],
        rows,
      },
    ];
  },
};
