/**
 * A .blend saved on Windows, rendered on a Linux worker: its image stores
 * `C:\Users\artist\tex\wood.png`, a path no Linux machine has. It is shipped through GraphQL
 * as a Windows client of `farm submit` would ship it: the texture at
 * `_external/C/Users/artist/tex/wood.png` and the mapping file, both built by the CLI's own
 * code (projectPaths, pathMappingsOf) from the manifest the tracer gives on Windows. Every
 * frame, in session mode and spawn mode, must have the pixels of plain Blender rendering the
 * same scene with the image at a local absolute path, and not those of the texture missing.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PATH_MAPPINGS_FILE, pathMappingsOf, projectPaths } from '../../common/blender/project-tree.ts';
import type { FileManifest } from '../../common/blender/trace.ts';
import type { ProjectFileInput } from '../../common/graphql/generated/graphql.ts';
import { RENDER_MODES } from '../../worker/blender/frame-renderer.ts';
import { compareImages, renderPlain } from '../support/blender.ts';
import { makeProject } from '../support/blender-projects.ts';
import { download, jobWhen, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { workersSubscribed } from '../support/programs.ts';
import { shipProject, type TestProject } from '../support/projects.ts';

const WINDOWS_WOOD = 'C:\\Users\\artist\\tex\\wood.png';
const WINDOWS_GRID = 'C:\\Users\\artist\\shot\\textures\\grid.png';
const FRAMES = [1, 2];

/** What the tracer reports for the shot on the artist's Windows machine. */
const windowsManifest: FileManifest = {
  blend: 'C:\\Users\\artist\\shot\\shot.blend',
  blenderVersion: '4.2.0',
  files: [
    { stored: '//textures/grid.png', path: WINDOWS_GRID, exists: true, usedBy: 'image "grid"', library: null },
    { stored: WINDOWS_WOOD, path: WINDOWS_WOOD, exists: true, usedBy: 'image "wood"', library: null },
  ],
};

describe('a .blend saved on Windows, its texture by a C:\\ path, remapped on a Linux worker', () => {
  let farm: TestFarm;
  let workers: TestWorker[] = [];
  let dir: string;
  let project: TestProject;
  let manifest: ProjectFileInput[];
  /** Plain Blender's frames of the same scene with the image at a local absolute path. */
  const reference = new Map<number, string>();

  before(async () => {
    dir = await tempDir('project-remap-windows');
    // "relative" too, as in project-remap.test.ts: it puts the wood's plane in the camera's view.
    const [blendFile, local] = await Promise.all([
      makeProject({ dir: path.join(dir, 'windows'), external: path.join(dir, 'windows-tex'), kinds: ['relative', 'windows'] }),
      makeProject({ dir: path.join(dir, 'local'), external: path.join(dir, 'local-tex'), kinds: ['relative', 'absolute'] }),
    ]);
    for (const frame of FRAMES) reference.set(frame, await renderPlain({ blendFile: local, frame, format: 'PNG', outDir: path.join(dir, 'reference') }));
    const tree = projectPaths(windowsManifest, windowsManifest.blend);
    const placed = (file: string) => tree.files.find((f) => f.path === file)!.projectPath;
    const files: Record<string, Buffer> = {
      [placed(WINDOWS_GRID)]: await fsp.readFile(path.join(dir, 'windows', 'textures', 'grid.png')),
      [placed(WINDOWS_WOOD)]: await fsp.readFile(path.join(dir, 'windows-tex', 'wood.png')),
      [PATH_MAPPINGS_FILE]: Buffer.from(`${JSON.stringify(pathMappingsOf(tree), null, 1)}\n`),
    };
    project = { dir: path.join(dir, 'windows'), blendFile, files };
    farm = await startFarm();
    workers = RENDER_MODES.map((mode) => startWorker(farm.url, mode, { args: ['--render-mode', mode, '--tags', mode] }));
    await workersSubscribed(workers);
    ({ manifest } = await shipProject(farm.farm, project));
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await farm?.stop();
  });

  it("ships the texture under _external/C/ with the mapping of its Windows path, as the CLI builds them", () => {
    assert.deepEqual(Object.keys(project.files).sort(), ['_external/C/Users/artist/tex/wood.png', PATH_MAPPINGS_FILE, 'textures/grid.png']);
    assert.deepEqual(JSON.parse(project.files[PATH_MAPPINGS_FILE]!.toString()), [
      { library: null, stored: WINDOWS_WOOD, path: '_external/C/Users/artist/tex/wood.png' },
    ]);
  });

  it('renders every frame in both modes with the pixels of the image at a local path, not of it missing', async () => {
    // The .blend as it is: Blender on Linux finds no C:\ and renders the missing texture.
    const missing = await renderPlain({ blendFile: project.blendFile, frame: 1, format: 'PNG', outDir: path.join(dir, 'missing') });
    assert.ok((await compareImages(missing, reference.get(1)!)).maxDiff > 0.3, 'the .blend alone does not find its texture');
    const jobs = await Promise.all(RENDER_MODES.map(async (mode) => {
      const input = { name: `Windows shot, ${mode}`, totalFrames: FRAMES.length, outputFormat: 'PNG' as const, files: manifest, blendPath: 'shot.blend', requiredTags: [mode] };
      const { id } = ok(await submitJob(farm.farm, project.blendFile, input)).submitJob;
      return jobWhen(farm.farm, id, 'complete', (j) => {
        if (j.status === 'FAILED') throw new Error(`${mode} job failed: ${JSON.stringify(j.frames.map((f) => f.error))}`);
        return j.status === 'COMPLETED';
      }, 240_000);
    }));
    for (const [i, job] of jobs.entries()) {
      const mode = RENDER_MODES[i]!;
      for (const frame of FRAMES) {
        const url = job.frames.find((f) => f.number === frame)?.outputUrl;
        assert.ok(url, `${mode} frame ${frame} has an output`);
        const farmFile = await download(url, path.join(dir, `farm-${mode}-${frame}.png`));
        const diff = await compareImages(farmFile, reference.get(frame)!);
        assert.equal(diff.maxDiff, 0, `${mode} frame ${frame} differs from plain Blender with a local path by ${diff.maxDiff}`);
        assert.ok((await compareImages(farmFile, missing)).maxDiff > 0.3, `${mode} frame ${frame} shows the texture, not its absence`);
      }
    }
  });
});
