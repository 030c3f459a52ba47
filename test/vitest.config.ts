import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The server's libraries (Pothos, Yoga) load graphql's CommonJS build; Vite would resolve the
// tests' imports to its ESM build, and graphql refuses to mix the two. Both get the same one.
const graphql = createRequire(path.resolve(import.meta.dirname, '../server/package.json')).resolve('graphql');

export default defineConfig({
  resolve: { alias: { graphql } },
  root: path.resolve(import.meta.dirname, '..'),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // A beforeAll that starts the built server may take startBuiltServer's 180 s, and then stop it.
    hookTimeout: 240_000,
    // Two cores: PGlite and the server under test share them with the runner.
    maxWorkers: 2,
  },
});
