import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for the dashboard's operations, from the committed printed schema.
const config: CodegenConfig = {
  schema: 'server/schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'getFragmentData' } },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
    // The schema for graphcache, so it can normalise and update lists on its own.
    'web/src/gql/introspection.ts': {
      plugins: ['urql-introspection'],
      config: { module: 'es2015', useTypeImports: true },
    },
  },
};

export default config;
