import { readFileSync } from 'node:fs';
import { babelOptimizerPlugin } from '@graphql-codegen/client-preset';
import babel from '@rolldown/plugin-babel';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';

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
  build: { outDir: 'dist', emptyOutDir: true },
});

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
