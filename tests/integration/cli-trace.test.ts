/**
 * `farm submit` checks the files a .blend uses with this machine's Blender before uploading:
 * a missing texture stops it (exit 1, named, no job on the server); --allow-missing submits;
 * the files found are shipped once (only contents the server lacks are uploaded); without a
 * Blender here it warns and submits the bare .blend.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { formatBytes } from '../../common/format.ts';
import { BLENDER_PATH } from '../support/blender.ts';
import { ok, startFarm, tempDir, type TestFarm } from '../support/farm.ts';
import { FarmTotals } from '../support/operations.ts';
import { runToEnd } from '../support/processes.ts';
import { makeProject } from '../support/blender-projects.ts';
import { TestJobProject } from '../support/projects.ts';

const CLI_MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

describe('farm submit checks the files the .blend uses', () => {
  let farm: TestFarm;
  let blend: string;

  before(async () => {
    const dir = await tempDir('cli-trace');
    [blend, farm] = await Promise.all([makeProject({ dir: path.join(dir, 'shot'), kinds: ['relative', 'library', 'missing'] }), startFarm()]);
  });

  after(async () => {
    await farm?.stop();
  });

  const submit = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, BLENDER_PATH };
    delete env.FARM_SERVER;
    return runToEnd(process.execPath, ['--import', 'tsx', CLI_MAIN, 'submit', blend, '--frames', '1-2', '--no-wait', '--server', farm.url, ...args], { timeoutMs: 120_000, env });
  };
  const jobIds = async () => ok(await farm.farm.client.query(FarmTotals, {}, { requestPolicy: 'network-only' }).toPromise()).jobs.map((job) => job.id);

  it('a missing texture stops the submission before any upload, naming it and what uses it', async () => {
    const run = await submit();
    assert.equal(run.exitCode, 1, run.output);
    const gone = path.join(path.dirname(blend), 'textures', 'gone.png');
    assert.ok(run.output.includes(`Missing file: //textures/gone.png (image "gone") — not found at ${gone}\n`), run.output);
    assert.match(run.output, /^farm: 1 file the \.blend uses is missing, so nothing was uploaded\. .*--allow-missing\.$/m);
    assert.doesNotMatch(run.output, /Uploading|grid\.png|props_tex/, 'only the missing file is named, and nothing is sent');
    assert.equal(run.stdout, '');
    assert.deepEqual(await jobIds(), [], 'no job on the server');
  });

  it('--allow-missing warns and submits', async () => {
    const run = await submit('--allow-missing');
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.output, /^Warning: Missing file: \/\/textures\/gone\.png \(image "gone"\)/m);
    const id = run.stdout.trim();
    assert.deepEqual(await jobIds(), [id]);
  });

  it('submit --help documents --blender and --allow-missing', async () => {
    const run = await runToEnd(process.execPath, ['--import', 'tsx', CLI_MAIN, 'submit', '--help'], { timeoutMs: 60_000 });
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.stdout, /^ {2}--blender PATH +the Blender that checks the files the \.blend uses$/m);
    assert.match(run.stdout, /^ +\(env BLENDER_PATH, default blender\)$/m);
    assert.match(run.stdout, /^ {2}--allow-missing +submit even when files the \.blend uses are missing/m);
  });

  it('ships the files the .blend uses once: a resubmission with one texture changed uploads that texture alone', async () => {
    const shot = await makeProject({ dir: path.join(await tempDir('cli-ship'), 'shot'), kinds: ['relative', 'library'] });
    const submitShot = () => {
      const env: NodeJS.ProcessEnv = { ...process.env, BLENDER_PATH };
      delete env.FARM_SERVER;
      return runToEnd(process.execPath, ['--import', 'tsx', CLI_MAIN, 'submit', shot, '--frames', '1', '--no-wait', '--server', farm.url], { timeoutMs: 120_000, env });
    };
    const first = await submitShot();
    assert.equal(first.exitCode, 0, first.output);
    // Textures the earlier tests' project shares with this one are on the farm already.
    assert.match(first.output, /^Project: 3 files \([\d.]+ [KM]?B\); (?:\d new \([\d.]+ [KM]?B\) to upload, \d already on the farm|all already on the farm)$/m);
    const job = ok(await farm.farm.client.query(TestJobProject, { id: first.stdout.trim() }).toPromise()).job!;
    assert.equal(job.blendPath, 'shot.blend');
    assert.deepEqual(job.files.map((f) => f.path), ['lib/props.blend', 'lib/tex/props_tex.png', 'textures/grid.png']);
    for (const file of job.files) {
      const local = await fs.readFile(path.join(path.dirname(shot), file.path));
      assert.equal(file.size, local.length, file.path);
      assert.deepEqual(Buffer.from(await (await fetch(file.contentUrl)).arrayBuffer()), local, `${file.path} as the farm keeps it`);
    }

    // The artist paints over the grid: only it travels again.
    const grid = path.join(path.dirname(shot), 'textures', 'grid.png');
    await fs.appendFile(grid, Buffer.alloc(1000, 1));
    const size = (await fs.stat(grid)).size;
    const second = await submitShot();
    assert.equal(second.exitCode, 0, second.output);
    assert.ok(second.output.includes(`; 1 new (${formatBytes(size)}) to upload, 2 already on the farm\n`), second.output);
  });

  it('without a Blender on this machine it says so and submits the bare .blend', async () => {
    const before = await jobIds();
    const run = await submit('--blender', path.join(path.dirname(blend), 'no-blender-here'));
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.output, /^Warning: Blender was not found at ".*no-blender-here", so the files the \.blend uses are not checked here\./m);
    assert.equal((await jobIds()).length, before.length + 1);
  });
});
