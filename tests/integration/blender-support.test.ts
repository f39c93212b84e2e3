import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkBlender } from '../../common/blender/check.ts';
import { renderFrame } from '../../worker/blender/render-frame.ts';
import { SpawnProcessRunner } from '../../common/blender/runner.ts';
import { BLENDER_PATH, compareImages, makeScene, renderPlain } from '../support/blender.ts';

// Every Blender start costs ~0.6 s here; the whole file stays near 10 s on 2 cores.

let root: string;
let blendFile: string;

before(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'blender-support-'));
  blendFile = await makeScene({ out: path.join(root, 'scene.blend'), secondScene: 'Other', frames: 3 });
});
after(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

describe('test helpers on real Blender', () => {
  it('renders a frame twice with identical pixels, and other frames and scenes differently', async () => {
    const [first, again, frame2, other] = await Promise.all([
      renderPlain({ blendFile, frame: 1, format: 'PNG', outDir: path.join(root, 'a') }),
      renderPlain({ blendFile, frame: 1, format: 'PNG', outDir: path.join(root, 'b') }),
      renderPlain({ blendFile, frame: 2, format: 'PNG', outDir: path.join(root, 'a') }),
      renderPlain({ blendFile, frame: 1, sceneName: 'Other', format: 'PNG', outDir: path.join(root, 'other') }),
    ]);
    assert.equal(first, path.join(root, 'a', '0001.png'));

    const [same, moved, otherScene] = await Promise.all([
      compareImages(first, again),
      compareImages(first, frame2),
      compareImages(first, other),
    ]);
    assert.deepEqual(same, { width: 64, height: 36, maxDiff: 0 });
    // The cube moves between frames; the second scene has another sky, shape and colours.
    assert.ok(moved.maxDiff > 0.1, `frames 1 and 2 differ by only ${moved.maxDiff}`);
    assert.ok(otherScene.maxDiff > 0.5, `the two scenes differ by only ${otherScene.maxDiff}`);
  });

  it('decodes OPEN_EXR and JPEG too', async () => {
    const [exr, exrAgain, jpeg, png] = await Promise.all([
      renderPlain({ blendFile, frame: 3, format: 'OPEN_EXR', outDir: path.join(root, 'exr-a') }),
      renderPlain({ blendFile, frame: 3, format: 'OPEN_EXR', outDir: path.join(root, 'exr-b') }),
      renderPlain({ blendFile, frame: 3, format: 'JPEG', outDir: path.join(root, 'jpeg') }),
      renderPlain({ blendFile, frame: 3, format: 'PNG', outDir: path.join(root, 'png') }),
    ]);
    assert.equal(path.extname(exr), '.exr');
    assert.equal(path.extname(jpeg), '.jpg');
    const [exrs, lossy] = await Promise.all([compareImages(exr, exrAgain), compareImages(jpeg, png)]);
    assert.deepEqual(exrs, { width: 64, height: 36, maxDiff: 0 });
    // JPEG is lossy but close to the PNG of the same frame.
    assert.ok(lossy.maxDiff > 0 && lossy.maxDiff < 0.35, `JPEG vs PNG maxDiff ${lossy.maxDiff}`);
  });

  it('says why it cannot compare', async () => {
    await assert.rejects(compareImages(path.join(root, 'nope.png'), path.join(root, 'nope.png')), /no such file/);
  });
});

describe('SpawnProcessRunner', () => {
  it('passes on whole lines from both streams, whatever the chunks', async () => {
    const lines: string[] = [];
    const script = [
      "process.stdout.write('one\\ntw');",
      "setTimeout(() => { process.stdout.write('o\\r\\nthr'); process.stderr.write('err line\\n'); }, 20);",
      "setTimeout(() => { process.stdout.write('ee'); process.exitCode = 3; }, 40);",
    ].join('');
    const result = await new SpawnProcessRunner().run(process.execPath, ['-e', script], {
      onLine: (line) => lines.push(line),
    });
    assert.deepEqual(result, { exitCode: 3, signal: null });
    assert.deepEqual(lines, ['one', 'two', 'err line', 'three']);
  });

  it('stops the process with SIGTERM on abort', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const result = await new SpawnProcessRunner().run(process.execPath, ['-e', "console.log('up'); setInterval(() => {}, 1000)"], {
      onLine: () => controller.abort(),
      signal: controller.signal,
    });
    assert.deepEqual(result, { exitCode: null, signal: 'SIGTERM' });
    assert.ok(performance.now() - started < 5_000);
  });

  it('rejects when the program does not exist', async () => {
    await assert.rejects(
      new SpawnProcessRunner().run('/nonexistent/blender', [], { onLine: () => {} }),
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
    );
  });
});

