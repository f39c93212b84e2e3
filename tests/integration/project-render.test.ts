/**
 * A real project rendered on the farm as on the artist's machine: a .blend whose textures sit
 * beside it (textures/, an image sequence changing per frame, a linked library with a
 * texture of its own), shipped into the content store and submitted with its files; a real
 * worker lays the job's project tree out and renders it with real Blender. Every frame has
 * the pixels of plain Blender rendering the original project in place, and none is the
 * magenta of a missing texture.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareImages, renderPlain } from '../support/blender.ts';
import { makeProject as makeBlenderProject } from '../support/blender-projects.ts';
import type { ProjectFileInput } from '../../common/graphql/generated/graphql.ts';
import { RENDER_MODES } from '../../worker/blender/frame-renderer.ts';
import { download, jobWhen, logRecords, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { workersSubscribed } from '../support/programs.ts';
import { shipProject, type TestProject } from '../support/projects.ts';

/** The files of a project folder besides its .blend, as a client ships them. */
async function projectFolder(dir: string, blendFile: string): Promise<TestProject> {
  const files: Record<string, Buffer> = {};
  for (const entry of await fsp.readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && file !== blendFile) files[path.relative(dir, file).split(path.sep).join('/')] = await fsp.readFile(file);
  }
  return { dir, blendFile, files };
}

/** The pino records of one message in a worker's log. */
const logged = (worker: TestWorker, msg: string) => logRecords(worker.lines).filter((r) => r.msg === msg);
const LAID_OUT = "laid out the job's project tree";

describe('a project with relative textures, a sequence and a library, rendered on the farm', () => {
  let farm: TestFarm;
  let workers: TestWorker[];
  let workDirs: string[];
  let dir: string;
  let project: TestProject;
  let manifest: ProjectFileInput[];

  // One worker per render mode, each only taking the jobs asking for its tag.
  const submit = async (name: string, mode: string, totalFrames: number) => {
    const input = { name, totalFrames, outputFormat: 'PNG' as const, files: manifest, blendPath: 'shot.blend', requiredTags: [mode] };
    const { id } = ok(await submitJob(farm.farm, project.blendFile, input)).submitJob;
    return jobWhen(farm.farm, id, 'complete', (j) => {
      if (j.status === 'FAILED') throw new Error(`job failed: ${JSON.stringify(j.frames.map((f) => f.error))}`);
      return j.status === 'COMPLETED';
    }, 240_000);
  };

  before(async () => {
    dir = await tempDir('project-render');
    const blendFile = await makeBlenderProject({ dir: path.join(dir, 'project'), kinds: ['relative', 'sequence', 'library'] });
    project = await projectFolder(path.join(dir, 'project'), blendFile);
    farm = await startFarm();
    workDirs = await Promise.all(RENDER_MODES.map((mode) => tempDir(`worker-${mode}`)));
    workers = RENDER_MODES.map((mode, i) => startWorker(farm.url, mode, { workDir: workDirs[i], args: ['--render-mode', mode, '--tags', mode] }));
    await workersSubscribed(workers);
    ({ manifest } = await shipProject(farm.farm, project));
  });

  after(async () => {
    await Promise.all((workers ?? []).map((w) => w.stop()));
    await farm?.stop();
  });

  it('renders every frame, in both render modes, with the pixels of plain Blender opening the original in place', async (t) => {
    assert.deepEqual(Object.keys(project.files).sort(), [
      'lib/props.blend', 'lib/tex/props_tex.png', 'seq/frame_0001.png', 'seq/frame_0002.png', 'seq/frame_0003.png', 'textures/grid.png',
    ]);
    const jobs = await Promise.all(RENDER_MODES.map((mode) => submit(`Textured shot, ${mode}`, mode, 3)));
    for (const [i, job] of jobs.entries()) {
      assert.deepEqual(job.frames.map((f) => [f.number, f.status, f.worker?.name]), [1, 2, 3].map((n) => [n, 'DONE', RENDER_MODES[i]]));
      const layouts = logged(workers[i]!, LAID_OUT);
      assert.deepEqual(layouts.map((r) => r.files), [6], "the tree is laid out once for the job's 3 frames");
      t.diagnostic(`${RENDER_MODES[i]} worker laid out the tree (6 files and the .blend, cold cache) in ${String(layouts[0]?.ms)} ms`);
    }

    // The same .blend with nothing beside it: what a farm shipping the .blend alone renders.
    const alone = path.join(dir, 'alone', 'shot.blend');
    await fsp.mkdir(path.dirname(alone), { recursive: true });
    await fsp.copyFile(project.blendFile, alone);
    const farmFiles: string[] = [];
    for (const number of [1, 2, 3]) {
      const plain = await renderPlain({ blendFile: project.blendFile, frame: number, format: 'PNG', outDir: path.join(dir, 'plain') });
      const missing = await renderPlain({ blendFile: alone, frame: number, format: 'PNG', outDir: path.join(dir, 'alone') });
      for (const [i, job] of jobs.entries()) {
        const url = job.frames.find((f) => f.number === number)?.outputUrl;
        assert.ok(url);
        const farmFile = await download(url, path.join(dir, `farm-${RENDER_MODES[i]}-${number}.png`));
        const diff = await compareImages(farmFile, plain);
        assert.equal(diff.width, 64);
        assert.equal(diff.maxDiff, 0, `${RENDER_MODES[i]} frame ${number} differs from plain Blender in place by ${diff.maxDiff}`);
        const magenta = await compareImages(farmFile, missing);
        assert.ok(magenta.maxDiff > 0.3, `${RENDER_MODES[i]} frame ${number} shows the textures, not missing-texture magenta (off by ${magenta.maxDiff})`);
        if (i === 0) farmFiles.push(farmFile);
      }
    }
    // The sequence's image changes per frame, so the frames do too.
    assert.ok((await compareImages(farmFiles[0]!, farmFiles[1]!)).maxDiff > 0.05, 'frames 1 and 2 show different images of the sequence');
  });

  it('lays a second job of the same project out from the cache, downloading nothing again', async (t) => {
    const worker = workers[0]!;
    const before = logged(worker, LAID_OUT).length;
    const contentsDir = path.join(workDirs[0]!, 'contents');
    // A content downloaded again would be a new file renamed over the old one: a new inode.
    const inodes = async () => Promise.all((await fsp.readdir(contentsDir)).sort().map(async (n) => [n, (await fsp.stat(path.join(contentsDir, n))).ino]));
    const cached = await inodes();
    assert.equal(cached.length, new Set(manifest.map((f) => f.sha256)).size, 'each content cached once');
    const job = await submit('Textured shot, again', RENDER_MODES[0], 1);
    assert.equal(job.frames[0]?.status, 'DONE');
    const layouts = logged(worker, LAID_OUT).slice(before);
    assert.deepEqual(layouts.map((r) => r.files), [6]);
    t.diagnostic(`laid out again from the worker's content cache (links only) in ${String(layouts[0]?.ms)} ms`);
    assert.deepEqual(await inodes(), cached, 'the same cached files, none downloaded again');
  });
});
