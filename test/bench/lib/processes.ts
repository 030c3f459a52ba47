/**
 * The bench's child processes and temporary resources, every one registered so that a failure,
 * Ctrl-C or a thrown check still stops the servers, drops the databases and removes the folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

type Cleanup = () => Promise<unknown> | unknown;
const cleanups: Cleanup[] = [];
/** Children still running; killed outright if the bench's process exits without cleaning up. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Registers a cleanup; `cleanUp()` runs them newest first. Returns a function that runs it now. */
export function onCleanUp(cleanup: Cleanup): () => Promise<void> {
  cleanups.push(cleanup);
  return async () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
    await cleanup();
  };
}

/** Runs every registered cleanup, newest first; failures are reported, not thrown. */
export const cleanUp = () => cleanUpTo(0);

/** A mark to clean up to: `cleanUpTo(mark)` undoes only what was registered after it. */
export const cleanupMark = () => cleanups.length;

/** Runs the cleanups registered since `mark`, newest first. */
export async function cleanUpTo(mark: number): Promise<void> {
  while (cleanups.length > mark) {
    const cleanup = cleanups.pop()!;
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => console.error('[bench] cleanup failed:', error));
  }
}

export interface Child {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it has exited. */
  stop(): Promise<void>;
}

/** A process that exits on SIGTERM, registered for cleanup. */
export function spawnTracked(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = onCleanUp(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  });
  return { child, exited, stop, output: () => output };
}

/** Spawns a server that prints `Ready on <url>` and waits for that line. */
export async function startServer(name: string, args: string[], env: Record<string, string>, timeoutMs = 240_000): Promise<Child> {
  const { child, exited, stop, output } = spawnTracked(process.execPath, args, env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      const match = output().match(/Ready on (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${child.exitCode ?? child.signalCode}:\n${output()}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, process: child, output, stop };
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The built server, in production mode. */
export const SERVER_ARGS = [path.join(repoRoot, 'server/dist/main.js')];
/**
 * The measured Vetline: with `BENCH_PROFILE_DIR` set, it writes a CPU profile there when it stops
 * (summarise it with test/bench/live/profile-summary.ts).
 */
export const MEASURED_SERVER_ARGS = process.env.BENCH_PROFILE_DIR
  ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE_DIR)}`, ...SERVER_ARGS]
  : SERVER_ARGS;
/** The reference server, run through tsx. */
export const REFERENCE_ARGS = ['--import', 'tsx', path.join(repoRoot, 'test/bench/reference/server.ts')];
/** The fixed-bytes server. */
export const FIXED_ARGS = ['--import', 'tsx', path.join(repoRoot, 'test/bench/reference/fixed-bytes.ts')];
