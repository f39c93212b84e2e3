import type { CodegenConfig } from '@graphql-codegen/cli';

/** The same typed-document style for every client of the farm. */
const clientOutput = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTime: 'string', Upload: 'File | Blob' },
  },
} as const;

/**
 * Typed documents for the farm's clients, from the committed schema.graphql:
 * `npm run generate` prints the schema, then runs this. Each client reads only its own
 * documents, so the worker's output never types the dashboard's operations and back.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'worker/graphql/generated/': {
      ...clientOutput,
      documents: ['worker/**/*.ts', 'tests/**/*.ts', '!worker/graphql/generated/**'],
    },
    'dashboard/src/graphql/generated/': {
      ...clientOutput,
      documents: ['dashboard/src/**/*.{ts,tsx}', '!dashboard/src/graphql/generated/**'],
    },
  },
  hooks: {},
};

export default config;
