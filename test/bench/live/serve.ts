// One Vetline instance for the live benchmark, in its own process: `node --expose-gc --import tsx serve.ts`, running the
// built server (`pnpm build` first) in production mode, as it is deployed.
// Settings come from the environment (as main.ts reads them); the parent asks for the heap over IPC,
// and (with `--cpu-prof`) for a CPU profile of one phase: `profile-start`, then `profile-stop` with a file name.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import type { buildApp as BuildApp } from '../../../server/src/app.js';
import type { loadConfig as LoadConfig } from '../../../server/src/config.js';
import { answerBench } from './baseline.js';

// The built server (`pnpm build`), as `pnpm start` runs it: tsc's output, not tsx's transform of the source.
const dist = new URL('../../../server/dist/', import.meta.url);
const { buildApp } = (await import(new URL('app.js', dist).href)) as { buildApp: typeof BuildApp };
const { loadConfig } = (await import(new URL('config.js', dist).href)) as { loadConfig: typeof LoadConfig };

// `--count-sql`: every statement Prisma sends, counted by its text (Prisma's query event), reported on `sql`.
const statements = new Map<string, number>();
const countSql = process.env.VETLINE_BENCH_COUNT_SQL === '1';
const app = buildApp(loadConfig(process.env), countSql ? { onQuery: (sql) => statements.set(sql, (statements.get(sql) ?? 0) + 1) } : {});
const running = await app.start();
let inspector: Session | undefined;
// Garbage collection so far: pauses and their time (the `cpu` reply carries them); observed with `--phases` only.
const gc = { ms: 0, count: 0 };
if (process.env.VETLINE_BENCH_PHASES === '1') {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.ms += entry.duration;
      gc.count++;
    }
  }).observe({ entryTypes: ['gc'] });
}
process.send?.({ type: 'ready', url: running.url });
// CPU, heap, CPU profiles and stop as the baselines answer them; the statements and allocation profiles here.
answerBench(() => app.stop(), () => ({ gcMs: gc.ms, gcs: gc.count }));
process.on('message', (message: { type: string; file?: string }) => {
  if (message.type === 'sql') {
    process.send?.({ type: 'sql', statements: [...statements] });
    statements.clear();
  }
  // `--heap-prof`: sampled allocations (collected ones included) of one phase, by stack.
  if (message.type === 'alloc-start') {
    void (async () => {
      inspector = new Session();
      inspector.connect();
      await inspector.post('HeapProfiler.enable');
      await inspector.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
      process.send?.({ type: 'profile' });
    })();
  }
  if (message.type === 'alloc-stop') {
    void (async () => {
      const { profile } = await inspector!.post('HeapProfiler.stopSampling');
      await writeFile(message.file!, JSON.stringify(profile));
      inspector!.disconnect();
      inspector = undefined;
      process.send?.({ type: 'profile' });
    })();
  }
});
