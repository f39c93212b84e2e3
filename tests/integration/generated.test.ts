/**
 * The committed generated files match what `npm run generate` would write now:
 * schema.graphql from the Pothos schema, and the clients' typed documents from it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { generate } from '@graphql-codegen/cli';
import codegenConfig from '../../codegen.ts';
import { printFarmSchema, SCHEMA_FILE } from '../../server/schema/print.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STALE = 'is stale: run `npm run generate` and commit the result';

describe('generated files', () => {
  it('schema.graphql is the printed Pothos schema', async () => {
    const committed = await fs.readFile(SCHEMA_FILE, 'utf8');
    assert.equal(committed, printFarmSchema(), `schema.graphql ${STALE}`);
  });

  it('the typed documents are what codegen makes from schema.graphql', async () => {
    const outputs = await generate({ ...codegenConfig, cwd: ROOT, silent: true }, false);
    assert.ok(outputs.length > 0);
    for (const output of outputs) {
      const file = path.resolve(ROOT, output.filename);
      const committed = await fs.readFile(file, 'utf8').catch(() => null);
      assert.equal(committed, output.content, `${path.relative(ROOT, file)} ${STALE}`);
    }
  });
});
