import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimStatement, setList } from '../../server/scheduler/claim.ts';
import {
  CLAIMABLE_JOB_STATUSES,
  decideFrame,
  framesThatAllow,
  JOB_STATUSES,
  ONLINE_WORKER_STATUSES,
} from '../../server/scheduler/state-machine.ts';
import { inlined, sqlList } from '../support/sql-text.ts';

const NOW = new Date('2026-11-24T12:00:00Z');

describe('the claim statement, built from the state machine', () => {
  const sql = inlined(claimStatement('w1', NOW));

  it('names exactly the claimable job statuses', () => {
    assert.ok(sql.includes(`j."status" IN (${sqlList(CLAIMABLE_JOB_STATUSES)})`), sql);
    for (const status of JOB_STATUSES.filter((s) => !(CLAIMABLE_JOB_STATUSES as readonly string[]).includes(s))) {
      assert.ok(!sql.includes(`'${status}'`), `${status} jobs must not be claimed`);
    }
  });

  it('takes only frames that allow assign, and only for an online worker', () => {
    const from = sqlList(framesThatAllow('assign'));
    assert.ok(sql.includes(`WHERE "status" IN (${from})`), sql);
    assert.ok(sql.includes(`f."status" IN (${from})`), sql);
    assert.ok(sql.includes(`w."status" IN (${sqlList(ONLINE_WORKER_STATUSES)})`), sql);
  });

  it('writes the assign patch, column by column, and counts the hand-out there', () => {
    const decision = decideFrame({ status: 'QUEUED', workerId: null, failures: 0 }, 'assign', { now: NOW, workerId: 'w1' });
    assert.ok(decision.ok);
    const set = sql.slice(sql.indexOf('SET') + 3, sql.indexOf('WHERE')).trim();
    assert.deepEqual(
      set.split(', ').map((assignment) => assignment.split(' = ')[0]),
      Object.keys(decision.change.patch).map((column) => `"${column}"`),
    );
    assert.ok(set.includes(`"attempts" = "attempts" + 1`), set);
    assert.ok(set.includes(`"assignedAt" = '${NOW.toISOString()}'`), set);
    assert.ok(set.includes(`"workerId" = 'w1'`), set);
  });

  it('passes every value as a parameter, never in the text', () => {
    const statement = claimStatement("w1'; DROP TABLE \"Frame\"; --", NOW);
    assert.ok(!statement.sql.includes('DROP TABLE'));
    assert.ok(statement.values.includes("w1'; DROP TABLE \"Frame\"; --"));
  });
});

describe('a frame patch as a SET list', () => {
  it('sets, clears and counts up the columns the patch names, and leaves out the rest', () => {
    const set = setList({ status: 'QUEUED', workerId: null, attempts: { increment: 2 }, logTail: undefined, renderTimeMs: 40 });
    assert.equal(inlined(set), `"status" = 'QUEUED', "workerId" = NULL, "attempts" = "attempts" + 2, "renderTimeMs" = 40`);
  });

  it('refuses a column name that could break out of its quotes', () => {
    const patch = { status: 'QUEUED', 'status" = 1; --': 'x' } as unknown as Parameters<typeof setList>[0];
    assert.throws(() => setList(patch), /is not a frame column/);
  });
});
