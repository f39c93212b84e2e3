import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  FRAME_STATUSES,
  HELD_FRAME_STATUSES,
  WORKER_STATUSES,
  type WorkerStatus,
  workerStatusFor,
} from '../../server/scheduler/state-machine.ts';
import { workerStatusStatement } from '../../server/scheduler/worker-status-sql.ts';
import { inlined, sqlList } from '../support/sql-text.ts';

/** The statement run on a two-table SQLite in memory: the worker's status after it. */
function statusAfter(current: WorkerStatus, frames: readonly string[], heardFrom: boolean): string {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE "Worker" ("id" TEXT PRIMARY KEY, "status" TEXT); CREATE TABLE "Frame" ("workerId" TEXT, "status" TEXT)');
    db.prepare('INSERT INTO "Worker" VALUES (?, ?)').run('w1', current);
    // Another worker's held frame must not make this one BUSY.
    db.prepare('INSERT INTO "Frame" VALUES (?, ?)').run('w2', 'RENDERING');
    for (const status of frames) db.prepare('INSERT INTO "Frame" VALUES (?, ?)').run('w1', status);
    const statement = workerStatusStatement('w1', heardFrom);
    db.prepare(statement.sql).run(...statement.values);
    return (db.prepare('SELECT "status" FROM "Worker" WHERE "id" = ?').get('w1') as { status: string }).status;
  } finally {
    db.close();
  }
}

describe('the worker status statement, written from workerStatusFor', () => {
  it('gives every worker the status workerStatusFor gives it, holding frames or not, heard from or not', () => {
    const ended = FRAME_STATUSES.filter((status) => !(HELD_FRAME_STATUSES as readonly string[]).includes(status));
    for (const current of WORKER_STATUSES) {
      for (const heardFrom of [false, true]) {
        for (const frames of [[], ended, ['ASSIGNED'], ['RENDERING', 'DONE']]) {
          const held = frames.filter((status) => (HELD_FRAME_STATUSES as readonly string[]).includes(status)).length;
          assert.equal(
            statusAfter(current, frames, heardFrom),
            workerStatusFor(current, held, heardFrom),
            `${current} holding [${frames.join(', ')}], heardFrom ${heardFrom}`,
          );
        }
      }
    }
  });

  it('counts as held exactly the held frame statuses, and leaves an OFFLINE worker not heard from alone', () => {
    const sql = inlined(workerStatusStatement('w1', false));
    assert.ok(sql.includes(`f."status" IN (${sqlList(HELD_FRAME_STATUSES)})`), sql);
    assert.ok(sql.includes(`"status" IN ('IDLE','BUSY')`), sql);
  });
});
