/**
 * The whole path a user takes: upload a .blend, two real workers render it with real
 * Blender, the frames come back with the same pixels as plain `blender -b file -f N`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareImages, makeScene, renderPlain } from '../support/blender.ts';
import { download, type FarmWithWorkers, filesUnder, ok, startFarmWithWorkers, submitJob, tempDir } from '../support/farm.ts';
import { FarmTotals, JobDetails, WatchJobProgress } from '../support/operations.ts';

describe('a 6-frame job over 2 workers', () => {
  let farm: FarmWithWorkers;
  let dir: string;
  let blend: string;

  before(async () => {
    dir = await tempDir('render');
    blend = await makeScene({ out: path.join(dir, 'shot.blend'), frames: 6 });
    // Both workers listening before the job arrives, so both get frames.
    farm = await startFarmWithWorkers(['alpha', 'beta']);
  });

  after(() => farm?.stop());

  it('renders every frame with the pixels of plain Blender, counted exactly', async (t) => {
    const startedAt = performance.now();
    const submitted = ok(await submitJob(farm.farm, blend, { name: 'Shot 010', totalFrames: 6, outputFormat: 'PNG' })).submitJob;
    assert.equal(submitted.totalFrames, 6);
    assert.equal(submitted.frameStart, 1);
    assert.equal(submitted.frameEnd, 6);

    // A monitoring client's view: framesDone rises to the total and the job completes.
    const seen: Array<{ framesDone: number; status: string; percent: number }> = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`job did not complete; progress seen: ${JSON.stringify(seen)}`)), 120_000);
      const sub = farm.farm.client.subscription(WatchJobProgress, { jobId: submitted.id }).subscribe((result) => {
        if (result.error) {
          clearTimeout(timer);
          reject(result.error);
          return;
        }
        const progress = result.data?.jobProgress;
        if (!progress) return;
        seen.push({ framesDone: progress.framesDone, status: progress.status, percent: progress.percent });
        if (progress.status === 'COMPLETED') {
          clearTimeout(timer);
          sub.unsubscribe();
          resolve();
        }
      });
    });
    t.diagnostic(`6 frames over 2 workers: ${Math.round(performance.now() - startedAt)} ms from submit to COMPLETED`);
    const done = seen.map((p) => p.framesDone);
    assert.deepEqual([...done].sort((a, b) => a - b), done, 'framesDone never goes down');
    assert.equal(done.at(-1), 6);
    assert.ok(new Set(done).size >= 3, `framesDone rose step by step, saw ${JSON.stringify(done)}`);
    assert.equal(seen.at(-1)?.percent, 100);
    assert.ok(seen.every((p) => p.percent >= 0 && p.percent <= 100));

    const job = ok(await farm.farm.client.query(JobDetails, { id: submitted.id }).toPromise()).job;
    assert.ok(job);
    assert.equal(job.status, 'COMPLETED');
    assert.equal(job.framesDone, 6);
    assert.equal(job.framesFailed, 0);
    assert.deepEqual(job.frames.map((f) => [f.number, f.status]), [1, 2, 3, 4, 5, 6].map((n) => [n, 'DONE']));
    assert.deepEqual(new Set(job.frames.map((f) => f.worker?.name)), new Set(['alpha', 'beta']), 'both workers rendered');
    for (const frame of job.frames) {
      assert.equal(frame.attempts, 1);
      assert.ok((frame.renderTimeMs ?? 0) > 0);
    }

    const totals = ok(await farm.farm.client.query(FarmTotals, {}).toPromise());
    assert.equal(totals.totalFramesDone, 6);
    assert.deepEqual(totals.allJobsProgress, [
      { __typename: 'JobProgress', jobId: submitted.id, status: 'COMPLETED', framesDone: 6, totalFrames: 6, percent: 100 },
    ]);

    // The files as stored: FARM_DATA_DIR/jobs/<jobId>/<frame, 4 digits>.png
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'jobs', submitted.id)), [
      '0001.png', '0002.png', '0003.png', '0004.png', '0005.png', '0006.png',
    ]);

    const plainDir = path.join(dir, 'plain');
    for (const frame of job.frames) {
      assert.ok(frame.outputUrl?.endsWith(`/files/jobs/${submitted.id}/${String(frame.number).padStart(4, '0')}.png`));
      assert.ok(frame.outputUrl);
      const farmFile = await download(frame.outputUrl, path.join(dir, `farm-${frame.number}.png`));
      const plainFile = await renderPlain({ blendFile: blend, frame: frame.number, format: 'PNG', outDir: plainDir });
      const diff = await compareImages(farmFile, plainFile);
      assert.equal(diff.width, 64);
      assert.equal(diff.maxDiff, 0, `frame ${frame.number} differs from plain Blender by ${diff.maxDiff}`);
    }
  });
});
