// The benchmark's clients, in their own process: lean `ws` sockets speaking graphql-transport-ws.
// The parent drives them over IPC (open a group, wait for messages, close); times are wall-clock
// milliseconds (`performance.timeOrigin + performance.now()`), comparable across processes.
import WebSocket from 'ws';

export interface Spec {
  token: string;
  query: string;
  variables: Record<string, unknown>;
}
export type Command =
  | { type: 'open'; group: string; url: string; specs: Spec[]; concurrency: number; phases?: boolean }
  | { type: 'mark'; group: string }
  | { type: 'wait'; group: string; count: number; timeoutMs: number }
  | { type: 'close'; group: string };

interface Client {
  socket: WebSocket;
  received: number;
  /** Arrival time of every `next` message. */
  times: number[];
  /** `received` at the last mark: waits count from there. */
  base: number;
  errors: string[];
  /** Opening: socket open (upgrade done) and connection_ack, ms after the socket was created. */
  upgraded: number;
  acked: number;
}

const now = () => performance.timeOrigin + performance.now();
const groups = new Map<string, Client[]>();
let awaited: { group: string; count: number; resolve: () => void } | undefined;

function open(url: string, spec: Spec, phases = false): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { perMessageDeflate: false });
    // `--phases` only: the opening's own timings.
    const created = phases ? now() : 0;
    const client: Client = { socket, received: 0, times: [], base: 0, errors: [], upgraded: 0, acked: 0 };
    socket.on('open', () => (phases && (client.upgraded = now() - created), socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${spec.token}` } }))));
    socket.on('message', (raw) => {
      const text = String(raw);
      if (text.startsWith('{"type":"connection_ack"')) {
        if (phases) client.acked = now() - created;
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: spec.query, variables: spec.variables } }));
        resolve(client);
        return;
      }
      if (text.includes('"type":"next"')) {
        client.received++;
        client.times.push(now());
        if (awaited && client.received - client.base === awaited.count) check();
        return;
      }
      if (text.includes('"type":"error"')) client.errors.push(text);
    });
    socket.on('error', reject);
    socket.on('close', (code) => {
      if (code !== 1000 && code !== 1005 && code !== 1006) client.errors.push(`closed ${code}`);
      reject(new Error(`closed ${code} before ack`));
    });
  });
}

function check() {
  if (!awaited) return;
  const clients = groups.get(awaited.group) ?? [];
  if (clients.every((c) => c.received - c.base >= awaited!.count)) awaited.resolve();
}

async function handle(command: Command) {
  if (command.type === 'open') {
    const started = now();
    const clients: Client[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: command.concurrency }, async () => {
        while (next < command.specs.length) clients.push(await open(command.url, command.specs[next++]!, command.phases));
      }),
    );
    groups.set(command.group, clients);
    if (!command.phases) return { opened: clients.length, ms: now() - started };
    const pct = (values: number[], p: number) => values.sort((a, b) => a - b)[Math.floor(p * (values.length - 1))]!;
    const upgraded = clients.map((c) => c.upgraded);
    const init = clients.map((c) => c.acked - c.upgraded);
    return { opened: clients.length, ms: now() - started, upgradeP50: pct(upgraded, 0.5), upgradeP90: pct(upgraded, 0.9), ackP50: pct(init, 0.5), ackP90: pct(init, 0.9) };
  }
  if (command.type === 'mark') {
    for (const c of groups.get(command.group) ?? []) c.base = c.received;
    return {};
  }
  if (command.type === 'wait') {
    const clients = groups.get(command.group) ?? [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        awaited = undefined;
        const missing = clients.filter((c) => c.received - c.base < command.count).length;
        reject(new Error(`${missing} of ${clients.length} clients lack message ${command.count} after ${command.timeoutMs} ms; errors: ${clients.flatMap((c) => c.errors).slice(0, 3).join(' | ')}`));
      }, command.timeoutMs);
      awaited = { group: command.group, count: command.count, resolve: () => (clearTimeout(timer), (awaited = undefined), resolve()) };
      check();
    });
    const times = clients.map((c) => c.times[c.base + command.count - 1]!).sort((a, b) => a - b);
    return { first: times[0], p50: times[Math.floor(times.length / 2)], last: times[times.length - 1] };
  }
  for (const c of groups.get(command.group) ?? []) c.socket.terminate();
  groups.delete(command.group);
  return {};
}

process.on('message', (command: Command & { seq: number }) => {
  if ((command as { type: string }).type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', ms: (user + system) / 1000 });
    return;
  }
  handle(command).then(
    (result) => process.send?.({ seq: command.seq, ok: true, ...result }),
    (error: Error) => process.send?.({ seq: command.seq, ok: false, error: error.message }),
  );
});
process.send?.({ type: 'ready' });
// The orchestrator went away (it failed or was stopped): nothing is left running.
process.on('disconnect', () => process.exit(0));
