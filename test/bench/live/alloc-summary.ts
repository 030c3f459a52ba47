// Summarises a sampled allocation profile (`pnpm bench:live --heap-prof`): allocated bytes per connection by function
// (self, then inclusive for the app's and the libraries' frames).
// `npx tsx test/bench/live/alloc-summary.ts test/bench/live/profiles/alloc-connect-g-5000.heapprofile [connections]`
import { readFileSync } from 'node:fs';
interface H { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; id: number; children: H[] }
const { head, samples } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { head: H; samples: { size: number; nodeId: number }[] };
const byId = new Map<number, { node: H; stack: string[] }>();
const walk = (n: H, stack: string[]) => {
  const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const s = [...stack, name];
  byId.set(n.id, { node: n, stack: s });
  for (const c of n.children) walk(c, s);
};
walk(head, []);
const selfBy = new Map<string, number>(), inclBy = new Map<string, number>();
let total = 0;
for (const { size, nodeId } of samples) {
  total += size;
  const { stack } = byId.get(nodeId)!;
  selfBy.set(stack.at(-1)!, (selfBy.get(stack.at(-1)!) ?? 0) + size);
  for (const f of new Set(stack)) inclBy.set(f, (inclBy.get(f) ?? 0) + size);
}
const n = Number(process.argv[3] ?? 5000);
const show = (m: Map<string, number>, rows: number, re?: RegExp) => [...m].filter(([k]) => !re || re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, rows).forEach(([k, v]) => console.log(`${(v / 1048576).toFixed(1).padStart(8)} MiB ${((v / n) / 1024).toFixed(1).padStart(6)} KiB/conn ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`));
console.log(`sampled allocations: ${(total / 1048576).toFixed(0)} MiB, ${(total / n / 1024).toFixed(1)} KiB per connection`);
console.log('-- self'); show(selfBy, 25);
console.log('-- inclusive (app and libs)'); show(inclBy, 45, /src\/|graphql|envelop|yoga|ws|prisma|pg|repeater/);
