/**
 * One worker process with --slots 2: two workers on the farm (NAME-1, NAME-2) rendering at
 * the same time, sharing one .blend download. (How much uploads and renders overlap is
 * measured by the dispatch benchmark, not asserted here.)
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeScene } from '../support/blender.ts';
import { assertAllFramesDone } from '../support/checks.ts';
import { filesUnder, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { waitFor } from '../support/processes.ts';
import { JobFrames, WorkerDetails } from '../support/operations.ts';

describe('a worker process with --slots 2', () => {
  let farm: TestFarm;
  let worker: TestWorker;
  let blend: string;
  let workDir: string;

  before(async () => {
    const dir = await tempDir('slots');
    blend = await makeScene({ out: path.join(dir, 'shot.blend'), frames: 6 });
    workDir = path.join(dir, 'worker');
    farm = await startFarm();
    worker = startWorker(farm.url, 'box', { workDir, args: ['--slots', '2'] });
  });

  after(async () => {
    await worker?.stop();
    await farm?.stop();
  });

  it('shows two workers that both render, from one download of the .blend', async () => {
    await waitFor('both slots to register', async () => {
      const { workers } = ok(await farm.farm.client.query(WorkerDetails, {}, { requestPolicy: 'network-only' }).toPromise());
      return workers.length === 2;
    });
    const job = ok(await submitJob(farm.farm, blend, { name: 'slots', totalFrames: 6, outputFormat: 'PNG' })).submitJob;
    await waitFor('the job to complete', async () => {
      const state = ok(await farm.farm.client.query(JobFrames, { id: job.id }, { requestPolicy: 'network-only' }).toPromise()).job;
      return state?.status === 'COMPLETED';
    }, { timeoutMs: 90_000 });

    const { workers } = ok(await farm.farm.client.query(WorkerDetails, {}, { requestPolicy: 'network-only' }).toPromise());
    assert.deepEqual(workers.map((w) => w.name).sort(), ['box-1', 'box-2']);
    const done = await assertAllFramesDone(farm.farm, job.id, { totalFrames: 6, width: 64, height: 36 });
    const renderedBy = new Set(done.frames.map((f) => f.worker?.name));
    assert.deepEqual([...renderedBy].sort(), ['box-1', 'box-2'], 'both slots rendered frames');
    assert.deepEqual((await filesUnder(path.join(workDir, 'blends'))).length, 1, 'one shared download');
  });
});
