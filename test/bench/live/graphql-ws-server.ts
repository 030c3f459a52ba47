// The library's floor: graphql-ws' own server (`useServer`) over the same `ws`, with a graphql-js
// schema of the one field the bench subscribes to, and nothing else: no auth, no database when
// connecting or subscribing, no limits, no Yoga; a document is parsed and validated once, as
// Vetline's are. Each subscriber gets its own event stream and each event is executed per
// subscriber, as graphql-ws does on its own. Events arrive as the raw server's
// do (POST /broadcast, read from `pg`). It times what connecting and subscribing cost through
// graphql-ws itself, so Vetline's ratio to the raw server can be split into the library's part and
// Vetline's own. Live events only (no `after`).
// Run in its own process: `node --expose-gc --import tsx graphql-ws-server.ts` with DATABASE_URL set.
import type { AddressInfo } from 'node:net';
import { buildSchema, parse, validate, type DocumentNode } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { answerBench, broadcastServer, reviewEvent, versionIdOf } from './baseline.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

// The bytes match Vetline's for the bench's document; the types need only its shape.
const schema = buildSchema(`
  scalar JSON
  type Actor { name: String! }
  type ReviewEvent { cursor: String! type: String! payload: JSON! createdAt: String! actor: Actor }
  type Query { ok: Boolean }
  type Subscription { reviewEvents(versionId: ID!, after: String): ReviewEvent! }
`);

type Push = (event: { reviewEvents: ReturnType<typeof reviewEvent> }) => void;
/** stream key (`version:<id>`) → each subscriber's push. */
const streams = new Map<string, Set<Push>>();

/** One subscriber's events, in order, until graphql-ws returns it (complete or close). */
function eventsOf(key: string): AsyncIterableIterator<unknown> {
  const queued: unknown[] = [];
  let waiting: ((step: IteratorResult<unknown>) => void) | undefined;
  const push: Push = (event) => {
    if (waiting) waiting({ value: event, done: false });
    else queued.push(event);
    waiting = undefined;
  };
  let set = streams.get(key);
  if (!set) streams.set(key, (set = new Set()));
  set.add(push);
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => (queued.length ? Promise.resolve({ value: queued.shift(), done: false }) : new Promise((resolve) => (waiting = resolve))),
    return: () => {
      set.delete(push);
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
  };
}

const http = broadcastServer(pool, (row) => {
  const event = { reviewEvents: reviewEvent(row) };
  for (const push of streams.get(`version:${row.versionId}`) ?? []) push(event);
});
const wss = new WebSocketServer({ server: http, path: '/graphql' });
/** Documents parsed and validated once per text, as Vetline's are: the floor is graphql-ws' own work. */
// The subscription root: graphql-js calls `reviewEvents` for the source stream, then reads each
// event's `reviewEvents` to execute the selection.
const roots = { subscription: { reviewEvents: ({ versionId }: { versionId: string }) => eventsOf(`version:${versionIdOf(versionId)}`) } };
const documents = new Map<string, DocumentNode>();
useServer(
  {
    schema,
    onSubscribe: (_ctx, _id, { query, operationName, variables }) => {
      let document = documents.get(query);
      if (!document) {
        document = parse(query);
        const errors = validate(schema, document);
        if (errors.length) return errors;
        documents.set(query, document);
      }
      return { schema, document, operationName, variableValues: variables, rootValue: roots.subscription };
    },
  },
  wss,
);
http.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }));
answerBench(async () => {
  for (const client of wss.clients) client.terminate();
  http.close();
  await pool.end();
});
