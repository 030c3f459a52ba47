import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { repoRoot } from './process.js';

/** A port free now (the OS's pick), for a process that must know another's address before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The demo module (`examples/demo-module/server.mjs`) as a real child process, talking to Vetline at `vetlineUrl`. */
export async function startDemoModule(vetlineUrl: string, timeoutMs = 20_000) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'examples/demo-module/server.mjs')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', DEMO_MODULE_PORT: '0', VETLINE_URL: vetlineUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo module did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout.on('data', () => {
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the demo module exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
