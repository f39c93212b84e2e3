/**
 * What a job asks Blender for is what it gets: a named scene that is not the file's active
 * one, and JPEG and OpenEXR output. Three jobs run at once over 2 real workers; every frame
 * is compared with plain `blender -b file [-S scene] -F format -f N`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OutputFormat } from '../../common/blender/formats.ts';
import { compareImages, makeScene, renderPlain } from '../support/blender.ts';
import { download, type FarmWithWorkers, filesUnder, jobWhen, ok, startFarmWithWorkers, submitJob, tempDir } from '../support/farm.ts';

const FRAMES = [1, 2];

describe('scenes and output formats over 2 workers', () => {
  let farm: FarmWithWorkers;
  let dir: string;
  let blend: string;
  const jobIds = { alt: '', jpeg: '', exr: '' };

  before(async () => {
    dir = await tempDir('scenes-formats');
    blend = await makeScene({ out: path.join(dir, 'two-scenes.blend'), frames: 2, secondScene: 'Alt' });
    farm = await startFarmWithWorkers(['alpha', 'beta']);
    // All three jobs queued at once: the farm renders them while the checks below run.
    const alt = ok(await submitJob(farm.farm, blend, { name: 'Alt scene', totalFrames: 2, outputFormat: 'PNG', sceneName: 'Alt' })).submitJob;
    const jpeg = ok(await submitJob(farm.farm, blend, { name: 'JPEG', totalFrames: 2, outputFormat: 'JPEG' })).submitJob;
    const exr = ok(await submitJob(farm.farm, blend, { name: 'EXR', totalFrames: 2, outputFormat: 'OPEN_EXR' })).submitJob;
    // What the submitter gets back already says what will be rendered.
    assert.deepEqual([alt.sceneName, alt.outputFormat], ['Alt', 'PNG']);
    assert.deepEqual([jpeg.sceneName, jpeg.outputFormat], [null, 'JPEG']);
    assert.deepEqual([exr.sceneName, exr.outputFormat], [null, 'OPEN_EXR']);
    Object.assign(jobIds, { alt: alt.id, jpeg: jpeg.id, exr: exr.id });
  });

  after(() => farm?.stop());

  async function completedJob(id: string) {
    return jobWhen(farm.farm, id, 'complete', (job) => {
      assert.notEqual(job.status, 'FAILED', `job ${id} failed: ${job.error}; ${JSON.stringify(job.frames)}`);
      return job.status === 'COMPLETED';
    }, 120_000);
  }

  /** Every frame of the job downloaded from the farm, checked for status and stored name. */
  async function farmFrames(id: string, format: OutputFormat, extension: string) {
    const job = await completedJob(id);
    assert.equal(job.outputFormat, format);
    assert.equal(job.framesDone, FRAMES.length);
    assert.equal(job.framesFailed, 0);
    assert.deepEqual(job.frames.map((f) => [f.number, f.status]), FRAMES.map((n) => [n, 'DONE']));
    const names = FRAMES.map((n) => `${String(n).padStart(4, '0')}.${extension}`);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'jobs', id)), names);
    const files: Array<{ number: number; file: string }> = [];
    for (const frame of job.frames) {
      const name = `${String(frame.number).padStart(4, '0')}.${extension}`;
      const url = frame.outputUrl ?? '';
      assert.ok(url.endsWith(`/files/jobs/${id}/${name}`), `frame ${frame.number} is served as ${name}: ${url}`);
      files.push({ number: frame.number, file: await download(url, path.join(dir, `farm-${id}-${name}`)) });
    }
    return { job, files };
  }

  it('renders the named scene, not the active one, with the pixels of plain Blender', async () => {
    const { job, files } = await farmFrames(jobIds.alt, 'PNG', 'png');
    assert.equal(job.sceneName, 'Alt');
    for (const { number, file } of files) {
      const plainAlt = await renderPlain({ blendFile: blend, frame: number, sceneName: 'Alt', format: 'PNG', outDir: path.join(dir, 'plain-alt') });
      const plainActive = await renderPlain({ blendFile: blend, frame: number, format: 'PNG', outDir: path.join(dir, 'plain-active') });
      const same = await compareImages(file, plainAlt);
      assert.equal(same.width, 64);
      assert.equal(same.maxDiff, 0, `frame ${number} differs from plain Blender's "Alt" by ${same.maxDiff}`);
      // The Alt scene is a yellow sky with a magenta torus, the active one a dark blue sky with
      // grey ground: a render of the wrong scene would be off by far more than half full scale.
      const other = await compareImages(file, plainActive);
      assert.ok(other.maxDiff > 0.5, `frame ${number} is not the active scene's frame (differs by ${other.maxDiff})`);
    }
  });

  // Same Blender, same encoder, same settings: a lossy format is still deterministic, so the
  // decoded pixels are expected to be identical, not merely close.
  for (const { key, format, extension } of [
    { key: 'jpeg', format: 'JPEG', extension: 'jpg' },
    { key: 'exr', format: 'OPEN_EXR', extension: 'exr' },
  ] as const) {
    it(`writes ${format} frames as .${extension}, equal to plain Blender's ${format}`, async () => {
      const { job, files } = await farmFrames(jobIds[key], format, extension);
      assert.equal(job.sceneName, null);
      for (const { number, file } of files) {
        const plain = await renderPlain({ blendFile: blend, frame: number, format, outDir: path.join(dir, `plain-${key}`) });
        assert.ok(plain.endsWith(`.${extension}`), `plain Blender also names it .${extension}: ${plain}`);
        const diff = await compareImages(file, plain);
        assert.equal(diff.width, 64);
        assert.equal(diff.maxDiff, 0, `${format} frame ${number} differs from plain Blender by ${diff.maxDiff}`);
      }
    });
  }
});
