/**
 * The scheduler as clients see it, through the real server: which frame goes to which
 * worker and in what order, under concurrency, with required tags and with the blocklist.
 * Each describe block has a farm of its own (tests/support/scheduling-rig.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearBlocklist, SetJobPriority, SetWorkerTags, WorkerDetails } from '../support/operations.ts';
import { ok, useRig } from '../support/scheduling-rig.ts';

describe('claims under concurrency', () => {
  const rig = useRig();

  it('200 concurrent claims from 20 workers book each of 50 frames exactly once', async () => {
    const jobId = await rig.submit({ name: 'Crowd', totalFrames: 50, outputFormat: 'PNG' });
    const workers = await Promise.all(Array.from({ length: 20 }, (_, i) => rig.register(`w${String(i + 1).padStart(2, '0')}`)));
    // The claim primitive itself: pollJob would hand a worker its held frame again.
    const { assignments } = rig.farm.app.services;
    const claims = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const worker = workers[i % workers.length]!;
        return { worker, frame: (await assignments.claim(worker.id))?.frame ?? null };
      }),
    );
    const won = claims.filter((c) => c.frame !== null);
    assert.equal(won.length, 50, 'exactly 50 claims got a frame');
    assert.equal(claims.length - won.length, 150, 'the other 150 got null');
    const numbers = won.map((c) => c.frame!.number);
    assert.equal(new Set(numbers).size, 50, 'no frame number twice');
    assert.deepEqual([...numbers].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.ok(won.every((c) => c.frame!.jobId === jobId));

    const claimant = new Map(won.map((c) => [c.frame!.number, c.worker.id]));
    const job = await rig.job(jobId);
    assert.equal(job.status, 'RUNNING');
    assert.equal(job.frames.length, 50);
    for (const frame of job.frames) {
      assert.deepEqual(
        [frame.number, frame.status, frame.attempts, frame.worker?.id],
        [frame.number, 'ASSIGNED', 1, claimant.get(frame.number)],
        `frame ${frame.number} is booked once, to the worker whose claim returned it`,
      );
    }
    // Every worker holding frames shows BUSY, the others IDLE.
    const { workers: listed } = ok(await rig.user.query(WorkerDetails, {}).toPromise());
    for (const w of listed) {
      const held = won.filter((c) => c.worker.id === w.id).length;
      assert.equal(w.currentFrames.length, held, `${w.name} holds ${held}`);
      assert.equal(w.status, held > 0 ? 'BUSY' : 'IDLE', w.name);
    }
  });
});

describe('order of frames', () => {
  const rig = useRig();

  it('higher priority first, then older jobs, then lower frame numbers', async () => {
    const names = new Map<string, string>();
    for (const [name, priority] of [['A', 0], ['B', 0], ['C', 5]] as const) {
      names.set(await rig.submit({ name, totalFrames: 2, outputFormat: 'PNG', priority }), name);
    }
    const worker = await rig.register('solo');
    const seen: string[] = [];
    for (;;) {
      const got = await rig.poll(worker);
      if (!got) break;
      seen.push(`${names.get(got[0])}${got[1]}`);
      assert.equal((await rig.deliver(worker, got[0], got[1])).status, 'DONE');
      assert.ok(seen.length <= 6, `no more than 6 frames: ${seen.join(',')}`);
    }
    assert.deepEqual(seen, ['C1', 'C2', 'A1', 'A2', 'B1', 'B2']);
  });

  it('setJobPriority raises a newer job above an older one: the next frames come from it', async () => {
    const older = await rig.submit({ name: 'Older', totalFrames: 3, outputFormat: 'PNG' });
    const newer = await rig.submit({ name: 'Newer', totalFrames: 3, outputFormat: 'PNG' });
    const names = new Map([
      [older, 'Older'],
      [newer, 'Newer'],
    ]);
    const worker = await rig.register('solo-2');
    const next = async () => {
      const got = await rig.poll(worker);
      assert.ok(got, 'a frame');
      await rig.deliver(worker, got[0], got[1]);
      return `${names.get(got[0])}${got[1]}`;
    };
    assert.equal(await next(), 'Older1');
    const { setJobPriority } = ok(await rig.user.mutation(SetJobPriority, { jobId: newer, priority: 10 }).toPromise());
    assert.deepEqual(setJobPriority, { id: newer, priority: 10 });
    assert.equal((await rig.job(newer)).priority, 10);
    assert.deepEqual([await next(), await next(), await next(), await next()], ['Newer1', 'Newer2', 'Newer3', 'Older2']);
  });
});

describe('required tags', () => {
  const rig = useRig();

  it('a job requiring gpu goes only to workers tagged gpu, also after setWorkerTags', async () => {
    const jobId = await rig.submit({ name: 'GPU only', totalFrames: 3, outputFormat: 'PNG', requiredTags: ['gpu'] });
    assert.deepEqual((await rig.job(jobId)).requiredTags, ['gpu']);
    const plain = await rig.register('plain');
    const linuxOnly = await rig.register('linux-only', ['linux']);
    const gpu = await rig.register('gpu-box', ['gpu']);

    assert.equal(await rig.poll(plain), null, 'an untagged worker gets nothing');
    assert.equal(await rig.poll(linuxOnly), null, 'a worker with other tags gets nothing');
    assert.deepEqual(await rig.poll(gpu), [jobId, 1]);

    const { setWorkerTags } = ok(await rig.user.mutation(SetWorkerTags, { workerId: plain.id, tags: ['linux', 'gpu'] }).toPromise());
    assert.deepEqual(setWorkerTags.tags, ['gpu', 'linux']);
    assert.deepEqual(await rig.poll(plain), [jobId, 2]);
    assert.equal(await rig.poll(linuxOnly), null);
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'ASSIGNED', 'gpu-box'],
      [2, 'ASSIGNED', 'plain'],
      [3, 'QUEUED', null],
    ]);
  });
});

describe('blocklist', () => {
  const rig = useRig();

  it('a worker failing 3 frames of a job is blocked from it until clearBlocklist', async () => {
    const [jobId, w1, w2] = await rig.jobAndWorkers({ name: 'Picky', totalFrames: 5, outputFormat: 'PNG', maxAttempts: 5 }, 'w1', 'w2');

    // w1 gets frame 1, fails it, gets it again (the lowest queued frame) and so on.
    for (let i = 1; i <= 3; i += 1) {
      assert.deepEqual(await rig.poll(w1), [jobId, 1], `w1's try ${i}`);
      assert.equal((await rig.fail(w1, jobId, 1, `Error: failure ${i} on w1`)).status, 'QUEUED');
    }
    const job = await rig.job(jobId);
    assert.deepEqual(job.blocklist, [{ failures: 3, blocked: true, lastError: 'Error: failure 3 on w1', worker: { id: w1.id, name: 'w1' } }]);
    const frame1 = job.frames.find((f) => f.number === 1)!;
    assert.deepEqual([frame1.status, frame1.failures], ['QUEUED', 3]);
    assert.deepEqual((await rig.worker(w1.id)).blocklist, [{ blocked: true, failures: 3, job: { id: jobId } }]);
    assert.deepEqual((await rig.worker(w2.id)).blocklist, []);

    assert.equal(await rig.poll(w1), null, 'a blocked worker gets nothing of the job');
    assert.deepEqual(await rig.poll(w2), [jobId, 1], 'another worker gets its frames');
    await rig.deliver(w2, jobId, 1);
    assert.equal(await rig.poll(w1), null);

    const { clearBlocklist } = ok(await rig.user.mutation(ClearBlocklist, { jobId, workerId: w1.id }).toPromise());
    assert.deepEqual(clearBlocklist, { id: jobId, blocklist: [] });
    assert.deepEqual((await rig.worker(w1.id)).blocklist, []);
    assert.deepEqual(await rig.poll(w1), [jobId, 2], 'forgiven, w1 gets frames again');
  });
});
