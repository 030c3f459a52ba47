import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const builtServer = path.join(repoRoot, 'server/dist/main.js');

export interface ServerProcess {
  url: string;
  pid: number;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Sends `signal` and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * How long the built server may take to print "Ready on": a cold start on a loaded two-core CI
 * machine (migrations, seed, PGlite) has taken well over a minute.
 */
export const SERVER_START_TIMEOUT = 180_000;

/**
 * Options for a `describe` whose tests start servers themselves: each start may take
 * {@link SERVER_START_TIMEOUT} on a loaded machine, beyond Vitest's default 60 s per test.
 */
export const SERVER_STARTS = { timeout: SERVER_START_TIMEOUT + 60_000 };

/** What the server printed, for an error message. */
function printed(output: string): string {
  return output.trim() ? `It printed:\n${output.trimEnd()}` : 'It printed nothing.';
}

/** Starts the built server (`node server/dist/main.js`) and waits for its "Ready on" line. */
export async function startBuiltServer(env: Record<string, string>, timeoutMs = SERVER_START_TIMEOUT): Promise<ServerProcess> {
  const child = spawn(process.execPath, [builtServer], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // 'close' comes once the output pipes are drained too: the failure messages wait for it.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let timedOut = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      // Not left running behind a failed start. SIGTERM first: the server then flushes the log
      // lines it buffers, which are what says where it was stuck.
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, timeoutMs);
    const check = () => {
      const match = output.match(/Ready on (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`The server could not be run (${error.message}). ${printed(output)}`));
    });
    void exited.then(async (code) => {
      clearTimeout(timer);
      await closed;
      const why = timedOut ? `did not print "Ready on" within ${timeoutMs / 1000} s and was stopped` : `exited with ${code} before it was ready`;
      reject(new Error(`The server ${why}. ${printed(output)}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}

/** Runs the built server expecting it to fail at start-up; resolves with its exit code and output. */
export async function runFailingServer(env: Record<string, string>, timeoutMs = 60_000) {
  const child: ChildProcess = spawn(process.execPath, [builtServer], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
