/**
 * The session renderer's policy, on fakes (tests/support/fake-session.ts): when it reuses,
 * recycles or replaces a session, when it falls back to spawn mode, and that a session's frame
 * is judged by renderFrame's rules.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildRenderArgs } from '../../worker/blender/args.ts';
import { framePath } from '../../common/blender/formats.ts';
import { outputDir, type RenderCommand, renders, say, settle, setup } from '../support/fake-session.ts';

describe('SessionFrameRenderer', () => {
  it('fails a frame whose render raised, keeping the session for the next frame', async () => {
    const { starter, frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          if (c.frame !== 2) return renders(p, c);
          await p.print(say('end', { id: c.id, ok: false, error: 'Error: No camera found in scene "Scene"' }));
        },
      },
    ]);
    assert.equal((await frame(1)).ok, true);
    const failed = await frame(2);
    assert.ok(!failed.ok);
    assert.equal(failed.kind, 'RENDER_FAILED');
    assert.equal(failed.error, 'Blender failed to render frame 2: No camera found in scene "Scene"');
    assert.match(failed.logTail, /^Error: No camera found in scene "Scene"$/m);
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 1);
    await renderer.close();
  });

  it('applies renderFrame\'s rules: an `Error:` line fails the frame, so does a missing Saved line or file', async () => {
    const { frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          const file = framePath(c.outputDir, c.frame, 'PNG');
          if (c.frame === 1) await p.print('Error: Build without OpenImageDenoiser', say('end', { id: c.id, ok: true }));
          if (c.frame === 2) await p.print(`Saved: '/somewhere/else.png'`, say('end', { id: c.id, ok: true }));
          if (c.frame === 3) await p.print(`Saved: '${file}'`, say('end', { id: c.id, ok: true }));
          if (c.frame === 4) await p.print(say('end', { id: c.id, ok: true }));
        },
      },
    ]);
    const results = [await frame(1), await frame(2), await frame(3), await frame(4)];
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.error)),
      [
        'Blender failed to render frame 1: Build without OpenImageDenoiser',
        `Blender saved frame 2 as /somewhere/else.png instead of ${path.join(outputDir, '0002.png')}`,
        `Blender reported saving ${path.join(outputDir, '0003.png')} but the file is not there`,
        'Blender finished without saving frame 4',
      ],
    );
    await renderer.close();
  });

  it('recycles a session after maxFramesPerSession frames', async () => {
    const { starter, frame, renderer, log } = setup([{}], { maxFramesPerSession: 3 });
    for (let n = 1; n <= 7; n++) assert.equal((await frame(n)).ok, true);
    await settle();
    assert.deepEqual(
      starter.processes.map((p) => p.commands.filter((c) => (c as RenderCommand).command === 'render').map((c) => (c as RenderCommand).frame)),
      [[1, 2, 3], [4, 5, 6], [7]],
    );
    // Closed as soon as its last frame was done, not when the next frame came.
    assert.deepEqual(starter.processes[0]?.commands.at(-1), { command: 'quit' });
    assert.equal(starter.running.length, 1);
    assert.ok(log.lines.some((line) => /closing the Blender session \(pid 1000\): it rendered 3 frames/.test(line)));
    await renderer.close();
  });

  it('recycles a session whose Blender grew past the memory limit', async () => {
    const rss = new Map([[1000, 5 * 1024 ** 3]]);
    const { starter, frame, renderer, log } = setup([{}], { readRss: async (pid) => rss.get(pid) ?? 200 * 1024 ** 2 });
    assert.equal((await frame(1)).ok, true);
    assert.equal((await frame(2)).ok, true);
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 2);
    assert.ok(log.lines.some((line) => line.includes('its Blender uses 5120 MiB, more than 4096 MiB')));
    await renderer.close();
  });

  it('replaces the session when the job, the file or the scene changes', async () => {
    const { starter, frame, renderer } = setup();
    assert.equal((await frame(1, { jobId: 'job-a' })).ok, true);
    assert.equal((await frame(1, { jobId: 'job-a', sceneName: 'Alt' })).ok, true);
    assert.equal((await frame(2, { jobId: 'job-a', sceneName: 'Alt' })).ok, true);
    assert.equal((await frame(1, { jobId: 'job-a', sceneName: 'Alt', blendFile: '/farm/blends/other.blend' })).ok, true);
    // The same file and scene, submitted again as another job: a fresh Blender.
    assert.equal((await frame(2, { jobId: 'job-b', sceneName: 'Alt', blendFile: '/farm/blends/other.blend' })).ok, true);
    await settle();
    assert.deepEqual(
      starter.processes.map((p) => [p.args[3], p.args.includes('--scene') ? p.args.at(-1) : null]),
      [
        ['/farm/blends/shot.blend', null],
        ['/farm/blends/shot.blend', 'Alt'],
        ['/farm/blends/other.blend', 'Alt'],
        ['/farm/blends/other.blend', 'Alt'],
      ],
    );
    assert.equal(starter.running.length, 1, 'each replaced session quit');
    await renderer.close();
  });

  it('reports SCENE_NOT_FOUND with Blender\'s words when the scene is missing, without falling back', async () => {
    const { starter, runner, frame, renderer, log } = setup([{ startup: 'scene-missing' }]);
    const result = await frame(1, { sceneName: 'NoSuchScene' });
    assert.ok(!result.ok);
    assert.equal(result.kind, 'SCENE_NOT_FOUND');
    assert.equal(result.error, 'Scene "NoSuchScene" is not in the .blend file (shot.blend)');
    assert.match(result.logTail, /^Can't find scene: 'NoSuchScene' in file: '\/farm\/blends\/shot\.blend'$/m);
    assert.equal(runner.calls.length, 0);
    assert.equal(starter.running.length, 0);
    assert.deepEqual(log.warnings, []);
    await assert.rejects(fsp.access(path.join(outputDir, '0001.png')));
    await renderer.close();
  });

  it('renders in spawn mode when a session cannot start, warning once', async () => {
    const { starter, runner, frame, renderer, log } = setup([{ startup: 'refuses-script' }]);
    const first = await frame(1);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.file, path.join(outputDir, '0001.png'));
    assert.deepEqual(runner.calls, [buildRenderArgs({ blendFile: '/farm/blends/shot.blend', format: 'PNG', outputDir, frame: 1 })]);
    // That file's next frames go straight to spawn mode: no second failed start each time.
    assert.equal((await frame(2)).ok, true);
    assert.equal(starter.processes.length, 1);
    assert.equal(runner.calls.length, 2);
    assert.equal(log.warnings.length, 1);
    assert.match(
      log.warnings[0] ?? '',
      /^warn: a Blender session could not start for shot\.blend \(Blender exited with status 1 before the session was ready \(last output: "AttributeError: .*"\)\); rendering its frames with one Blender per frame/,
    );
    // Another file tries a session again; it fails the same way, and is not warned about twice.
    assert.equal((await frame(1, { blendFile: '/farm/blends/other.blend', blendName: 'other.blend' })).ok, true);
    assert.equal(starter.processes.length, 2);
    assert.equal(log.warnings.length, 1);
    assert.ok(log.lines.some((line) => line.startsWith('info: a Blender session could not start for other.blend')));
    await renderer.close();
  });

  it('fails every frame over an `Error:` Blender printed while loading the file, as spawn mode would', async () => {
    const { frame, renderer } = setup([{ startupLines: ['Error: Cannot read file "/textures/wood.png"'] }]);
    for (const n of [1, 2]) {
      const result = await frame(n);
      assert.ok(!result.ok);
      assert.equal(result.error, `Blender failed to render frame ${n}: Cannot read file "/textures/wood.png"`);
    }
    await renderer.close();
  });

  it('renders one frame at a time', async () => {
    const { frame, renderer } = setup();
    const first = frame(1);
    await assert.rejects(frame(2), /one frame at a time/);
    assert.equal((await first).ok, true);
    await renderer.close();
  });
});
