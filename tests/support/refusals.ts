/**
 * How tests see that the farm refused input and wrote nothing: one BAD_USER_INPUT error
 * naming the field, and the same rows and files before and after.
 */
import assert from 'node:assert/strict';
import type { CombinedError } from '@urql/core';
import { filesUnder, type TestFarm } from './farm.ts';

/** Everything a refusal could have written: rows of each table, and every file under the data folder. */
export async function farmState(farm: TestFarm) {
  const { db } = farm.app.services;
  return {
    jobs: await db.job.count(),
    frames: await db.frame.count(),
    projects: await db.jobProject.count(),
    projectFiles: await db.projectFile.count(),
    contents: await db.content.count(),
    // The database's own files change size, not their names.
    files: (await filesUnder(farm.config.dataDir)).filter((f) => !f.startsWith('farm.db')),
  };
}

export function assertRefused(result: { error?: CombinedError }, field: string, says: RegExp): void {
  const [error] = result.error?.graphQLErrors ?? [];
  assert.ok(error, `refused: ${JSON.stringify(result)}`);
  assert.equal(result.error?.graphQLErrors.length, 1);
  assert.equal(error.extensions.code, 'BAD_USER_INPUT');
  assert.equal(error.extensions.field, field, error.message);
  assert.match(error.message, says);
}
