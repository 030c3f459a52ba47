/**
 * Where the dashboard's bytes go: builds the dashboard with source maps (into a temporary folder,
 * web/dist untouched) and attributes every byte of the minified chunks to the module, and the
 * package, it came from. Prints the chunks the first page loads (index.html's scripts and their static imports)
 * and, per package, the minified bytes and a brotli estimate (the package's bytes compressed on their
 * own, so the column sums to a little more than the chunks compress to together).
 *
 *   pnpm --filter @vetline/web exec tsx scripts/bundle-report.ts [--chunks] [--modules N] [--all]
 *
 * `--chunks` lists each chunk's largest modules; `--modules N` also lists the N largest modules of the first load; `--all` adds the lazy chunks.
 * A development tool only: the first load's budget is measured in test/bench/dashboard-first-load.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { build, type Rolldown } from 'vite';

const webRoot = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const moduleCount = Number(args[args.indexOf('--modules') + 1] ?? 0) || (args.includes('--modules') ? 25 : 0);
const showAll = args.includes('--all');
const showChunks = args.includes('--chunks');

const brotli = (text: string) => brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes one line of a source map's VLQ mappings into [generated column, source index] pairs. */
function decodeLine(line: string, state: { source: number }): [number, number][] {
  const segments: [number, number][] = [];
  let column = 0;
  for (const segment of line.split(',')) {
    if (!segment) continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = BASE64_VALUE.get(char) ?? 0;
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
      } else {
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += fields[0] ?? 0;
    if (fields.length > 1) state.source += fields[1] ?? 0;
    segments.push([column, fields.length > 1 ? state.source : -1]);
  }
  return segments;
}

/** The minified text of a chunk, split by the source each span maps to ('' for unmapped glue). */
function attribute(chunk: Rolldown.OutputChunk): Map<string, string> {
  const spans = new Map<string, string[]>();
  const map = chunk.map;
  const lines = chunk.code.split('\n');
  const add = (source: string, text: string) => {
    if (!text) return;
    const list = spans.get(source) ?? [];
    list.push(text);
    spans.set(source, list);
  };
  if (!map) {
    add('', chunk.code);
  } else {
    const state = { source: 0 };
    const mappingLines = map.mappings.split(';');
    lines.forEach((line, index) => {
      const segments = decodeLine(mappingLines[index] ?? '', state);
      let previousEnd = 0;
      segments.forEach(([column, source], i) => {
        add('', line.slice(previousEnd, column));
        const end = segments[i + 1]?.[0] ?? line.length;
        add(source >= 0 ? (map.sources[source] ?? '') : '', line.slice(column, end));
        previousEnd = end;
      });
      if (segments.length === 0) add('', line);
      add('', '\n');
    });
  }
  return new Map([...spans].map(([source, list]) => [source, list.join('')]));
}

/** `react-dom`, `@urql/core`, or `web/src/…` for the dashboard's own modules. */
function packageOf(source: string): string {
  const normalized = source.replaceAll('\\', '/');
  const inModules = normalized.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const rest = normalized.slice(inModules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? source);
  }
  if (!normalized) return '(bundler glue)';
  const inSrc = normalized.indexOf('src/');
  return inSrc >= 0 ? `web/${normalized.slice(inSrc).split('/').slice(0, 2).join('/')}` : normalized;
}

