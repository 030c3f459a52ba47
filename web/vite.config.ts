import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { babelOptimizerPlugin } from '@graphql-codegen/client-preset';
import babel from '@rolldown/plugin-babel';
import react from '@vitejs/plugin-react';
import type { IntrospectionQuery } from 'graphql';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { compactSchema } from './src/lib/compact-schema.js';

// Where the build keeps the hash → text map the server reads (server/src/persisted-documents.ts); a dot folder, so never served.
const PERSISTED_DOCUMENTS_FILE = '.vetline/persisted-documents.json';

// In development the dashboard runs on Vite and talks to the API on :4000.
export default defineConfig({
  plugins: [
    // Replaces each graphql(`…`) call with its generated document, so the bundle carries no
    // document text and each chunk only the documents it uses (codegen's "reducing bundle size").
    babel({
      include: /[/\\]web[/\\]src[/\\].*\.tsx?$/,
      exclude: /[/\\]src[/\\]gql[/\\]/,
      plugins: [[babelOptimizerPlugin, { artifactDirectory: 'src/gql', gqlTagName: 'graphql' }]],
    }),
    documentPerModule(),
    graphcacheSchema(),
    react(),
    persistedDocuments(),
    // Served as-is by the server (sirv's brotli/gzip), so no request compresses anything.
    compression({
      algorithms: ['brotliCompress', 'gzip'],
      include: /\.(js|css|html|svg)$/,
      logLevel: 'silent',
    }),
  ],
  server: {
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // What the first page needs in one chunk: otherwise every module the entry shares with a
          // lazy page becomes a chunk of its own, and the first load paid ~20 requests' headers.
          groups: [{ name: 'shell', tags: ['$initial'] }],
        },
      },
    },
  },
});

/**
 * One module per GraphQL document. codegen writes every document into src/gql/graphql.ts, and the
 * babel plugin above imports each one from there; a bundler never splits a module between chunks,
 * so the first page carried all of the dashboard's ~100 documents. Each such import is pointed at a
 * module holding that one document instead, so a chunk carries only the documents it uses.
 */
function documentPerModule(): Plugin {
  const generated = fileURLToPath(new URL('./src/gql/graphql.ts', import.meta.url));
  const prefix = '\0vetline-document:';
  // `export const XDocument = {…} as unknown as DocumentNode<…>;`, one line each (client-preset's output).
  const line = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode<[^;]*>;$/gm;
  const importFrom = /import\s*\{([^}]*)\}\s*from\s*(["'])([^"']+)\2;?/g;
  let cache: { mtimeMs: number; documents: Map<string, string> } | undefined;
  const documents = () => {
    const { mtimeMs } = statSync(generated);
    if (cache?.mtimeMs !== mtimeMs) {
      const source = readFileSync(generated, 'utf8');
      cache = { mtimeMs, documents: new Map([...source.matchAll(line)].map((m) => [m[1] ?? '', m[2] ?? ''])) };
    }
    return cache.documents;
  };
  const isGenerated = (specifier: string, importer: string) =>
    specifier.startsWith('.') && path.resolve(path.dirname(importer), specifier).replace(/\.[jt]s$/, '') === generated.slice(0, -'.ts'.length);
  return {
    name: 'vetline:document-per-module',
    transform(code, id) {
      if (!/[/\\]web[/\\]src[/\\].*\.tsx?$/.test(id) || id.includes(`${path.sep}gql${path.sep}`) || !code.includes('gql/graphql')) return null;
      let changed = false;
      const rewritten = code.replace(importFrom, (statement: string, names: string, _quote: string, specifier: string) => {
        if (!isGenerated(specifier, id)) return statement;
        const specifiers = names.split(',').map((name) => name.trim()).filter(Boolean);
        // Only documents (values) are split out; anything else keeps coming from the generated file.
        if (!specifiers.every((name) => documents().has(name.split(/\s+as\s+/)[0] ?? ''))) return statement;
        changed = true;
        return specifiers.map((name) => `import { ${name} } from ${JSON.stringify(prefix + (name.split(/\s+as\s+/)[0] ?? ''))};`).join('\n');
      });
      return changed ? { code: rewritten, map: null } : null;
    },
    resolveId(source) {
      return source.startsWith(prefix) ? source : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const name = id.slice(prefix.length);
      const document = documents().get(name);
      if (!document) throw new Error(`${name} is not in src/gql/graphql.ts: run \`pnpm codegen\``);
      this.addWatchFile(generated);
      return `export const ${name} = ${document};\n`;
    },
  };
}

/**
 * The schema graphcache reads, compact (src/lib/compact-schema.ts): codegen's introspection names
 * every field's type and lists its arguments, which graphcache never reads, and was the first page's
 * largest module after React.
 */
function graphcacheSchema(): Plugin {
  const introspection = fileURLToPath(new URL('./src/gql/introspection.ts', import.meta.url));
  const expand = fileURLToPath(new URL('./src/lib/compact-schema.ts', import.meta.url));
  return {
    name: 'vetline:graphcache-schema',
    enforce: 'pre',
    load(id) {
      if (id !== introspection) return null;
      const source = readFileSync(introspection, 'utf8');
      const start = source.indexOf('{', source.indexOf('export default'));
      const json = source.slice(start, source.lastIndexOf('}') + 1);
      const compact = compactSchema(JSON.parse(json) as IntrospectionQuery);
      return `import { expandSchema } from ${JSON.stringify(expand)};\nexport default expandSchema(${JSON.stringify(compact)});\n`;
    },
  };
}

/** Ships the hash → document map codegen wrote with the build whose bundle sends those hashes. */
function persistedDocuments(): Plugin {
  return {
    name: 'vetline:persisted-documents',
    apply: 'build',
    generateBundle() {
      const source = readFileSync(new URL('./src/gql/persisted-documents.json', import.meta.url), 'utf8');
      this.emitFile({ type: 'asset', fileName: PERSISTED_DOCUMENTS_FILE, source });
    },
  };
}
