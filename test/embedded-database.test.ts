import { lstat, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../server/src/db/client.js';
import { startEmbeddedPostgres } from '../server/src/db/embedded.js';
import { templateCache } from '../server/src/db/embedded-template.js';
import { tempDir } from './helpers/embedded.js';
import { gql, login } from './helpers/graphql.js';
import { runFailingServer, startBuiltServer, type ServerProcess, SERVER_STARTS } from './helpers/process.js';

const CATALOG = `{ catalog(first: 50) { edges { node { code } } } }`;

/** The embedded database's URL for a data folder: its Unix socket, as `pg` names it (`<folder>/.s.PGSQL.5432`). */
const socketUrl = (dir: string) => `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&sslmode=disable`;

/** Every path under `dir` whose mode lets anyone but the owner in, with that mode. */
async function openToOthers(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    const stat = await lstat(file).catch(() => undefined); // PGlite may remove a file meanwhile
    if (stat && stat.mode & 0o077) found.push(`${entry} ${(stat.mode & 0o777).toString(8)}`);
  }
  return found;
}

/** The TCP ports a process listens on (Linux: its socket inodes matched in /proc/net/tcp{,6}). */
async function listeningTcpPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match?.[1]) inodes.add(match[1]);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === '0A' && inode && inodes.has(inode)) ports.push(Number.parseInt(local!.split(':')[1]!, 16));
    }
  }
  return ports.sort();
}

describe.runIf(process.platform === 'linux')('the embedded database of the built server', SERVER_STARTS, () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    data = await tempDir();
    server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
  });
  afterAll(async () => {
    await server?.stop();
    await data.remove();
  });

  it('should make a new folder from the prepared template, already migrated, then seed it', async () => {
    const output = server!.output();
    expect(output).toContain(`Embedded database (PGlite) in ${data.dir} (new, copied from a prepared template)`);
    expect(output).toContain('Database schema is up to date');
    expect(output).toContain('Seeded the demo marketplace');
    expect(await openToOthers(templateCache)).toEqual([]);
  });

  it('should answer /health while a slow query runs on the database', async () => {
    const db = new pg.Client({ connectionString: socketUrl(data.dir) });
    await db.connect();
    try {
      const started = performance.now();
      const slow = db.query('SELECT pg_sleep(4)').then(() => performance.now());
      // Let the query reach PGlite; on the server's own thread it would hold /health until it ends.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const asked = performance.now();
      const health = await fetch(`${server!.url}/health`);
      const answered = performance.now();
      expect(health.status).toBe(200);
      const finished = await slow;
      expect(finished - started).toBeGreaterThanOrEqual(3_900);
      expect(answered).toBeLessThan(finished - 1_000);
      expect(answered - asked).toBeLessThan(1_500);
    } finally {
      await db.end();
    }
  });

  it('should keep the folder, the socket and every database file owner-only', async () => {
    expect((await lstat(data.dir)).mode & 0o777).toBe(0o700);
    const socket = await lstat(path.join(data.dir, '.s.PGSQL.5432'));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    expect((await readdir(data.dir)).length).toBeGreaterThan(10);
    expect(await openToOthers(data.dir)).toEqual([]);
  });

  it('should listen on no TCP port but its HTTP port', async () => {
    const httpPort = Number(new URL(server!.url).port);
    expect(await listeningTcpPorts(server!.pid)).toEqual([httpPort]);
  });

  it('should refuse a second server on the same folder with one clear line, and keep the first serving', async () => {
    const second = await runFailingServer({ PORT: '0', VETLINE_DATA_DIR: data.dir });
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(
      `[vetline] The data folder ${data.dir} is in use by another Vetline (process ${server!.pid}). ` +
        'Stop it first, or set VETLINE_DATA_DIR to another folder.',
    );
    expect((await gql(server!.url, CATALOG)).errors).toBeUndefined();
  });

  it('should start again on the folder after the owner was killed (kill -9), with its data', async () => {
    const token = await login(server!.url, 'rita@vetline.dev');
    const before = await gql(server!.url, CATALOG);
    await server!.kill('SIGKILL');
    server = undefined;

    const started = performance.now();
    server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
    // The killed owner's lock is taken over once stale (5 s), not refused.
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(server.output()).toContain('Database schema is up to date');
    expect(server.output()).not.toContain('Seeded');
    expect(await gql(server.url, CATALOG)).toEqual(before);
    const viewer = await gql(server.url, '{ viewer { ... on User { email } } }', {}, { token });
    expect(viewer.data).toEqual({ viewer: { email: 'rita@vetline.dev' } });
  });

  it('should exit on SIGTERM with a slow query in flight, release the folder, and open it again', async () => {
    const db = new pg.Client({ connectionString: socketUrl(data.dir) });
    await db.connect();
    db.on('error', () => {}); // the server goes away under it
    const slow = db.query('SELECT pg_sleep(30)').then(
      () => 'finished',
      () => 'cut off',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stopping = performance.now();
    // The app's own queries wait behind the slow one on PGlite's one session; main.ts exits after 10 s at most.
    await server!.stop();
    expect(performance.now() - stopping).toBeLessThan(12_000);
    server = undefined;
    expect(await slow).toBe('cut off');
    const left = await readdir(data.dir);
    expect(left).not.toContain('vetline.lock');
    expect(await openToOthers(data.dir)).toEqual([]);

    server = await startBuiltServer({ VETLINE_DATA_DIR: data.dir });
    expect((await gql(server.url, CATALOG)).errors).toBeUndefined();
  });

  it('should leave the folder owner-only and unlocked after a clean stop', async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    const left = await readdir(data.dir);
    expect(left).not.toContain('.s.PGSQL.5432');
    expect(left).not.toContain('vetline.lock');
    expect(await openToOthers(data.dir)).toEqual([]);
  });
});

