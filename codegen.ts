import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for every client of the farm (worker, `farm` command, dashboard, tests),
 * from the committed schema.graphql: `npm run generate` prints the schema, then runs this.
 * One output in common/, so a fragment written once in common/graphql/ types the same for
 * each client; operation names are unique across the clients (Cli…, Dashboard…).
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'common/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Upload: 'File | Blob' },
      },
      documents: [
        'common/**/*.ts',
        'worker/**/*.ts',
        'cli/**/*.ts',
        'dashboard/src/**/*.{ts,tsx}',
        'tests/**/*.ts',
        '!common/graphql/generated/**',
      ],
    },
  },
  hooks: {},
};

export default config;
