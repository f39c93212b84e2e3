/**
 * A .blend saved on Windows, rendered on a Linux worker: its image stores
 * `C:\Users\artist\tex\wood.png` and its linked library `C:\Users\artist\tex\crate\crate.blend`
 * (with a texture relative to itself), paths no Linux machine has. It is shipped through
 * GraphQL as a Windows client of `farm submit` would ship it: the files under
 * `_external/C/Users/artist/tex/` and the mapping file, both built by the CLI's own
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
import { download, jobWhen, logRecords, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { workersSubscribed } from '../support/programs.ts';
import { shipProject, type TestProject } from '../support/projects.ts';

const WINDOWS_WOOD = 'C:\\Users\\artist\\tex\\wood.png';
const WINDOWS_GRID = 'C:\\Users\\artist\\shot\\textures\\grid.png';
const WINDOWS_CRATE = 'C:\\Users\\artist\\tex\\crate\\crate.blend';
const WINDOWS_CRATE_TEX = 'C:\\Users\\artist\\tex\\crate\\tex\\crate_tex.png';
const FRAMES = [1, 2];

/** What the tracer reports for the shot on the artist's Windows machine. */
const windowsManifest: FileManifest = {
  blend: 'C:\\Users\\artist\\shot\\shot.blend',
  blenderVersion: '4.2.0',
  files: [
    { stored: '//textures/grid.png', path: WINDOWS_GRID, exists: true, usedBy: 'image "grid"', library: null },
    { stored: WINDOWS_WOOD, path: WINDOWS_WOOD, exists: true, usedBy: 'image "wood"', library: null },
    { stored: WINDOWS_CRATE, path: WINDOWS_CRATE, exists: true, usedBy: 'library "crate.blend"', library: null },
    { stored: '//tex/crate_tex.png', path: WINDOWS_CRATE_TEX, exists: true, usedBy: 'image "crate_tex"', library: WINDOWS_CRATE },
  ],
};

describe('a .blend saved on Windows, its texture and library by C:\\ paths, remapped on a Linux worker', () => {
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
      makeProject({ dir: path.join(dir, 'windows'), external: path.join(dir, 'windows-tex'), kinds: ['relative', 'windows', 'winlib'] }),
      makeProject({ dir: path.join(dir, 'local'), external: path.join(dir, 'local-tex'), kinds: ['relative', 'absolute', 'abslib'] }),
    ]);
    for (const frame of FRAMES) reference.set(frame, await renderPlain({ blendFile: local, frame, format: 'PNG', outDir: path.join(dir, 'reference') }));
    const tree = projectPaths(windowsManifest, windowsManifest.blend);
    const placed = (file: string) => tree.files.find((f) => f.path === file)!.projectPath;
    const files: Record<string, Buffer> = {
      [placed(WINDOWS_GRID)]: await fsp.readFile(path.join(dir, 'windows', 'textures', 'grid.png')),
      [placed(WINDOWS_WOOD)]: await fsp.readFile(path.join(dir, 'windows-tex', 'wood.png')),
      [placed(WINDOWS_CRATE)]: await fsp.readFile(path.join(dir, 'windows-tex', 'crate', 'crate.blend')),
      [placed(WINDOWS_CRATE_TEX)]: await fsp.readFile(path.join(dir, 'windows-tex', 'crate', 'tex', 'crate_tex.png')),
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

  it('ships the files under _external/C/ with the mappings of their Windows paths, as the CLI builds them', () => {
    const external = '_external/C/Users/artist/tex';
    const shipped = [`${external}/crate/crate.blend`, `${external}/crate/tex/crate_tex.png`, `${external}/wood.png`, PATH_MAPPINGS_FILE, 'textures/grid.png'];
    assert.deepEqual(Object.keys(project.files).sort(), shipped);
    assert.deepEqual(JSON.parse(project.files[PATH_MAPPINGS_FILE]!.toString()), [
      { library: null, stored: WINDOWS_WOOD, path: `${external}/wood.png` },
      { library: null, stored: WINDOWS_CRATE, path: `${external}/crate/crate.blend` },
      { library: WINDOWS_CRATE, stored: '//tex/crate_tex.png', path: `${external}/crate/tex/crate_tex.png` },
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
    // The session worker's frames came from its session (the bridge remapped), not from a fallback to spawn mode.
    const sessionLog = logRecords(workers[RENDER_MODES.indexOf('session')]!.lines).map((r) => String(r.msg));
    assert.ok(!sessionLog.some((msg) => /spawn/i.test(msg)), sessionLog.join('\n'));
  });
});
