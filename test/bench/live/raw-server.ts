// The baseline: a raw `ws` server that speaks graphql-transport-ws (connection_init → ack,
// subscribe → next…) and broadcasts the same bytes Vetline sends, with no GraphQL, no auth and no
// database on the live path. Catch-up reads pages of 1,000 events from `pg`, as fast as it can go.
// Run in its own process: `node --expose-gc --import tsx raw-server.ts` with DATABASE_URL set.
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { answerBench, broadcastServer, reviewEvent, SELECT_EVENTS, versionIdOf, type EventRow } from './baseline.js';

const PAGE = 1000;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

interface Sub {
  socket: WebSocket;
  id: string;
}
/** stream key (e.g. `version:<id>`) → subscribers. */
const streams = new Map<string, Set<Sub>>();

function send(sub: Sub, payloadJson: string) {
  sub.socket.send(`{"id":${JSON.stringify(sub.id)},"type":"next","payload":${payloadJson}}`);
}

async function replay(sub: Sub, versionId: string, after: string) {
  let last = after;
  for (;;) {
    const { rows } = await pool.query<EventRow>(`${SELECT_EVENTS} WHERE e."versionId" = $1 AND e.id > $2 ORDER BY e.id LIMIT ${PAGE}`, [versionId, last]);
    for (const row of rows) send(sub, JSON.stringify({ data: { reviewEvents: reviewEvent(row) } }));
    if (rows.length < PAGE) return;
    last = rows[rows.length - 1]!.id;
  }
}

const http = broadcastServer(pool, (row) => {
  const json = JSON.stringify({ data: { reviewEvents: reviewEvent(row) } });
  for (const sub of streams.get(`version:${row.versionId}`) ?? []) send(sub, json);
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
      const versionId = versionIdOf(vars.id);
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
answerBench(async () => {
  for (const client of wss.clients) client.terminate();
  http.close();
  await pool.end();
});
