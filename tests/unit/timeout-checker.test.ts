/**
 * The lease checker alone, against fakes of the few things it needs (TimeoutCheckerNeeds):
 * the workers' rows, the leases it ends or extends, the sightings, and a clock set by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Db } from '../../server/db.ts';
import { createLogger } from '../../server/logger.ts';
import { TimeoutChecker } from '../../server/scheduler/timeout-checker.ts';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

interface FakeWorker {
  id: string;
  name: string;
  status: string;
  lastHeartbeatAt: Date;
}

/** A farm of workers in memory, the checker's view of it, and what the checker did. */
function farm(workers: FakeWorker[], seen: Record<string, Date> = {}) {
  let now = at(0);
  const calls: string[] = [];
  const db = {
    worker: {
      findMany: async ({ where }: { where: { lastHeartbeatAt: { lt: Date } } }) =>
        workers.filter((w) => w.status !== 'OFFLINE' && w.lastHeartbeatAt < where.lastHeartbeatAt.lt),
    },
  } as unknown as Db;
  const leases = {
    lose: async (workerId: string, why: string) => {
      calls.push(`lose ${workerId}: ${why}`);
      workers.find((w) => w.id === workerId)!.status = 'OFFLINE';
      return [];
    },
    sighted: async (workerId: string, seenAt: Date) => {
      calls.push(`sighted ${workerId} at +${(seenAt.getTime() - T0) / 1000} s`);
      workers.find((w) => w.id === workerId)!.lastHeartbeatAt = seenAt;
    },
  };
  const sightings = { lastSeenAt: (workerId: string) => seen[workerId] ?? null };
  const checker = new TimeoutChecker(
    { db, leases, log: createLogger('silent'), clock: () => now, sightings },
    { workerTimeoutS: 30, startedAt: at(0), intervalMs: 1000 },
  );
  return {
    calls,
    check: (s: number) => {
      now = at(s);
      return checker.check();
    },
  };
}

describe('TimeoutChecker', () => {
  it('loses a worker silent for the timeout, not before', async () => {
    const { check, calls } = farm([{ id: 'w1', name: 'one', status: 'BUSY', lastHeartbeatAt: at(5) }]);
    assert.deepEqual(await check(34.9), [], '29.9 s after its heartbeat');
    assert.deepEqual(await check(35.1), ['w1'], '30.1 s after its heartbeat');
    assert.deepEqual(calls, ['lose w1: worker one sent no heartbeat for 30 s']);
  });

  it('gives nobody away before the server has been up for the timeout', async () => {
    const { check, calls } = farm([{ id: 'w1', name: 'one', status: 'IDLE', lastHeartbeatAt: new Date(T0 - 3_600_000) }]);
    assert.deepEqual(await check(29), [], 'up for 29 s');
    assert.deepEqual(calls, []);
    assert.deepEqual(await check(31), ['w1'], 'up for 31 s');
  });

  it('a worker seen by another call keeps its lease from the time it was seen, not from the check', async () => {
    const { check, calls } = farm([{ id: 'w1', name: 'one', status: 'BUSY', lastHeartbeatAt: at(5) }], { w1: at(20) });
    assert.deepEqual(await check(45), [], 'no heartbeat for 40 s, but it called 25 s ago');
    assert.deepEqual(calls, ['sighted w1 at +20 s']);
    assert.deepEqual(await check(49.9), [], '29.9 s after it was seen');
    assert.deepEqual(await check(50.1), ['w1'], '30.1 s after it was seen: lost, not 30 s after the check at +45 s');
  });
});
