// One Vetline instance for the live benchmark, in its own process: `node --expose-gc --import tsx serve.ts`.
// Settings come from the environment (as main.ts reads them); the parent asks for the heap over IPC,
// and (with `--cpu-prof`) for a CPU profile of one phase: `profile-start`, then `profile-stop` with a file name.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { buildApp } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/config.js';

const app = buildApp(loadConfig(process.env));
const running = await app.start();
let inspector: Session | undefined;
process.send?.({ type: 'ready', url: running.url });
process.on('message', (message: { type: string; file?: string }) => {
  if (message.type === 'heap') {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    process.send?.({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss });
  }
  if (message.type === 'profile-start') {
    void (async () => {
      inspector = new Session();
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
      process.send?.({ type: 'profile' });
    })();
  }
  if (message.type === 'profile-stop') {
    void (async () => {
      const { profile } = await inspector!.post('Profiler.stop');
      await writeFile(message.file!, JSON.stringify(profile));
      inspector!.disconnect();
      inspector = undefined;
      process.send?.({ type: 'profile' });
    })();
  }
  if (message.type === 'stop') void app.stop().then(() => process.exit(0));
});
// The orchestrator went away (it failed or was stopped): nothing is left running.
process.on('disconnect', () => process.exit(0));
