/**
 * What a person does to jobs, through the real server: pause and resume, cancel, requeue,
 * delete, and the refusals of bad arguments. Each describe block has a farm of its own
 * (tests/support/scheduling-rig.ts).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { filesUnder } from '../support/farm.ts';
import {
  CancelJob,
  ClearBlocklist,
  DeleteJob,
  FarmTotals,
  JobFrames,
  PauseJob,
  RequeueFrames,
  RequeueJob,
  ResumeJob,
  SetJobPriority,
  SetWorkerTags,
  WorkerDetails,
} from '../support/operations.ts';
import { waitFor } from '../support/processes.ts';
import { type ApiWorker, ok, PNG_1X1, refusal, useRig } from '../support/scheduling-rig.ts';

describe('pause and resume', () => {
  const rig = useRig();

  it('a paused job hands out nothing, still takes the frame out, and flows again when resumed', async () => {
    const [jobId, w1, w2] = await rig.jobAndWorkers({ name: 'Pausable', totalFrames: 3, outputFormat: 'PNG' }, 'w1', 'w2');
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    assert.deepEqual(ok(await rig.user.mutation(PauseJob, { jobId }).toPromise()).pauseJob, { id: jobId, status: 'PAUSED' });
    assert.equal(await rig.poll(w2), null, 'no frame of a paused job');

    const delivered = await rig.deliver(w1, jobId, 1);
    assert.equal(delivered.status, 'DONE', 'the frame held while pausing is still taken');
    let job = await rig.job(jobId);
    assert.equal(job.status, 'PAUSED', 'and the job stays PAUSED');
    assert.equal(job.framesDone, 1);
    assert.equal(await rig.poll(w1), null);
    assert.equal(await rig.poll(w2), null);

    assert.deepEqual(ok(await rig.user.mutation(ResumeJob, { jobId }).toPromise()).resumeJob, { id: jobId, status: 'RUNNING' });
    assert.deepEqual(await rig.poll(w2), [jobId, 2]);
    assert.deepEqual(await rig.poll(w1), [jobId, 3]);

    const again = refusal(await rig.user.mutation(ResumeJob, { jobId }).toPromise(), 'CONFLICT', 'resume a RUNNING job');
    assert.equal(again.message, `Cannot resume job "Pausable" (${jobId}): a RUNNING job cannot be resumed (only a PAUSED job can be resumed)`);

    await rig.deliver(w2, jobId, 2);
    await rig.deliver(w1, jobId, 3);
    job = await rig.job(jobId);
    assert.equal(job.status, 'COMPLETED');
    assert.equal(job.framesDone, 3);
    const paused = refusal(await rig.user.mutation(PauseJob, { jobId }).toPromise(), 'CONFLICT', 'pause a COMPLETED job');
    assert.equal(paused.message, `Cannot pause job "Pausable" (${jobId}): a COMPLETED job cannot be paused`);
    assert.equal((await rig.job(jobId)).status, 'COMPLETED');
  });
});

describe('cancel', () => {
  const rig = useRig();

  it('cancelJob revokes the held frame, refuses its upload, and requeueJob brings every frame back', async () => {
    const jobId = await rig.submit({ name: 'Cancel me', totalFrames: 3, outputFormat: 'PNG' });
    const w1 = await rig.register('w1');
    const revocations = await rig.watchRevocations(w1);
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    const canceledAt = Date.now();
    const { cancelJob } = ok(await rig.user.mutation(CancelJob, { jobId }).toPromise());
    assert.deepEqual(cancelJob, { id: jobId, status: 'CANCELED', framesCanceled: 3 });
    const revoked = await revocations.next(0, 2_000);
    assert.ok(Date.now() - canceledAt < 2_000, `revoked within 2 s (took ${Date.now() - canceledAt} ms)`);
    assert.deepEqual(revoked, { jobId, frameNumber: 1, reason: 'CANCELED', message: 'frame 1 was canceled' });

    const job = await rig.job(jobId);
    assert.equal(job.status, 'CANCELED');
    assert.equal(job.framesCanceled, job.totalFrames);
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'CANCELED', 'w1'],
      [2, 'CANCELED', null],
      [3, 'CANCELED', null],
    ]);
    assert.equal((await rig.worker(w1.id)).status, 'IDLE');

    const late = refusal(await rig.upload(w1, jobId, 1), 'CONFLICT', 'upload of a canceled frame');
    assert.equal(late.message, `frame 1 of job ${jobId} is CANCELED: its upload is not wanted`);
    assert.deepEqual(await filesUnder(path.join(rig.farm.config.dataDir, 'jobs')), [], 'its file is not kept');

    const twice = refusal(await rig.user.mutation(CancelJob, { jobId }).toPromise(), 'CONFLICT', 'cancel twice');
    assert.equal(twice.message, `Cannot cancel job "Cancel me" (${jobId}): a CANCELED job cannot be canceled`);

    const { requeueJob } = ok(await rig.user.mutation(RequeueJob, { jobId }).toPromise());
    assert.ok(['QUEUED', 'RUNNING'].includes(requeueJob.status), `requeued job is QUEUED or RUNNING, got ${requeueJob.status}`);
    assert.deepEqual([requeueJob.framesDone, requeueJob.framesFailed, requeueJob.framesCanceled], [0, 0, 0]);
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'QUEUED', null],
      [2, 'QUEUED', null],
      [3, 'QUEUED', null],
    ]);
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);
    assert.equal((await rig.job(jobId)).status, 'RUNNING');
    assert.equal(revocations.received.length, 1, 'one revocation in all');
  });
});

describe('failures and requeue', () => {
  const rig = useRig();

  it('a frame failing maxAttempts times is FAILED with its last error; the job FAILED once nothing is open', async () => {
    const [jobId, w1, w2] = await rig.jobAndWorkers({ name: 'Flaky', totalFrames: 2, outputFormat: 'PNG', maxAttempts: 2 }, 'w1', 'w2');

    assert.deepEqual(await rig.poll(w1), [jobId, 1]);
    assert.equal((await rig.fail(w1, jobId, 1, 'Error: out of memory on w1')).status, 'QUEUED', 'one failure of two allowed');
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);
    assert.equal((await rig.fail(w2, jobId, 1, 'Error: GPU driver crashed on w2')).status, 'FAILED');

    let job = await rig.job(jobId);
    let frame1 = job.frames.find((f) => f.number === 1)!;
    assert.deepEqual(
      [frame1.status, frame1.failures, frame1.attempts, frame1.error, frame1.logTail, frame1.worker?.name],
      ['FAILED', 2, 2, 'Error: GPU driver crashed on w2', 'Blender said: Error: GPU driver crashed on w2', 'w2'],
    );
    assert.equal(job.status, 'RUNNING', 'frame 2 is still to do');

    assert.deepEqual(await rig.poll(w1), [jobId, 2]);
    const done = await rig.deliver(w1, jobId, 2);
    assert.equal(done.status, 'DONE');
    job = await rig.job(jobId);
    assert.deepEqual([job.status, job.error, job.framesDone, job.framesFailed], ['FAILED', '1 of 2 frames failed', 1, 1]);
    const frame2 = job.frames.find((f) => f.number === 2)!;
    assert.equal(frame2.status, 'DONE');
    assert.ok(frame2.outputUrl, 'frame 2 has an outputUrl');
    const response = await fetch(frame2.outputUrl);
    assert.equal(response.status, 200);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(PNG_1X1), 'the download is the uploaded file');

    // requeueJob: the FAILED frame back, failures forgotten.
    const { requeueJob } = ok(await rig.user.mutation(RequeueJob, { jobId }).toPromise());
    assert.deepEqual([requeueJob.status, requeueJob.framesDone, requeueJob.framesFailed], ['RUNNING', 1, 0]);
    job = await rig.job(jobId);
    frame1 = job.frames.find((f) => f.number === 1)!;
    assert.deepEqual([frame1.status, frame1.failures, frame1.error, frame1.worker], ['QUEUED', 0, null, null]);
    assert.equal(job.error, null);
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);
    await rig.deliver(w2, jobId, 1);
    job = await rig.job(jobId);
    assert.deepEqual([job.status, job.error, job.framesDone, job.framesFailed], ['COMPLETED', null, 2, 0]);
  });

  it('requeueFrames reopens the named frames; an unknown number changes nothing; allFrames reopens a completed job', async () => {
    const [jobId] = ok(await rig.user.query(FarmTotals, {}).toPromise()).jobs.map((j) => j.id);
    assert.ok(jobId);
    const w3 = await rig.register('w3');

    const { requeueFrames } = ok(await rig.user.mutation(RequeueFrames, { jobId, frames: [2] }).toPromise());
    assert.deepEqual(requeueFrames, { id: jobId, status: 'RUNNING', framesDone: 1 });
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'DONE', 'w2'],
      [2, 'QUEUED', null],
    ]);

    const before = await rig.job(jobId);
    const bad = refusal(await rig.user.mutation(RequeueFrames, { jobId, frames: [2, 99] }).toPromise(), 'BAD_USER_INPUT', 'frame 99');
    assert.equal(bad.field, 'frames');
    assert.equal(bad.message, `Invalid frames: job ${jobId} has no frame 99`);
    assert.deepEqual(await rig.job(jobId), before, 'nothing changed');

    assert.deepEqual(await rig.poll(w3), [jobId, 2]);
    await rig.deliver(w3, jobId, 2);
    assert.equal((await rig.job(jobId)).status, 'COMPLETED');

    const { requeueJob } = ok(await rig.user.mutation(RequeueJob, { jobId, allFrames: true }).toPromise());
    assert.deepEqual([requeueJob.status, requeueJob.framesDone, requeueJob.framesFailed], ['RUNNING', 0, 0]);
    const job = await rig.job(jobId);
    assert.deepEqual(
      job.frames.map((f) => [f.number, f.status, f.outputUrl, f.worker]),
      [
        [1, 'QUEUED', null, null],
        [2, 'QUEUED', null, null],
      ],
    );
    assert.equal(job.framesDone, 0);
  });
});

describe('deleteJob', () => {
  const rig = useRig();

  it('removes the job, its frames and files, and tells the worker rendering it to stop', async () => {
    const [jobId, w1, w2] = await rig.jobAndWorkers({ name: 'Scrap', totalFrames: 2, outputFormat: 'PNG' }, 'w1', 'w2');
    const revocations = await rig.watchRevocations(w1);
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);
    await rig.deliver(w2, jobId, 1);
    assert.deepEqual(await rig.poll(w1), [jobId, 2]);
    const { dataDir } = rig.farm.config;
    const jobDir = path.join(dataDir, 'jobs', jobId);
    assert.deepEqual(await filesUnder(jobDir), ['0001.png']);
    assert.equal((await filesUnder(path.join(dataDir, 'blends'))).length, 1);

    // A client following the job's progress (farm watch, the dashboard) hears its end.
    const watched: string[] = [];
    const watchEnded = new Promise<void>((resolve, reject) => {
      rig.farm.farm.ws.subscribe<{ jobProgress: { status: string } }>(
        { query: 'subscription ($jobId: ID!) { jobProgress(jobId: $jobId) { status } }', variables: { jobId } },
        { next: (result) => void (result.data && watched.push(result.data.jobProgress.status)), error: reject, complete: resolve },
      );
    });
    await waitFor('the jobProgress snapshot', () => watched.length > 0);

    const { deleteJob } = ok(await rig.user.mutation(DeleteJob, { jobId }).toPromise());
    assert.deepEqual(deleteJob, { id: jobId, name: 'Scrap' });
    await watchEnded;
    assert.deepEqual(watched, ['RUNNING'], 'the jobProgress subscription completed when the job was deleted');
    assert.deepEqual(await revocations.next(0, 2_000), {
      jobId,
      frameNumber: 2,
      reason: 'DELETED',
      message: 'the job of frame 2 was deleted',
    });

    assert.equal(ok(await rig.user.query(JobFrames, { id: jobId }).toPromise()).job, null);
    assert.deepEqual(await filesUnder(jobDir), []);
    assert.equal(fs.existsSync(jobDir), false, 'the job folder is gone');
    assert.deepEqual(await filesUnder(path.join(dataDir, 'blends')), [], 'its .blend, used by no other job, is gone');
    assert.equal(await rig.farm.app.services.db.frame.count(), 0);
    assert.equal((await rig.worker(w1.id)).status, 'IDLE');

    const twice = refusal(await rig.user.mutation(DeleteJob, { jobId }).toPromise(), 'NOT_FOUND', 'delete twice');
    assert.equal(twice.message, `No job with id "${jobId}"`);
  });
});

describe('bad arguments', () => {
  const rig = useRig();
  let jobId: string;
  let worker: ApiWorker;
  before(async () => {
    jobId = await rig.submit({ name: 'Steady', totalFrames: 2, outputFormat: 'PNG' });
    worker = await rig.register('w1', ['linux']);
    assert.deepEqual(await rig.poll(worker), [jobId, 1]);
  });

  /** Every job with its frames and blocklist, every worker, and the stored files. */
  async function snapshot() {
    const { jobs } = ok(await rig.user.query(FarmTotals, {}).toPromise());
    const details = await Promise.all(jobs.map((j) => rig.job(j.id)));
    const { workers } = ok(await rig.user.query(WorkerDetails, {}).toPromise());
    return {
      jobs: details,
      workers,
      files: await filesUnder(rig.farm.config.dataDir).then((files) => files.filter((f) => !f.startsWith('farm.db'))),
    };
  }

  it('an unknown job id is NOT_FOUND for pauseJob, cancelJob, setJobPriority and clearBlocklist', async () => {
    const before = await snapshot();
    const unknown = crypto.randomUUID();
    const calls = {
      pauseJob: () => rig.user.mutation(PauseJob, { jobId: unknown }).toPromise(),
      cancelJob: () => rig.user.mutation(CancelJob, { jobId: unknown }).toPromise(),
      setJobPriority: () => rig.user.mutation(SetJobPriority, { jobId: unknown, priority: 3 }).toPromise(),
      clearBlocklist: () => rig.user.mutation(ClearBlocklist, { jobId: unknown, workerId: worker.id }).toPromise(),
    };
    for (const [name, call] of Object.entries(calls)) {
      const { message } = refusal(await call(), 'NOT_FOUND', name);
      assert.equal(message, `No job with id "${unknown}"`, name);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('setJobPriority out of range is BAD_USER_INPUT naming priority', async () => {
    const before = await snapshot();
    const bad = refusal(await rig.user.mutation(SetJobPriority, { jobId, priority: 2_000_000 }).toPromise(), 'BAD_USER_INPUT', 'priority');
    assert.equal(bad.field, 'priority');
    assert.equal(bad.message, 'Invalid priority: must be between -1000000 and 1000000, got 2000000');
    assert.deepEqual(await snapshot(), before);
  });

  it('setWorkerTags with a tag containing a space is BAD_USER_INPUT naming the tag', async () => {
    const before = await snapshot();
    const bad = refusal(
      await rig.user.mutation(SetWorkerTags, { workerId: worker.id, tags: ['gpu', 'big gpu'] }).toPromise(),
      'BAD_USER_INPUT',
      'tags',
    );
    assert.equal(bad.field, 'tags');
    assert.equal(bad.message, 'Invalid tags: "big gpu" is not a tag: use 1 to 50 letters, digits, "_", "." or "-"');
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual((await rig.worker(worker.id)).tags, ['linux']);
  });

  it('submitJob with maxAttempts 0 is BAD_USER_INPUT naming maxAttempts', async () => {
    const before = await snapshot();
    const bad = refusal(
      await rig.trySubmit({ name: 'Never', totalFrames: 2, outputFormat: 'PNG', maxAttempts: 0 }),
      'BAD_USER_INPUT',
      'maxAttempts',
    );
    assert.equal(bad.field, 'maxAttempts');
    assert.equal(bad.message, 'Invalid maxAttempts: must be 1 to 100, got 0');
    assert.deepEqual(await snapshot(), before);
  });
});
