// The baseline: a raw `ws` server that speaks graphql-transport-ws (connection_init → ack,
// subscribe → next…) and broadcasts the same bytes Vetline sends, with no GraphQL, no auth and no
// database on the live path. Catch-up reads pages of 1,000 events from `pg`, as fast as it can go.
// Run in its own process: `node --expose-gc --import tsx raw-server.ts` with DATABASE_URL set.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

const PAGE = 1000;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

interface Sub {
  socket: WebSocket;
  id: string;
}
/** stream key (e.g. `version:<id>`) → subscribers. */
const streams = new Map<string, Set<Sub>>();

/** The `data` Vetline's bench documents select: `reviewEvents { cursor type payload createdAt actor { name } }`. */
function data(row: EventRow) {
  return {
    reviewEvents: {
      cursor: String(row.id),
      type: row.type,
      payload: row.payload,
      createdAt: row.createdAt.toISOString(),
      actor: row.actorName === null ? null : { name: row.actorName },
    },
  };
}

interface EventRow {
  id: string;
  type: string;
  payload: unknown;
  createdAt: Date;
  actorName: string | null;
  versionId: string | null;
}

const SELECT = `SELECT e.id, e.type, e.payload, e."createdAt", e."versionId", u.name AS "actorName"
  FROM "Event" e LEFT JOIN "User" u ON u.id = e."actorId"`;

function send(sub: Sub, payloadJson: string) {
  sub.socket.send(`{"id":${JSON.stringify(sub.id)},"type":"next","payload":${payloadJson}}`);
}

async function replay(sub: Sub, versionId: string, after: string) {
  let last = after;
  for (;;) {
    const { rows } = await pool.query<EventRow>(`${SELECT} WHERE e."versionId" = $1 AND e.id > $2 ORDER BY e.id LIMIT ${PAGE}`, [versionId, last]);
    for (const row of rows) send(sub, JSON.stringify({ data: data(row) }));
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1]!.id;
  }
}

const http = createServer((req, res) => {
  // POST /broadcast {"ids":["<event id>",…]}: reads those events and sends each to its stream.
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    const { ids } = JSON.parse(body) as { ids: string[] };
    const { rows } = await pool.query<EventRow>(`${SELECT} WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`, [ids]);
    res.end('ok');
    for (const row of rows) {
      const json = JSON.stringify({ data: data(row) });
      for (const sub of streams.get(`version:${row.versionId}`) ?? []) send(sub, json);
    }
  });
});
const wss = new WebSocketServer({ server: http, path: '/graphql', handleProtocols: (p) => (p.has('graphql-transport-ws') ? 'graphql-transport-ws' : false) });
wss.on('connection', (socket) => {
  const mine: [string, Sub][] = [];
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { type: string; id?: string; payload?: { variables?: Record<string, string> } };
    if (message.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (message.type === 'ping') socket.send('{"type":"pong"}');
    else if (message.type === 'subscribe') {
      const vars = message.payload?.variables ?? {};
      // The global id `AppVersion:<id>`, base64, as Vetline takes it.
      const versionId = Buffer.from(vars.id ?? '', 'base64').toString().split(':')[1] ?? '';
      const key = `version:${versionId}`;
      const sub = { socket, id: message.id! };
      let set = streams.get(key);
      if (!set) streams.set(key, (set = new Set()));
      set.add(sub);
      mine.push([key, sub]);
      if (vars.after) void replay(sub, versionId, vars.after);
    }
  });
  socket.on('close', () => {
    for (const [key, sub] of mine) streams.get(key)?.delete(sub);
  });
});
http.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }));
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
    process.send?.({ type: 'cpu', ms: (user + system) / 1000 });
  }
  if (message.type === 'heap') {
    for (let i = 0; i < 3; i++) globalThis.gc?.();
    process.send?.({ type: 'heap', heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss });
  }
  if (message.type === 'stop') {
    for (const client of wss.clients) client.terminate();
    http.close();
    void pool.end().then(() => process.exit(0));
  }
});
// The orchestrator went away (it failed or was stopped): nothing is left running.
process.on('disconnect', () => process.exit(0));
