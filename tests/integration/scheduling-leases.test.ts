/**
 * A worker's lease on its frames, through the real server on a clock the test moves: a
 * silent worker loses its frames and its late upload is still kept, a restart gives every
 * worker a full timeout, other calls count as signs of life, and a worker signing off hands
 * its frames back at once. Each describe block has a farm of its own
 * (tests/support/scheduling-rig.ts).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Clock } from '../../server/clock.ts';
import { TimeoutChecker } from '../../server/scheduler/timeout-checker.ts';
import { WorkerSightings } from '../../server/scheduler/worker-sightings.ts';
import { SignOff } from '../../worker/graphql/operations.ts';
import { filesUnder } from '../support/farm.ts';
import { waitFor } from '../support/processes.ts';
import { ok, type Rig, useRig } from '../support/scheduling-rig.ts';

/**
 * A lease checker of its own (timeout 30 s), on the farm's clock or another: the farm's own
 * checker has a timeout longer than these tests move its clock.
 */
function leaseChecker(rig: Rig, startedAt: Date, opts: { clock?: Clock; sightings?: WorkerSightings } = {}): TimeoutChecker {
  const { db, leases, log } = rig.farm.app.services;
  return new TimeoutChecker(
    { db, leases, log, clock: opts.clock ?? rig.clock.now, sightings: opts.sightings },
    { workerTimeoutS: 30, startedAt, intervalMs: 1000 },
  );
}

/** A time `ms` away from the farm's clock now. */
function from(rig: Rig, ms: number): Date {
  return new Date(rig.clock.now().getTime() + ms);
}

describe('leases', () => {
  const rig = useRig();

  it('a silent worker loses its frame to another; its late upload is kept and counted once', async () => {
    const jobId = await rig.submit({ name: 'Leases', totalFrames: 2, outputFormat: 'PNG' });
    const w1 = await rig.register('w1');
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    const checker = leaseChecker(rig, from(rig, -60_000));
    rig.clock.advance(10_000);
    assert.deepEqual(await checker.check(), [], 'silent for 10 s: still holds its lease');
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'ASSIGNED', 'w1'],
      [2, 'QUEUED', null],
    ]);

    rig.clock.advance(21_000);
    assert.deepEqual(await checker.check(), [w1.id], 'silent for 31 s: lost');
    const lost = (await rig.job(jobId)).frames.find((f) => f.number === 1)!;
    assert.deepEqual([lost.status, lost.failures, lost.worker], ['QUEUED', 1, null]);
    assert.match(lost.error ?? '', /^Lost: worker w1 sent no heartbeat for 3\d s$/);
    assert.equal((await rig.worker(w1.id)).status, 'OFFLINE');
    assert.equal(await rig.poll(w1), null, 'an OFFLINE worker gets nothing');

    // w2 joins after the check, so its heartbeat is not "silent" on the farm's clock.
    const w2 = await rig.register('w2');
    const revocations = await rig.watchRevocations(w2);
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);

    const late = await rig.deliver(w1, jobId, 1);
    assert.equal(late.status, 'DONE', "w1's late upload is taken");
    let job = await rig.job(jobId);
    assert.equal(job.framesDone, 1);
    assert.deepEqual(job.frames.map((f) => [f.number, f.status, f.worker?.name ?? null]), [
      [1, 'DONE', 'w1'],
      [2, 'QUEUED', null],
    ]);
    assert.deepEqual(await revocations.next(0, 2_000), {
      jobId,
      frameNumber: 1,
      reason: 'DONE_ELSEWHERE',
      message: 'frame 1 was delivered by another worker',
    });

    for (const attempt of ['first', 'second']) {
      const own = await rig.upload(w2, jobId, 1);
      assert.equal(own.error, undefined, `w2's ${attempt} upload is acknowledged: ${own.error?.message}`);
      assert.equal(own.data?.uploadFrame.status, 'DONE');
    }
    const again = await rig.deliver(w1, jobId, 1);
    assert.equal(again.status, 'DONE', "w1's upload sent twice is acknowledged");
    job = await rig.job(jobId);
    assert.deepEqual([job.framesDone, job.status], [1, 'RUNNING'], 'counted once');
    assert.deepEqual(await filesUnder(path.join(rig.farm.config.dataDir, 'jobs')), [path.join(jobId, '0001.png')]);
    assert.equal((await rig.worker(w2.id)).status, 'IDLE');

    const beat = await rig.heartbeat(w1);
    assert.equal(beat.status, 'IDLE', 'a heartbeat brings w1 back');
    assert.equal((await rig.worker(w1.id)).status, 'IDLE');
    assert.deepEqual(await rig.poll(w1), [jobId, 2]);
    assert.equal(revocations.received.length, 1);
  });

  it('after a restart, nobody is timed out before the server has been up for the timeout', async () => {
    const { db } = rig.farm.app.services;
    const clock = from(rig, 3_600_000);
    const workersOnline = async () => (await db.worker.findMany({ where: { status: { not: 'OFFLINE' } } })).map((w) => w.id).sort();
    const online = await workersOnline();
    assert.equal(online.length, 2, 'w1 and w2 are online, silent for an hour on this clock');

    const justRestarted = leaseChecker(rig, new Date(clock.getTime() - 29_000), { clock: () => clock });
    assert.deepEqual(await justRestarted.check(), [], 'up for 29 s: every worker still has time to reconnect');
    assert.deepEqual(await workersOnline(), online);

    const upLongEnough = leaseChecker(rig, new Date(clock.getTime() - 31_000), { clock: () => clock });
    assert.deepEqual((await upLongEnough.check()).sort(), online, 'up for 31 s: the silent ones are lost');
    assert.deepEqual(await workersOnline(), []);
  });

  it('a worker whose heartbeats are late but whose other calls arrive keeps its lease', async () => {
    const { db } = rig.farm.app.services;
    const jobId = await rig.submit({ name: 'Busy, not lost', totalFrames: 1, outputFormat: 'PNG', priority: 10 });
    const busy = await rig.register('busy');
    assert.deepEqual(await rig.poll(busy), [jobId, 1]);

    const sightings = new WorkerSightings(rig.clock.now);
    const checker = leaseChecker(rig, from(rig, -60_000), { sightings });
    rig.clock.advance(40_000);
    // Every worker of this rig called at +40 s (the others too, or they would be lost here).
    for (const w of await db.worker.findMany({ where: { status: { not: 'OFFLINE' } } })) sightings.seen(w.id);
    rig.clock.advance(5_000);
    assert.deepEqual(await checker.check(), [], 'no heartbeat for 45 s, but it called 5 s ago: keeps its frame');
    assert.deepEqual((await rig.job(jobId)).frames.map((f) => [f.number, f.status, f.worker?.name ?? null]), [[1, 'ASSIGNED', 'busy']]);

    rig.clock.advance(55_000);
    assert.ok((await checker.check()).includes(busy.id), 'silent in every way for 55 s: lost');
    assert.deepEqual((await rig.job(jobId)).frames.map((f) => [f.number, f.status, f.worker?.name ?? null]), [[1, 'QUEUED', null]]);
  });

  it('a heartbeat that lands after the lease checker looked keeps the lease', async () => {
    const { leases } = rig.farm.app.services;
    const jobId = await rig.submit({ name: 'Just in time', totalFrames: 1, outputFormat: 'PNG', priority: 20 });
    const late = await rig.register('just-in-time');
    assert.deepEqual(await rig.poll(late), [jobId, 1]);
    // The checker found it silent since before `cutoff`; its heartbeat arrives before the checker acts.
    rig.clock.advance(31_000);
    const cutoff = from(rig, -30_000);
    await rig.heartbeat(late);
    assert.equal(await leases.lose(late.id, 'silent', cutoff), null, 'not lost: it was heard from after the cutoff');
    assert.equal((await rig.worker(late.id)).status, 'BUSY');
    assert.deepEqual((await rig.job(jobId)).frames.map((f) => [f.number, f.status, f.worker?.name ?? null]), [[1, 'ASSIGNED', 'just-in-time']]);
  });
});

