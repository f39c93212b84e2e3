/**
 * A job naming a scene the .blend does not have. Plain Blender prints "Can't find scene",
 * renders the file's active scene instead and exits 0; the farm must fail the whole job with
 * a readable error and never render (nor store) a frame of another scene. The workers carry
 * on with the next job.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareImages, makeScene, renderPlain } from '../support/blender.ts';
import { isFrameOpen, isJobFinished } from '../../common/job-status.ts';
import { download, type FarmWithWorkers, filesUnder, jobWhen, ok, startFarmWithWorkers, submitJob, tempDir } from '../support/farm.ts';

describe('a job whose scene is not in the .blend', () => {
  let farm: FarmWithWorkers;
  let workDirs: string[] = [];
  let dir: string;
  let blend: string;

  before(async () => {
    dir = await tempDir('scene-missing');
    blend = await makeScene({ out: path.join(dir, 'shot.blend'), frames: 3 });
    workDirs = [path.join(dir, 'work-alpha'), path.join(dir, 'work-beta')];
    farm = await startFarmWithWorkers(['alpha', 'beta'], { workDirs });
  });

  after(() => farm?.stop());

  async function finishedJob(id: string) {
    // Open frames too: a frame held by the slower worker closes when that worker reports.
    return jobWhen(farm.farm, id, 'finish', (job) => isJobFinished(job.status) && !job.frames.some((f) => isFrameOpen(f.status)), 60_000);
  }

  it('fails the job and every frame naming the scene, and renders nothing', async () => {
    const submitted = ok(await submitJob(farm.farm, blend, { name: 'Wrong scene', totalFrames: 3, outputFormat: 'PNG', sceneName: 'NoSuchScene' })).submitJob;
    assert.equal(submitted.sceneName, 'NoSuchScene');
    const job = await finishedJob(submitted.id);

    assert.equal(job.status, 'FAILED');
    assert.match(job.error ?? '', /Scene "NoSuchScene" is not in the \.blend file/);
    assert.equal(job.framesDone, 0);
    assert.equal(job.framesFailed, 3);
    assert.deepEqual(job.frames.map((f) => [f.number, f.status]), [[1, 'FAILED'], [2, 'FAILED'], [3, 'FAILED']]);
    for (const frame of job.frames) {
      assert.match(frame.error ?? '', /NoSuchScene/, `frame ${frame.number}'s error names the scene: ${frame.error}`);
      assert.equal(frame.outputUrl, null);
    }

    // The frames a worker did try carry Blender's own words, and show it was stopped before
    // it went on to render the active scene.
    const tried = job.frames.filter((f) => f.attempts > 0);
    assert.ok(tried.length >= 1, 'a worker tried at least one frame');
    for (const frame of tried) {
      assert.ok(frame.worker, `frame ${frame.number} was tried by a worker`);
      assert.match(frame.logTail ?? '', /^Can't find scene: 'NoSuchScene'/m, `frame ${frame.number}'s log: ${frame.logTail}`);
      assert.doesNotMatch(frame.logTail ?? '', /^Saved:/m);
    }
    // The rest were never handed out: the first report failed them along with the job.
    for (const frame of job.frames.filter((f) => f.attempts === 0)) {
      assert.match(frame.error ?? '', /^Not rendered: Scene "NoSuchScene"/);
      assert.equal(frame.worker, null);
    }

    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'jobs', submitted.id)), []);
    // A worker's folder holds its registration and its .blend cache; any other file would be
    // a frame rendered (or half rendered) from some scene.
    for (const workDir of workDirs) {
      const files = await filesUnder(workDir);
      const leftovers = files.filter((f) => f !== 'registration.json' && !/^blends\/[0-9a-f]{64}\.blend$/.test(f));
      assert.deepEqual(leftovers, [], `nothing rendered in ${workDir}`);
    }
  });

  it('keeps both workers alive, rendering the next job normally', async () => {
    for (const w of farm.workers) assert.equal(w.process.exitCode, null, `worker ${w.name} is still running`);
    const submitted = ok(await submitJob(farm.farm, blend, { name: 'Right scene', totalFrames: 2, outputFormat: 'PNG' })).submitJob;
    const job = await finishedJob(submitted.id);
    assert.equal(job.status, 'COMPLETED', `job error: ${job.error}`);
    assert.equal(job.error, null);
    assert.deepEqual(job.frames.map((f) => [f.number, f.status, f.attempts]), [[1, 'DONE', 1], [2, 'DONE', 1]]);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'jobs', submitted.id)), ['0001.png', '0002.png']);
    for (const frame of job.frames) {
      assert.ok(frame.outputUrl);
      const farmFile = await download(frame.outputUrl, path.join(dir, `farm-${frame.number}.png`));
      const plainFile = await renderPlain({ blendFile: blend, frame: frame.number, format: 'PNG', outDir: path.join(dir, 'plain') });
      assert.equal((await compareImages(farmFile, plainFile)).maxDiff, 0, `frame ${frame.number} equals plain Blender`);
    }
    for (const w of farm.workers) assert.equal(w.process.exitCode, null, `worker ${w.name} is still running`);
  });
});
