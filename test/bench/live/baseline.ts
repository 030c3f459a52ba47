// What the benchmark's baseline servers (raw-server.ts, graphql-ws-server.ts) share: the events they
// read and the `data` they send for one, and their answers over IPC.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type pg from 'pg';

/** An event as the baselines read it, with its actor's name. */
export interface EventRow {
  id: string;
  type: string;
  payload: unknown;
  createdAt: Date;
  actorName: string | null;
  versionId: string | null;
}

export const SELECT_EVENTS = `SELECT e.id, e.type, e.payload, e."createdAt", e."versionId", u.name AS "actorName"
  FROM "Event" e LEFT JOIN "User" u ON u.id = e."actorId"`;

/** The `reviewEvents` Vetline's bench documents select: `{ cursor type payload createdAt actor { name } }`. */
export function reviewEvent(row: EventRow) {
  return {
    cursor: String(row.id),
    type: row.type,
    payload: row.payload,
    createdAt: row.createdAt.toISOString(),
    actor: row.actorName === null ? null : { name: row.actorName },
  };
}

/** The version id in a global id (`AppVersion:<id>`, base64), as Vetline takes it. */
export function versionIdOf(globalId: string | undefined) {
  return Buffer.from(globalId ?? '', 'base64').toString().split(':')[1] ?? '';
}

/** The baselines' trigger: `POST /broadcast {"ids":["<event id>",…]}` reads those events and hands each, in order, to `deliver`. */
export function broadcastServer(pool: pg.Pool, deliver: (row: EventRow) => void) {
  return createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const { ids } = JSON.parse(body) as { ids: string[] };
      const { rows } = await pool.query<EventRow>(`${SELECT_EVENTS} WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`, [ids]);
      res.end('ok');
      for (const row of rows) deliver(row);
    });
  });
}

/**
 * Answers the orchestrator's IPC: a CPU profile of one phase, CPU time (with `cpuExtra`'s figures), heap after a full
 * collection, stop. Vetline's `serve.ts` answers through it too, and adds its own messages.
 */
export function answerBench(stop: () => Promise<void>, cpuExtra: () => Record<string, number> = () => ({})) {
  let inspector: Session | undefined;
  process.on('message', (message: { type: string; file?: string }) => {
    // `--cpu-prof`: the same phase profiled as Vetline's, for the comparison (see serve.ts).
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
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ type: 'cpu', ms: (user + system) / 1000, systemMs: system / 1000, ...cpuExtra() });
    }
    if (message.type === 'heap') {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      process.send?.({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss });
    }
    if (message.type === 'stop') void stop().then(() => process.exit(0));
  });
  // The orchestrator went away (it failed or was stopped): nothing is left running.
  process.on('disconnect', () => process.exit(0));
}
