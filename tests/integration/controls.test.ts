/**
 * Job controls as a real worker process sees them: what it is given (priority, tags,
 * pause/resume) and what it is told to stop (cancel), read from the worker's own log.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeScene } from '../support/blender.ts';
import { assertAllFramesDone } from '../support/checks.ts';
import { logRecords, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { waitFor } from '../support/processes.ts';
import { CancelJob, JobFrames, PauseJob, RequeueJob, ResumeJob, SetWorkerTags, WorkerDetails } from '../support/operations.ts';

/** The frames the worker started, in order, as "job name:frame". */
function renderedByWorker(worker: TestWorker, names: Map<string, string>): string[] {
  return logRecords(worker.lines)
    .filter((r) => r.msg === 'rendering frame')
    .map((r) => `${names.get(String(r.jobId)) ?? String(r.jobId)}:${String(r.frame)}`);
}

/** Blender processes started by the worker that are still running. */
function blenderChildren(worker: TestWorker): number {
  try {
    const out = execFileSync('ps', ['-o', 'comm=', '--ppid', String(worker.process.pid)], { encoding: 'utf8' });
    return out.split('\n').filter((line) => line.trim().startsWith('blender')).length;
  } catch {
    return 0; // ps exits 1 when there are none
  }
}

describe('job controls as a real worker sees them', () => {
  let farm: TestFarm;
  let worker: TestWorker;
  let blend: string;
  let slowBlend: string;
  const names = new Map<string, string>();

  before(async () => {
    const dir = await tempDir('controls');
    blend = await makeScene({ out: path.join(dir, 'shot.blend'), frames: 3 });
    slowBlend = await makeScene({ out: path.join(dir, 'slow.blend'), frames: 3, samples: 96, scale: 400 });
    farm = await startFarm();
  });

  after(async () => {
    await worker?.stop();
    await farm?.stop();
  });

  async function submit(name: string, input: { totalFrames: number; priority?: number; requiredTags?: string[] }, file = blend) {
    const job = ok(await submitJob(farm.farm, file, { name, outputFormat: 'PNG', ...input })).submitJob;
    names.set(job.id, name);
    return job.id;
  }

  async function job(jobId: string) {
    const found = ok(await farm.farm.client.query(JobFrames, { id: jobId }, { requestPolicy: 'network-only' }).toPromise()).job;
    assert.ok(found);
    return found;
  }

  const completed = (jobId: string) => waitFor(`job ${names.get(jobId)} to complete`, async () => (await job(jobId)).status === 'COMPLETED');

  it('gets higher priority first, never a paused job or one needing tags it lacks; resume and tags change that', async () => {
    const low = await submit('low', { totalFrames: 2 });
    const high = await submit('high', { totalFrames: 2, priority: 10 });
    const tagged = await submit('tagged', { totalFrames: 1, requiredTags: ['gpu'] });
    const paused = await submit('paused', { totalFrames: 1, priority: 20 });
    ok(await farm.farm.client.mutation(PauseJob, { jobId: paused }).toPromise());

    worker = startWorker(farm.url, 'solo');
    await completed(high);
    await completed(low);
    // Give it the time to take anything else it (wrongly) could.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(renderedByWorker(worker, names), ['high:1', 'high:2', 'low:1', 'low:2']);
    assert.equal((await job(paused)).frames[0]?.status, 'QUEUED');
    assert.equal((await job(tagged)).frames[0]?.status, 'QUEUED');

    ok(await farm.farm.client.mutation(ResumeJob, { jobId: paused }).toPromise());
    await completed(paused);
    const { workers } = ok(await farm.farm.client.query(WorkerDetails, {}, { requestPolicy: 'network-only' }).toPromise());
    const solo = workers.find((w) => w.name === 'solo');
    assert.ok(solo);
    ok(await farm.farm.client.mutation(SetWorkerTags, { workerId: solo.id, tags: ['gpu'] }).toPromise());
    await completed(tagged);
    assert.deepEqual(renderedByWorker(worker, names), ['high:1', 'high:2', 'low:1', 'low:2', 'paused:1', 'tagged:1']);
  });

  it('stops Blender within 2 s of cancelJob, and renders the frames again after requeueJob', async () => {
    const slow = await submit('slow', { totalFrames: 3 }, slowBlend);
    await waitFor('the worker to be rendering', async () => (await job(slow)).frames.some((f) => f.status === 'RENDERING'));
    await waitFor('Blender to run', () => blenderChildren(worker) > 0);

    const canceledAt = Date.now();
    const canceled = ok(await farm.farm.client.mutation(CancelJob, { jobId: slow }).toPromise()).cancelJob;
    assert.equal(canceled.status, 'CANCELED');
    assert.equal(canceled.framesCanceled, 3);
    const revoked = (r: { msg?: string }) => typeof r.msg === 'string' && r.msg.includes('revoked');
    await waitFor('the worker to stop the frame and Blender', () =>
      logRecords(worker.lines).some(revoked) && blenderChildren(worker) === 0,
    { timeoutMs: 2000, intervalMs: 50 });
    const stoppedAfter = Date.now() - canceledAt;
    assert.ok(stoppedAfter < 2000, `Blender stopped ${stoppedAfter} ms after the cancel`);
    assert.ok(!logRecords(worker.lines).some((r) => r.msg === 'frame delivered' && r.jobId === slow), 'the canceled frame was not delivered');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(
      renderedByWorker(worker, names).filter((f) => f.startsWith('slow:')),
      ['slow:1'],
      'nothing more of the canceled job was rendered',
    );
    assert.equal((await job(slow)).framesDone, 0);

    ok(await farm.farm.client.mutation(RequeueJob, { jobId: slow }).toPromise());
    await waitFor('the requeued job to complete', async () => (await job(slow)).status === 'COMPLETED', { timeoutMs: 90_000 });
    await assertAllFramesDone(farm.farm, slow, { totalFrames: 3, width: 256, height: 144 });
  });

  it('stops a frame that runs past the job\'s render timeout and counts it as a failure', async () => {
    const timed = ok(
      await submitJob(farm.farm, slowBlend, { name: 'timed', totalFrames: 1, outputFormat: 'PNG', maxAttempts: 2, renderTimeoutSeconds: 1 }),
    ).submitJob;
    names.set(timed.id, 'timed');
    const ended = await waitFor('the timed job to end', async () => {
      const state = await job(timed.id);
      return state.status === 'FAILED' ? state : null;
    }, { timeoutMs: 60_000 });
    const frame = ended.frames[0]!;
    assert.equal(frame.status, 'FAILED');
    assert.equal(frame.failures, 2);
    assert.match(frame.error ?? '', /timed out after 1 s/);
    assert.equal(blenderChildren(worker), 0, 'no Blender left running');
  });

  it('hands its frame back at once when stopped with SIGTERM', async () => {
    const handed = await submit('handed back', { totalFrames: 1 }, slowBlend);
    await waitFor('the worker to be rendering', async () => (await job(handed)).frames.some((f) => f.status === 'RENDERING'));
    const stoppedAt = Date.now();
    await worker.stop();
    const { code } = await worker.exited;
    assert.equal(code, 0, 'the worker exits 0');
    const frame = (await job(handed)).frames[0]!;
    assert.equal(frame.status, 'QUEUED', 'back in the queue without waiting for the lease timeout');
    assert.equal(frame.failures, 0, 'not counted as a failure');
    assert.ok(Date.now() - stoppedAt < 5000);
    const { workers } = ok(await farm.farm.client.query(WorkerDetails, {}, { requestPolicy: 'network-only' }).toPromise());
    assert.equal(workers.find((w) => w.name === 'solo')?.status, 'OFFLINE');
  });
});
