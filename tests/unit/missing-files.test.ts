/**
 * The check before a job's first frame, on fakes (tests/support/fake-session.ts): the bridge's
 * files-missing message, how missing files read in an error, and how both renderers turn them
 * into the MISSING_FILES failure of the frame they were asked to render, without rendering it.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseBridgeLine } from '../../worker/blender/bridge-protocol.ts';
import { SpawnFrameRenderer } from '../../worker/blender/frame-renderer.ts';
import { describeMissingFiles, type ExternalFile } from '../../worker/blender/missing-files.ts';
import type { ProcessRunner } from '../../common/blender/runner.ts';
import { FakeRunner, GRID_MISSING, outputDir, type RenderCommand, say, settle, setup } from '../support/fake-session.ts';

const GRID_ERROR = 'Missing files: image "grid" → //textures/grid.png (not found at /farm/blends/textures/grid.png)';

const WOOD_IN_LIBRARY: ExternalFile = {
  stored: '//tex/wood.png',
  path: '/farm/blends/lib/tex/wood.png',
  exists: false,
  usedBy: 'image "wood"',
  library: '//lib/props.blend',
};

describe('the bridge\'s files-missing message', () => {
  it('carries the missing files and how many there are', () => {
    assert.deepEqual(parseBridgeLine(say('files-missing', { files: [GRID_MISSING], count: 3 })), {
      event: 'files-missing',
      files: [GRID_MISSING],
      count: 3,
    });
    // Without a count (or a count smaller than the list), the list is all there is.
    const message = parseBridgeLine(say('files-missing', { files: [GRID_MISSING, WOOD_IN_LIBRARY], count: 1 }));
    assert.equal(message?.event === 'files-missing' && message.count, 2);
  });

  it('is garbled when its files are not a list of files', () => {
    for (const fields of [{ files: 'grid.png' }, { files: [{ path: '/x.png' }] }, {}]) {
      const line = say('files-missing', fields);
      assert.deepEqual(parseBridgeLine(line), { event: 'garbled', line });
    }
  });
});

describe('describeMissingFiles', () => {
  it('names each file, what uses it, the library it is in, and where it was looked for', () => {
    assert.equal(describeMissingFiles([GRID_MISSING]), GRID_ERROR);
    assert.equal(
      describeMissingFiles([GRID_MISSING, WOOD_IN_LIBRARY]),
      `${GRID_ERROR}; image "wood" of library //lib/props.blend → //tex/wood.png (not found at /farm/blends/lib/tex/wood.png)`,
    );
    assert.equal(describeMissingFiles([{ ...GRID_MISSING, stored: '/abs/grid.png', path: '/abs/grid.png' }]), 'Missing files: image "grid" → /abs/grid.png (not found)');
  });

  it('names twenty and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, n) => ({ ...GRID_MISSING, usedBy: `image "grid ${n}"` }));
    const error = describeMissingFiles(many);
    assert.equal(error.split('; ').length, 21);
    assert.match(error, /image "grid 19" → [^;]*; and 5 more$/);
    assert.match(describeMissingFiles([GRID_MISSING], 60), /; and 59 more$/);
  });
});

describe('a session whose bridge finds files missing', () => {
  it('fails the frame as MISSING_FILES, naming the files, and renders nothing (not even in spawn mode)', async () => {
    const { starter, runner, frame, renderer, log } = setup([{ startup: 'files-missing' }]);
    const result = await frame(1, { jobId: 'job-a' });
    assert.ok(!result.ok);
    assert.equal(result.kind, 'MISSING_FILES');
    assert.equal(result.error, GRID_ERROR);
    assert.match(result.logTail, /^Missing file: image "grid" → \/\/textures\/grid\.png/m);
    assert.ok(starter.processes[0]?.args.includes('--check-files'));
    assert.deepEqual(starter.processes[0]?.commands, []);
    assert.deepEqual([runner.calls, runner.fileChecks], [[], []]);
    assert.equal(starter.running.length, 0);
    assert.deepEqual(log.warnings, []);
    await assert.rejects(fsp.access(path.join(outputDir, '0001.png')));
    await renderer.close();
  });

  it('is not asked to check for a job that allows missing files', async () => {
    const { starter, frame, renderer } = setup([{ startup: 'ready' }]);
    assert.equal((await frame(1, { jobId: 'job-a', allowMissingFiles: true })).ok, true);
    assert.equal(starter.processes[0]?.args.includes('--check-files'), false);
    await renderer.close();
  });

  it('checks once per job: a fresh session of a job whose files were all there skips the check', async () => {
    const { starter, frame, renderer } = setup([{}], { maxFramesPerSession: 1 });
    for (const n of [1, 2]) assert.equal((await frame(n, { jobId: 'job-a' })).ok, true);
    assert.equal((await frame(1, { jobId: 'job-b' })).ok, true);
    await settle();
    assert.deepEqual(
      starter.processes.map((p) => p.args.includes('--check-files')),
      [true, false, true],
    );
    assert.deepEqual(starter.processes.map((p) => (p.commands[0] as RenderCommand).frame), [1, 2, 1]);
    await renderer.close();
  });

  it('checks in spawn mode when the session cannot start', async () => {
    const { runner, frame, renderer } = setup([{ startup: 'refuses-script' }], {}, new FakeRunner([GRID_MISSING]));
    const result = await frame(1, { jobId: 'job-a' });
    assert.ok(!result.ok);
    assert.deepEqual([result.kind, result.error], ['MISSING_FILES', GRID_ERROR]);
    assert.equal(runner.fileChecks.length, 1);
    assert.deepEqual(runner.calls, []);
    await renderer.close();
  });
});

describe('spawn mode\'s check', () => {
  const BLENDER = '/usr/bin/blender';
  const frameOf = (renderer: SpawnFrameRenderer, frame: number, jobId: string, allowMissingFiles = false) =>
    renderer.render({ jobId, blendFile: '/farm/blends/shot.blend', format: 'PNG', outputDir, frame, allowMissingFiles });

  it('runs the tracer once per job, before its first frame, and renders when every file is there', async () => {
    const runner = new FakeRunner();
    const renderer = new SpawnFrameRenderer(runner, BLENDER, '/farm/external_files.py');
    for (const n of [1, 2, 3]) assert.equal((await frameOf(renderer, n, 'job-a')).ok, true);
    assert.equal((await frameOf(renderer, 1, 'job-b')).ok, true);
    assert.equal(runner.calls.length, 4);
    assert.equal(runner.fileChecks.length, 2, 'one check per job');
    const check = runner.fileChecks[0] ?? [];
    assert.deepEqual(check.slice(0, 8), ['-b', '-noaudio', '--disable-autoexec', '/farm/blends/shot.blend', '--python-exit-code', '1', '--python', '/farm/external_files.py']);
    assert.deepEqual(check.slice(8, 10), ['--', '--out']);
  });

  it('fails every frame of a job with missing files as MISSING_FILES without rendering one', async () => {
    const runner = new FakeRunner([GRID_MISSING, WOOD_IN_LIBRARY]);
    const renderer = new SpawnFrameRenderer(runner, BLENDER);
    for (const n of [1, 2]) {
      const result = await frameOf(renderer, n, 'job-a');
      assert.ok(!result.ok);
      assert.equal(result.kind, 'MISSING_FILES');
      assert.match(result.error, /^Missing files: image "grid" → \/\/textures\/grid\.png \(.*\); image "wood" of library \/\/lib\/props\.blend/);
    }
    assert.deepEqual([runner.calls.length, runner.fileChecks.length], [0, 1]);
  });

  it('renders a job that allows missing files without checking', async () => {
    const runner = new FakeRunner([GRID_MISSING]);
    const renderer = new SpawnFrameRenderer(runner, BLENDER);
    assert.equal((await frameOf(renderer, 1, 'job-a', true)).ok, true);
    assert.deepEqual([runner.calls.length, runner.fileChecks.length], [1, 0]);
  });

  it('fails the frame (RENDER_FAILED, retried) when the check itself fails, and checks again next time', async () => {
    const broken: ProcessRunner & { runs: number } = {
      runs: 0,
      async run(_command, _args, { onLine }) {
        this.runs += 1;
        onLine('Error: File format is not supported in file \'/farm/blends/shot.blend\'');
        return { exitCode: 1, signal: null };
      },
    };
    const renderer = new SpawnFrameRenderer(broken, BLENDER);
    for (const n of [1, 2]) {
      const result = await frameOf(renderer, n, 'job-a');
      assert.ok(!result.ok);
      assert.equal(result.kind, 'RENDER_FAILED');
      assert.match(result.error, /^Could not check the files the \.blend uses: Blender exited with status 1 \(last output: "Error: File format is not supported/);
    }
    assert.equal(broken.runs, 2);
  });
});
