// Lint rules for the whole repository (`npm run check` passes this file with -c,
// so the top level stays small).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { programBoundaries } from './lint/program-boundaries.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'server/generated/**',
      'common/graphql/generated/**',
      'dashboard/dist/**',
      'server/dist/**',
      'tests/artifacts/**',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['server/**', 'worker/**', 'cli/**', 'dashboard/**', 'common/**'],
    plugins: { farm: { rules: { 'program-boundaries': programBoundaries } } },
    rules: { 'farm/program-boundaries': 'error' },
  },
);
