/**
 * A project whose .blend uses files outside its folder (a texture by an absolute path of the
 * artist's machine, one by a `//../` path, a library by its absolute path with a texture of
 * its own), submitted with `farm submit` (which traces it and ships the
 * path mappings), then rendered on the farm after those textures are moved away from where
 * the artist had them: only the shipped copies can be found, so every frame equal to plain
 * Blender rendering the original in place proves the worker pointed Blender at them, in
 * session mode (the bridge) and spawn mode (the startup script) alike.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { PATH_MAPPINGS_FILE } from '../../common/blender/project-tree.ts';
import { RENDER_MODES } from '../../worker/blender/frame-renderer.ts';
import { BLENDER_PATH, compareImages, renderPlain } from '../support/blender.ts';
import { makeProject } from '../support/blender-projects.ts';
import { download, jobWhen, logRecords, ok, startFarm, startWorker, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { runToEnd } from '../support/processes.ts';
import { workersSubscribed } from '../support/programs.ts';
import { TestJobProject } from '../support/projects.ts';

const CLI_MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const FRAMES = [1, 2];

describe("a project using textures outside its folder, remapped to the job's copies on the worker", () => {
  let farm: TestFarm;
  let workers: TestWorker[] = [];
  let dir: string;
  let blend: string;
  /** Plain Blender's frames of the original, rendered in place before the move. */
  const plain = new Map<number, string>();
  const jobIds: string[] = [];

  before(async () => {
    dir = await tempDir('project-remap');
    // artist/shot/shot.blend; by absolute paths artist/tex/wood.png and artist/tex/crate/crate.blend
    // (its texture crate/tex/crate_tex.png relative to it); artist/shared/shared.png as //../shared/.
    [blend, farm] = await Promise.all([
      makeProject({ dir: path.join(dir, 'artist', 'shot'), external: path.join(dir, 'artist', 'tex'), kinds: ['relative', 'absolute', 'parent', 'abslib'] }),
      startFarm(),
    ]);
    for (const frame of FRAMES) plain.set(frame, await renderPlain({ blendFile: blend, frame, format: 'PNG', outDir: path.join(dir, 'plain') }));
    const env: NodeJS.ProcessEnv = { ...process.env, BLENDER_PATH };
    delete env.FARM_SERVER;
    // Submitted before any worker runs, so no frame renders before the textures are moved.
    for (const mode of RENDER_MODES) {
      const args = ['--import', 'tsx', CLI_MAIN, 'submit', blend, '--frames', '1-2', '--tags', mode, '--name', `Remapped ${mode}`, '--no-wait', '--server', farm.url];
      const run = await runToEnd(process.execPath, args, { timeoutMs: 120_000, env });
      assert.equal(run.exitCode, 0, run.output);
      jobIds.push(run.stdout.trim());
    }
    for (const folder of ['tex', 'shared']) await fsp.rename(path.join(dir, 'artist', folder), path.join(dir, `moved-${folder}`));
    workers = RENDER_MODES.map((mode) => startWorker(farm.url, mode, { args: ['--render-mode', mode, '--tags', mode] }));
    await workersSubscribed(workers);
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await farm?.stop();
  });

  it('ships the external files under _external/ and the mappings of their stored paths', async () => {
    const job = ok(await farm.farm.client.query(TestJobProject, { id: jobIds[0]! }).toPromise()).job!;
    const paths = job.files.map((f) => f.path).sort();
    const external = (folder: string, name: string) => `_external/root${path.join(dir, 'artist', folder, name)}`;
    const expected = [PATH_MAPPINGS_FILE, 'textures/grid.png', external('shared', 'shared.png'), external('tex', 'wood.png')];
    expected.push(external('tex', 'crate/crate.blend'), external('tex', 'crate/tex/crate_tex.png'));
    assert.deepEqual(paths, expected.sort());
  });

  it('renders every frame in both modes with the pixels of plain Blender opening the original in place', async () => {
    // Blender on the moved-away original: what the farm would render without the mappings.
    const unmapped = await renderPlain({ blendFile: blend, frame: 1, format: 'PNG', outDir: path.join(dir, 'unmapped') });
    assert.ok((await compareImages(unmapped, plain.get(1)!)).maxDiff > 0.3, 'the original no longer finds its external textures');
    for (const [i, id] of jobIds.entries()) {
      const mode = RENDER_MODES[i]!;
      const job = await jobWhen(farm.farm, id, 'complete', (j) => {
        if (j.status === 'FAILED') throw new Error(`${mode} job failed: ${JSON.stringify(j.frames.map((f) => f.error))}`);
        return j.status === 'COMPLETED';
      }, 240_000);
      for (const frame of FRAMES) {
        const url = job.frames.find((f) => f.number === frame)?.outputUrl;
        assert.ok(url, `${mode} frame ${frame} has an output`);
        const farmFile = await download(url, path.join(dir, `farm-${mode}-${frame}.png`));
        const diff = await compareImages(farmFile, plain.get(frame)!);
        assert.equal(diff.maxDiff, 0, `${mode} frame ${frame} differs from plain Blender in place by ${diff.maxDiff}`);
      }
    }
    // The session's frames came from the session itself (its bridge remapped), not from a fallback to spawn mode.
    const sessionLog = logRecords(workers[RENDER_MODES.indexOf('session')]!.lines).map((r) => String(r.msg));
    assert.equal(sessionLog.filter((msg) => msg.startsWith('started a Blender session')).length, 1, sessionLog.join('\n'));
    assert.ok(!sessionLog.some((msg) => /spawn/i.test(msg)), sessionLog.join('\n'));
  });
});
