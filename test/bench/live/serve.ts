// One Vetline instance for the live benchmark, in its own process: `node --expose-gc --import tsx serve.ts`.
// Settings come from the environment (as main.ts reads them); the parent asks for the heap over IPC.
import { buildApp } from '../../../server/src/app.js';
import { loadConfig } from '../../../server/src/config.js';

const app = buildApp(loadConfig(process.env));
const running = await app.start();
process.send?.({ type: 'ready', url: running.url });
process.on('message', (message: { type: string }) => {
  if (message.type === 'heap') {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    process.send?.({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss });
  }
  if (message.type === 'stop') void app.stop().then(() => process.exit(0));
});
