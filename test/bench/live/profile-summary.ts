// Summarises a CPU profile written by `pnpm bench:live --cpu-prof`: self time by package and by function.
// `npx tsx test/bench/live/profile-summary.ts test/bench/live/profiles/connect-g-5000.cpuprofile [rows]`
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const rows = Number(process.argv[3] ?? 25);
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const [index, id] of profile.samples.entries()) {
  const micros = profile.timeDeltas[index] ?? 0;
  total += micros;
  const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
  const where =
    url.match(/node_modules\/\.pnpm\/(@?[^@/]+(?:\+[^@/]+)?)@/)?.[1] ??
    url.match(/(server\/src\/.+)$/)?.[1] ??
    (url.startsWith('node:') ? `node:${url.slice(5).split('/')[0]}` : url.includes('wasm') ? 'prisma query compiler (wasm)' : functionName);
  byPackage.set(where, (byPackage.get(where) ?? 0) + micros);
  const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
}
const table = (map: Map<string, number>) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, micros]) => `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
console.log(`${(total / 1e6).toFixed(2)} s sampled\n\nby package or file:\n${table(byPackage)}\n\nby function:\n${table(byFunction)}`);
