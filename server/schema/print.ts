/**
 * Prints the schema as committed in schema.graphql (sorted, so diffs stay small).
 * `npm run generate` runs this; tests/integration/generated.test.ts fails when the file is stale.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './index.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

export function printFarmSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  fs.writeFileSync(SCHEMA_FILE, printFarmSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