describe('worker Blender layer on real Blender', () => {
  it('finds Blender and its version', async () => {
    assert.match(await checkBlender(BLENDER_PATH), /^Blender \d+\.\d+/);
  });

  it('tells how to fix a missing Blender', async () => {
    await assert.rejects(checkBlender(path.join(root, 'no-blender-here')), (error: Error) => {
      assert.match(error.message, /not found at/);
      assert.match(error.message, /sudo apt-get install blender/);
      assert.match(error.message, /--blender \/path\/to\/blender/);
      assert.match(error.message, /BLENDER_PATH/);
      return true;
    });
  });

  it('refuses a program that is not a working Blender', async () => {
    const broken = path.join(root, 'broken-blender');
    await fsp.writeFile(broken, '#!/bin/sh\necho "blender: error while loading shared libraries: libOpenImageIO.so.2.4" >&2\nexit 127\n', {
      mode: 0o755,
    });
    await assert.rejects(
      checkBlender(broken),
      new RegExp(
        `^BlenderNotUsableError: "${broken} --version" exited with status 127 after printing ` +
          '"blender: error while loading shared libraries: libOpenImageIO.so.2.4". Install Blender',
      ),
    );
    await assert.rejects(checkBlender('/bin/echo'), /"\/bin\/echo" does not look like Blender: "--version" printed "echo \(GNU coreutils\)/);
    await assert.rejects(checkBlender(os.tmpdir()), /is not an executable program/);
  });

  it('renders frames with the same pixels as plain Blender', async () => {
    const runner = new SpawnProcessRunner();
    const progress: number[] = [];
    const [worker, workerOther, plain, plainOther] = await Promise.all([
      renderFrame(runner, {
        blenderPath: BLENDER_PATH,
        blendFile,
        format: 'PNG',
        outputDir: path.join(root, 'worker'),
        frame: 2,
        onProgress: (percent) => progress.push(percent),
      }),
      renderFrame(runner, {
        blenderPath: BLENDER_PATH,
        blendFile,
        sceneName: 'Other',
        format: 'PNG',
        outputDir: path.join(root, 'worker-other'),
        frame: 2,
      }),
      renderPlain({ blendFile, frame: 2, format: 'PNG', outDir: path.join(root, 'plain') }),
      renderPlain({ blendFile, frame: 2, sceneName: 'Other', format: 'PNG', outDir: path.join(root, 'plain-other') }),
    ]);
    assert.ok(worker.ok, JSON.stringify(worker));
    assert.ok(workerOther.ok, JSON.stringify(workerOther));
    assert.equal(worker.file, path.join(root, 'worker', '0002.png'));
    assert.equal(progress.at(-1), 100);
    assert.ok(worker.renderTimeMs > 0);
    assert.equal((await compareImages(worker.file, plain)).maxDiff, 0);
    assert.equal((await compareImages(workerOther.file, plainOther)).maxDiff, 0);
  });

  it('stops Blender at once when the scene is missing', async () => {
    const outputDir = path.join(root, 'missing-scene');
    const started = performance.now();
    const result = await renderFrame(new SpawnProcessRunner(), {
      blenderPath: BLENDER_PATH,
      blendFile,
      sceneName: 'NoSuchScene',
      format: 'PNG',
      outputDir,
      frame: 1,
    });
    const elapsed = performance.now() - started;
    assert.ok(!result.ok);
    assert.equal(result.kind, 'SCENE_NOT_FOUND');
    assert.equal(result.error, 'Scene "NoSuchScene" is not in the .blend file (scene.blend)');
    // Blender would otherwise render the active scene and save it as this frame.
    await assert.rejects(fsp.access(path.join(outputDir, '0001.png')));
    assert.ok(elapsed < 5_000, `took ${Math.round(elapsed)} ms`);
  });
});
