/**
 * A project folder zipped whole and submitted as submitJob's `file`, as a client without
 * Blender (or the dashboard) sends one: the .blend sits in a subfolder of the archive
 * (`shot/shot.blend`, its texture at `shot/textures/grid.png`), the job keeps that tree, and
 * a real worker renders frames with the pixels of plain Blender opening the original in place.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareImages, renderPlain } from '../support/blender.ts';
import { makeProject } from '../support/blender-projects.ts';
import { download, jobWhen, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { workersSubscribed } from '../support/programs.ts';
import { TestJobProject } from '../support/projects.ts';
import { sha256 } from '../support/uploads.ts';
import { zipFolder } from '../support/zip-writer.ts';

describe('a project .zip rendered on the farm', () => {
  let farm: TestFarm;
  let worker: TestWorker;
  let dir: string;
  let blendFile: string;

  before(async () => {
    dir = await tempDir('archive-render');
    blendFile = await makeProject({ dir: path.join(dir, 'project', 'shot'), kinds: ['relative'] });
    farm = await startFarm();
    worker = startWorker(farm.url, 'zip-worker', { workDir: await tempDir('archive-worker') });
    await workersSubscribed([worker]);
  });

  after(async () => {
    await worker?.stop();
    await farm?.stop();
  });

  it('keeps the archive as the project tree and renders the .blend in it as Blender does in place', async () => {
    const zip = path.join(dir, 'project.zip');
    await fsp.writeFile(zip, await zipFolder(path.join(dir, 'project')));
    const submitted = await submitJob(farm.farm, zip, { name: 'Zipped shot', totalFrames: 2, outputFormat: 'PNG' });
    const { id } = ok(submitted).submitJob;

    const { job: project } = ok(await farm.farm.client.query(TestJobProject, { id }).toPromise());
    assert.equal(project?.blendPath, 'shot/shot.blend', 'the only .blend, at its path inside the archive');
    const texture = await fsp.readFile(path.join(dir, 'project', 'shot', 'textures', 'grid.png'));
    assert.deepEqual(project?.files.map((f) => [f.path, f.sha256, f.size]), [['shot/textures/grid.png', sha256(texture), texture.length]]);

    const job = await jobWhen(farm.farm, id, 'complete', (j) => {
      if (j.status === 'FAILED') throw new Error(`job failed: ${JSON.stringify(j.frames.map((f) => f.error))}`);
      return j.status === 'COMPLETED';
    }, 240_000);
    for (const frame of job.frames) {
      assert.ok(frame.outputUrl);
      const farmFile = await download(frame.outputUrl, path.join(dir, `farm-${frame.number}.png`));
      const plain = await renderPlain({ blendFile, frame: frame.number, format: 'PNG', outDir: path.join(dir, 'plain') });
      const diff = await compareImages(farmFile, plain);
      assert.equal(diff.width, 64);
      assert.equal(diff.maxDiff, 0, `frame ${frame.number} differs from plain Blender in place by ${diff.maxDiff}`);
    }
  });
});
