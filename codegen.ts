import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

// Types for the dashboard's operations, from the committed printed schema.
const config: CodegenConfig = {
  schema: 'server/schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: { unmaskFunctionName: 'getFragmentData' },
        // Each document carries its hash (`__meta__.hash`) and persisted-documents.json maps hash
        // to text: the browser sends hashes, the server runs the text it holds. The AST stays in
        // the document because graphcache reads it to normalise results.
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      // graphcache adds __typename to every selection; the stored text must ask for it too.
      documentTransforms: [addTypenameSelectionDocumentTransform],
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
