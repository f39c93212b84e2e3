import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the farm's clients, from the committed schema.graphql:
 * `npm run generate` prints the schema, then runs this.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['worker/**/*.ts', 'tests/**/*.ts', '!worker/graphql/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'worker/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Upload: 'File | Blob' },
      },
    },
  },
  hooks: {},
};

export default config;