describe('startEmbeddedPostgres', SERVER_STARTS, () => {
  it('should stop within its bound with a slow query in flight, releasing the folder for the next start', async () => {
    const data = await tempDir();
    try {
      const first = await startEmbeddedPostgres(data.dir);
      const db = new pg.Client({ connectionString: first.url });
      await db.connect();
      db.on('error', () => {});
      const slow = db.query('SELECT pg_sleep(30)').catch(() => 'cut off');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stopping = performance.now();
      await first.stop();
      // The worker is asked to stop and, busy in the query, ended after 5 s.
      expect(performance.now() - stopping).toBeLessThan(8_000);
      expect(await slow).toBe('cut off');

      const second = await startEmbeddedPostgres(data.dir);
      const check = new pg.Client({ connectionString: second.url });
      await check.connect();
      expect((await check.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await check.end();
      await second.stop();
    } finally {
      await data.remove();
    }
  });

  it('should serve Prisma’s named statements again after its connection is replaced, though PGlite keeps them', async () => {
    const data = await tempDir();
    const embedded = await startEmbeddedPostgres(data.dir);
    try {
      const one = (prisma: ReturnType<typeof createPrisma>) => prisma.$queryRaw<{ one: number }[]>`SELECT ${1}::int AS one`;
      const prisma = createPrisma(embedded.url, { maxConnections: 1, sharedSession: true });
      expect(await one(prisma)).toEqual([{ one: 1 }]);
      const prepared = await prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pg_prepared_statements ORDER BY name`;
      expect(prepared.map((row) => row.name)).toContain('vl1');
      // A new connection meets the statements of the last one (PGlite is one session) and drops them.
      await prisma.$disconnect();
      expect(await one(prisma)).toEqual([{ one: 1 }]);
      await prisma.$disconnect();

      // Without that, the next client's first statement collides with what the session kept.
      const unaware = createPrisma(embedded.url, { maxConnections: 1 });
      await expect(one(unaware)).rejects.toThrow(/already exists/);
      await unaware.$disconnect();
    } finally {
      await embedded.stop();
      await data.remove();
    }
  });

  it('should reject with the error of the database thread, and release the folder', async () => {
    const data = await tempDir();
    try {
      await writeFile(path.join(data.dir, 'PG_VERSION'), '99\n');
      await expect(startEmbeddedPostgres(data.dir)).rejects.toThrow('PGlite failed to initialize properly');
      // Not "in use": the failed start let go of the lock.
      await expect(startEmbeddedPostgres(data.dir)).rejects.toThrow('PGlite failed to initialize properly');
      expect(await readdir(data.dir)).toEqual(['PG_VERSION']);
    } finally {
      await data.remove();
    }
  });
});
