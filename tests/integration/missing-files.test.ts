/**
 * A job whose .blend uses a file the worker does not have. Plain Blender renders a missing
 * texture magenta, prints no error and exits 0; the farm must fail the whole job before it
 * renders a frame, naming the file and what uses it, unless the job allows missing files. A
 * bare .blend sent through GraphQL reaches the worker alone (its textures beside it on the
 * artist's machine do not), which is the case here. Both render modes, each with a worker of
 * its own (tagged with the mode; each job requires its mode's tag).
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { graphql } from '../../common/graphql/generated/index.ts';
import { isFrameOpen, isJobFinished } from '../../common/job-status.ts';
import { compareImages, makeScene, renderPlain } from '../support/blender.ts';
import { download, filesUnder, jobWhen, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { RequeueJob } from '../support/operations.ts';
import { workersSubscribed } from '../support/programs.ts';

const MissingFilesJob = graphql(`
  query MissingFilesJob($id: ID!) {
    job(id: $id) {
      id
      allowMissingFiles
    }
  }
`);

const MODES = ['session', 'spawn'] as const;

/** A 16×16 grid of two colours, so a textured cube differs from a magenta one. */
async function writeGrid(file: string): Promise<void> {
  const png = new PNG({ width: 16, height: 16 });
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      const i = (y * 16 + x) * 4;
      const light = (x >> 2) % 2 === (y >> 2) % 2;
      png.data.set(light ? [230, 230, 230, 255] : [20, 90, 40, 255], i);
    }
  }
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, PNG.sync.write(png));
}

describe('a job whose .blend uses files the worker does not have', () => {
  let farm: TestFarm;
  let workers: TestWorker[] = [];
  const workDirs = new Map<string, string>();
  let dir: string;
  /** Its texture `//textures/grid.png` is beside it here, not on the worker. */
  let relative: string;
  /** Its texture is at an absolute path on this machine, so the worker finds it. */
  let absolute: string;

  before(async () => {
    dir = await tempDir('missing-files');
    await writeGrid(path.join(dir, 'shot', 'textures', 'grid.png'));
    relative = await makeScene({ out: path.join(dir, 'shot', 'shot.blend'), frames: 3, texture: '//textures/grid.png' });
    const grid = path.join(dir, 'library', 'grid.png');
    await writeGrid(grid);
    absolute = await makeScene({ out: path.join(dir, 'absolute', 'shot.blend'), frames: 2, texture: grid });
    farm = await startFarm();
    for (const mode of MODES) workDirs.set(mode, path.join(dir, `work-${mode}`));
    workers = MODES.map((mode) =>
      startWorker(farm.url, `${mode}-worker`, { workDir: workDirs.get(mode), args: ['--render-mode', mode, '--tags', mode] }),
    );
    await workersSubscribed(workers);
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await farm?.stop();
  });

  async function finishedJob(id: string) {
    return jobWhen(farm.farm, id, 'finish', (job) => isJobFinished(job.status) && !job.frames.some((f) => isFrameOpen(f.status)), 120_000);
  }

  for (const mode of MODES) {
    it(`${mode} mode: fails the job before any frame, naming the missing texture and what uses it`, async () => {
      const submitted = ok(await submitJob(farm.farm, relative, { name: `Missing ${mode}`, totalFrames: 3, outputFormat: 'PNG', requiredTags: [mode] })).submitJob;
      const job = await finishedJob(submitted.id);

      assert.equal(job.status, 'FAILED');
      // The worker has the .blend in its cache, named by its hash; the texture would be beside it.
      const looked = path.join(workDirs.get(mode) ?? '', 'blends', 'textures', 'grid.png');
      assert.equal(job.error, `Missing files: image "grid" → //textures/grid.png (not found at ${looked})`);
      assert.equal(job.framesDone, 0);
      assert.deepEqual(job.frames.map((f) => [f.number, f.status]), [[1, 'FAILED'], [2, 'FAILED'], [3, 'FAILED']]);
      for (const frame of job.frames) {
        assert.match(frame.error ?? '', /Missing files: image "grid" → \/\/textures\/grid\.png/);
        assert.equal(frame.outputUrl, null);
      }
      const tried = job.frames.filter((f) => f.attempts > 0);
      assert.equal(tried.length, 1, 'one frame was tried: its report failed the job');
      for (const frame of tried) {
        assert.equal(frame.worker?.name, `${mode}-worker`);
        assert.match(frame.logTail ?? '', /^Missing file: image "grid" → \/\/textures\/grid\.png/m);
        assert.doesNotMatch(frame.logTail ?? '', /^(Saved:|Fra:)/m, 'nothing was rendered');
      }
      assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'jobs', submitted.id)), []);
      const leftovers = (await filesUnder(workDirs.get(mode) ?? '')).filter((f) => f !== 'registration.json' && !/^blends\/[0-9a-f]{64}\.blend$/.test(f));
      assert.deepEqual(leftovers, [], 'no frame rendered on the worker');
    });

    it(`${mode} mode: renders the same job when it allows missing files`, async () => {
      const input = { name: `Allowed ${mode}`, totalFrames: 2, outputFormat: 'PNG' as const, requiredTags: [mode], allowMissingFiles: true };
      const submitted = ok(await submitJob(farm.farm, relative, input)).submitJob;
      assert.equal(ok(await farm.farm.client.query(MissingFilesJob, { id: submitted.id }).toPromise()).job?.allowMissingFiles, true);
      const job = await finishedJob(submitted.id);
      assert.equal(job.status, 'COMPLETED', `job error: ${job.error}`);
      assert.deepEqual(job.frames.map((f) => [f.number, f.status]), [[1, 'DONE'], [2, 'DONE']]);
    });

    it(`${mode} mode: renders a job whose texture is there, as plain Blender does`, async () => {
      const submitted = ok(await submitJob(farm.farm, absolute, { name: `Present ${mode}`, totalFrames: 2, outputFormat: 'PNG', requiredTags: [mode] })).submitJob;
      assert.equal(ok(await farm.farm.client.query(MissingFilesJob, { id: submitted.id }).toPromise()).job?.allowMissingFiles, false);
      const job = await finishedJob(submitted.id);
      assert.equal(job.status, 'COMPLETED', `job error: ${job.error}`);
      for (const frame of job.frames) {
        assert.ok(frame.outputUrl);
        const farmFile = await download(frame.outputUrl, path.join(dir, `farm-${mode}-${frame.number}.png`));
        const plainFile = await renderPlain({ blendFile: absolute, frame: frame.number, format: 'PNG', outDir: path.join(dir, `plain-${mode}`) });
        assert.equal((await compareImages(farmFile, plainFile)).maxDiff, 0, `frame ${frame.number} equals plain Blender`);
      }
    });
  }

  it('a FAILED job of missing files can be requeued, and fails again the same way', async () => {
    const submitted = ok(await submitJob(farm.farm, relative, { name: 'Requeued', totalFrames: 2, outputFormat: 'PNG', requiredTags: ['session'] })).submitJob;
    assert.equal((await finishedJob(submitted.id)).status, 'FAILED');
    const requeued = await farm.farm.client.mutation(RequeueJob, { jobId: submitted.id }).toPromise();
    // RUNNING: it had started before it failed.
    assert.equal(ok(requeued).requeueJob.status, 'RUNNING');
    const again = await jobWhen(farm.farm, submitted.id, 'fail again', (job) => job.status === 'FAILED' && !job.frames.some((f) => isFrameOpen(f.status)), 120_000);
    assert.match(again.error ?? '', /^Missing files: image "grid"/);
  });
});
