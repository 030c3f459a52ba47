// Runs `pnpm build` only when an output is missing or older than a source it is built from, so
// `pnpm start` on a built tree starts at once. Plain JavaScript: it must run before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const at = (...parts) => path.join(root, ...parts);

/** What the build reads. Generated folders inside them are outputs, not sources. */
const sources = [
  at('server/src'),
  at('server/tsconfig.json'),
  at('server/tsconfig.build.json'),
  at('server/schema.graphql'),
  at('prisma/schema.prisma'),
  at('web/src'),
  at('web/index.html'),
  at('web/vite.config.ts'),
  at('codegen.ts'),
  at('tsconfig.base.json'),
  at('pnpm-lock.yaml'),
];
const generated = new Set([at('server/src/generated'), at('web/src/gql')]);
const outputs = [at('server/dist/main.js'), at('web/dist/index.html')];

function newest(file) {
  if (generated.has(file) || !existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

const sourceTime = Math.max(...sources.map(newest));
const isOlder = (file, time) => !existsSync(file) || statSync(file).mtimeMs < time;
const stale = outputs.filter((file) => isOlder(file, sourceTime));
// The Prisma client is generated from the data model only.
const client = at('server/src/generated/prisma/client.ts');
if (isOlder(client, newest(at('prisma/schema.prisma')))) stale.push(client);
if (stale.length === 0) process.exit(0);

console.log(`[vetline] Building (${path.relative(root, stale[0])} is missing or older than its sources)…`);
const build = spawnSync('pnpm', ['build'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