describe('lease timeout', () => {
  // The farm's own lease checker this time, FARM_WORKER_TIMEOUT_S = 30, looking every second.
  const rig = useRig({ heartbeatIntervalS: 10, workerTimeoutS: 30 });

  it("a worker's frames go back FARM_WORKER_TIMEOUT_S after its last sign of life, heartbeat or other call", async () => {
    const [jobId, beating, polling] = await rig.jobAndWorkers({ name: 'Vanishing', totalFrames: 2, outputFormat: 'PNG' }, 'beating', 'polling');
    assert.deepEqual(await rig.poll(beating), [jobId, 1]);
    assert.deepEqual(await rig.poll(polling), [jobId, 2]);
    rig.clock.advance(20_000);
    await rig.heartbeat(beating);
    await rig.heartbeat(polling);
    rig.clock.advance(15_000);
    // Their last signs of life, both at +35 s: a heartbeat, and a poll after the last heartbeat.
    await rig.heartbeat(beating);
    assert.deepEqual(await rig.poll(polling), [jobId, 2], 'polling is given its frame again');

    rig.clock.advance(29_900);
    assert.deepEqual(await rig.farm.app.timeouts.check(), [], '29.9 s after their last sign of life: nobody is lost');
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'ASSIGNED', 'beating'],
      [2, 'ASSIGNED', 'polling'],
    ]);

    rig.clock.advance(200);
    const frames = await waitFor(
      '30.1 s after their last sign of life: both frames back in the queue',
      async () => {
        const now = await rig.frames(jobId);
        return now.every(([, status]) => status === 'QUEUED') && now;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    assert.deepEqual(frames, [
      [1, 'QUEUED', null],
      [2, 'QUEUED', null],
    ]);
    assert.deepEqual([(await rig.worker(beating.id)).status, (await rig.worker(polling.id)).status], ['OFFLINE', 'OFFLINE']);
  });
});

describe('signOff', () => {
  const rig = useRig();

  it("a worker signing off hands its frame back at once, not as a failure", async () => {
    const [jobId, w1, w2] = await rig.jobAndWorkers({ name: 'Shift change', totalFrames: 2, outputFormat: 'PNG' }, 'w1', 'w2');
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    const { signOff } = ok(await w1.api.client.mutation(SignOff, { workerId: w1.id }).toPromise());
    assert.deepEqual(signOff, { id: w1.id, status: 'OFFLINE' });
    const frame1 = (await rig.job(jobId)).frames.find((f) => f.number === 1)!;
    assert.deepEqual([frame1.status, frame1.failures, frame1.error, frame1.worker], ['QUEUED', 0, null, null]);
    assert.equal((await rig.worker(w1.id)).status, 'OFFLINE');

    assert.deepEqual(await rig.poll(w2), [jobId, 1], 'w2 gets the handed-back frame');
    assert.equal(await rig.poll(w1), null);
  });
});