function moduleName(source: string): string {
  const normalized = source.replaceAll('\\', '/');
  const inModules = normalized.lastIndexOf('node_modules/');
  if (inModules >= 0) return normalized.slice(inModules + 'node_modules/'.length);
  const inSrc = normalized.indexOf('src/');
  return inSrc >= 0 ? `web/${normalized.slice(inSrc)}` : normalized || '(bundler glue)';
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function main() {
  const outDir = await mkdtemp(path.join(tmpdir(), 'vetline-bundle-'));
  try {
    const result = await build({
      root: webRoot,
      configFile: path.join(webRoot, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: 'hidden', write: false, reportCompressedSize: false },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const files = outputs.flatMap((o) => o.output);
    const chunks = new Map(files.filter((f): f is Rolldown.OutputChunk => f.type === 'chunk').map((c) => [c.fileName, c]));
    const css = files.filter((f): f is Rolldown.OutputAsset => f.type === 'asset' && f.fileName.endsWith('.css'));

    // The first page: what index.html loads (scripts and styles), and what those scripts import statically.
    const html = files.find((f) => f.fileName === 'index.html');
    const first = new Set<string>();
    const visit = (fileName: string) => {
      if (first.has(fileName)) return;
      first.add(fileName);
      for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
    };
    for (const [, fileName] of String(html?.type === 'asset' ? html.source : '').matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)) visit(fileName ?? '');

    const report = (title: string, names: string[]) => {
      const perPackage = new Map<string, string[]>();
      const perModule = new Map<string, number>();
      let raw = 0;
      let compressed = 0;
      process.stdout.write(`\n${title}\n  ${pad('min B', 9)} ${pad('br B', 8)}  chunk\n`);
      for (const name of names) {
        const chunk = chunks.get(name);
        if (!chunk) continue;
        const size = Buffer.byteLength(chunk.code);
        const br = brotli(chunk.code);
        raw += size;
        compressed += br;
        process.stdout.write(`  ${pad(size, 9)} ${pad(br, 8)}  ${name}\n`);
        const parts = attribute(chunk);
        if (showChunks) {
          const sorted = [...parts].map(([source, text]) => [moduleName(source), Buffer.byteLength(text)] as const).sort((a, b) => b[1] - a[1]);
          for (const [key, bytes] of sorted.slice(0, 8)) process.stdout.write(`  ${pad(bytes, 19)}    ${key}\n`);
          if (sorted.length > 8) process.stdout.write(`  ${pad(sorted.slice(8).reduce((sum, [, b]) => sum + b, 0), 19)}    (${sorted.length - 8} more)\n`);
        }
        for (const [source, text] of parts) {
          const key = packageOf(source);
          perPackage.set(key, [...(perPackage.get(key) ?? []), text]);
          perModule.set(moduleName(source), (perModule.get(moduleName(source)) ?? 0) + Buffer.byteLength(text));
        }
      }
      const styles = css.filter((asset) => names.some((name) => chunks.get(name)?.viteMetadata?.importedCss.has(asset.fileName)));
      for (const asset of styles) {
        const text = String(asset.source);
        raw += Buffer.byteLength(text);
        compressed += brotli(text);
        process.stdout.write(`  ${pad(Buffer.byteLength(text), 9)} ${pad(brotli(text), 8)}  ${asset.fileName}\n`);
      }
      process.stdout.write(`  ${pad(raw, 9)} ${pad(compressed, 8)}  total (${kb(compressed)} KiB brotli, bodies only)\n`);
      process.stdout.write(`\n  ${pad('min B', 9)} ${pad('br B*', 8)}  package (* compressed on its own)\n`);
      const rows = [...perPackage].map(([key, texts]) => {
        const text = texts.join('');
        return { key, raw: Buffer.byteLength(text), br: brotli(text) };
      });
      for (const row of rows.sort((a, b) => b.raw - a.raw)) process.stdout.write(`  ${pad(row.raw, 9)} ${pad(row.br, 8)}  ${row.key}\n`);
      if (moduleCount) {
        process.stdout.write(`\n  ${pad('min B', 9)}  largest modules\n`);
        const largest = [...perModule].sort((a, b) => b[1] - a[1]).slice(0, moduleCount);
        for (const [key, size] of largest) process.stdout.write(`  ${pad(size, 9)}  ${key}\n`);
      }
    };

    report("First load: index.html's scripts, their static imports and styles", [...first]);
    const lazy = [...chunks.keys()].filter((name) => !first.has(name)).sort();
    if (showAll) report('Lazy chunks (each page, each Russian namespace)', lazy);
    else process.stdout.write(`\n${lazy.length} lazy chunks not listed (--all lists them)\n`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
