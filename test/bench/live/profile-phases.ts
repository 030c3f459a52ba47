// Attributes a connect-phase CPU profile (`pnpm bench:live --cpu-prof`) to phases: each sample goes to the innermost
// frame matching one of the markers below (GC and idle apart). `CPU_ONLY=1` leaves out idle and the write syscalls, where a
// loaded process is preempted. `BY_SAMPLES=1` counts samples instead of their time: a sample taken after the process was
// preempted carries the whole gap, which on a loaded machine can make a small function look large. `npx tsx test/bench/live/profile-phases.ts test/bench/live/profiles/connect-g-5000.cpuprofile`
import { readFileSync } from 'node:fs';
interface N { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: N[]; samples: number[]; timeDeltas: number[] };
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// Innermost wins for these "owner" markers, checked leaf → root; first match names the phase.
const markers: [string, RegExp][] = [
  ['token (jose/webcrypto)', /jose|jws_verify|webcrypto|verifySessionToken/],
  ['sql (prisma/pg)', /@prisma|pg-pool|\/pg\/lib|pg-protocol|db\/client\.ts|wasm/],
  ['graphql validate', /^validate |onValidate|validation\//],
  ['graphql parse', /^parse .*graphql|onParse|language\/parser/],
  ['graphql subscribe/execute', /execution\/|subscriptions\.ts|eventStream|repeater/],
  ['deliver events (live.ts)', /deliverPage|events\/live\.ts/],
  ['context (yoga.ts, rate limits)', /src\/yoga\.ts|rate-limits\.ts|contextFactory/],
  ['envelop/yoga plumbing', /envelop|graphql-yoga|whatwg-node|graphql-tools/],
  ['subscription limits', /subscription-limits/],
  ['operation log', /operations\.ts|metrics\.ts/],
  ['onConnect/viewer', /connection-viewer|auth\/viewer|sessions\.ts/],
  ['app.ts onSubscribe/onConnect other', /src\/app\.ts|persisted-documents|client-address/],
  ['graphql-ws', /graphql-ws|use\/ws\.js|server-zBhvXJ|common-CGW11Fyb/],
  ['ws upgrade', /handleUpgrade|completeUpgrade|websocket-server/],
  ['ws receive', /receiver\.js|receiverOnMessage|socketOnData/],
  ['ws send', /sender\.js|websocket\.js/],
  ['http parse/accept', /_http_server|_http_common|onconnection/],
];
const phase = new Map<string, number>();
let total = 0;
for (const [i, id] of profile.samples.entries()) {
  const us = process.env.BY_SAMPLES ? 1000 : (profile.timeDeltas[i] ?? 0);
  total += us;
  const leaf = nodes.get(id)!.callFrame.functionName;
  if (process.env.CPU_ONLY && /^(writev|writeUtf8String|\(idle\)|writeBuffer|writeLatin1String)$/.test(leaf)) { total -= us; continue; }
  let name = leaf === '(idle)' ? 'idle' : leaf === '(garbage collector)' ? 'GC' : leaf === '(program)' ? 'program' : '';
  for (let cur: number | undefined = id; !name && cur !== undefined; cur = parent.get(cur)) {
    const { functionName, url } = nodes.get(cur)!.callFrame;
    const s = `${functionName} ${url}`;
    for (const [m, re] of markers) if (re.test(s)) { name = m; break; }
  }
  name ||= 'other (node internals, timers, writes outside the above)';
  phase.set(name, (phase.get(name) ?? 0) + us);
}
console.log(process.env.BY_SAMPLES ? `${total / 1000} samples (ms below: samples)` : `${(total / 1e6).toFixed(2)} s sampled`);
for (const [n, us] of [...phase].sort((a, b) => b[1] - a[1])) console.log(`${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${n}`);
