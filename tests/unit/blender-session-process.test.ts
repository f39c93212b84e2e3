/**
 * One session Blender's life, through SessionFrameRenderer on fakes (tests/support/fake-session.ts):
 * how it is started with the bridge, sent frames and closed, and what becomes of a frame when
 * its Blender crashes, dies, hangs, answers out of turn, or is stopped by the frame's watchdog
 * (the caller's abort, the job's render timeout).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { buildSessionArgs } from '../../worker/blender/args.ts';
import { BlenderSession } from '../../worker/blender/blender-session.ts';
import { BRIDGE_SCRIPT } from '../../worker/blender/bridge-protocol.ts';
import { BLENDER, FakeStarter, outputDir, renders, say, settle, setup } from '../support/fake-session.ts';

describe('SessionFrameRenderer', () => {
  it('starts one Blender with the bridge, renders frame after frame in it, and closes it', async () => {
    const { starter, frame, renderer } = setup();
    const progress: number[] = [];
    const first = await frame(1, { onProgress: (percent) => progress.push(percent) });
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.file, path.join(outputDir, '0001.png'));
    assert.deepEqual(progress, [12, 100]);
    // The first frame's log shows Blender loading the file.
    assert.match(first.logTail, /^Read blend: \/farm\/blends\/shot\.blend$/m);
    assert.doesNotMatch(first.logTail, /@farm-bridge/);

    for (const n of [2, 3]) assert.equal((await frame(n)).ok, true);
    assert.equal(starter.processes.length, 1, 'one Blender for all three frames');
    const [blender] = starter.processes;
    assert.ok(blender);
    // A job that does not allow missing files (the default): the bridge checks them before READY.
    assert.deepEqual(blender.args, buildSessionArgs({ blendFile: '/farm/blends/shot.blend', bridgeScript: BRIDGE_SCRIPT, checkFiles: true }));
    assert.deepEqual(blender.args.slice(0, 4), ['-b', '-noaudio', '--disable-autoexec', '/farm/blends/shot.blend']);
    assert.deepEqual(
      blender.commands,
      [1, 2, 3].map((n) => ({ id: n, command: 'render', frame: n, format: 'PNG', outputDir })),
    );
    assert.ok(BRIDGE_SCRIPT.endsWith(path.join('worker', 'blender', 'bridge.py')));

    await renderer.close();
    assert.deepEqual(blender.commands.at(-1), { command: 'quit' });
    assert.equal(blender.inputEnded, true);
    assert.equal(starter.running.length, 0);
  });

  it('fails the frame its Blender crashed on, and starts a new session for the next', async () => {
    const { starter, frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          if (c.frame !== 2) return renders(p, c);
          await p.print(`Fra:2 Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/8`);
          p.exit({ exitCode: null, signal: 'SIGSEGV' });
        },
      },
    ]);
    assert.equal((await frame(1)).ok, true);
    const crashed = await frame(2);
    assert.ok(!crashed.ok);
    assert.equal(crashed.kind, 'RENDER_FAILED');
    assert.equal(crashed.error, 'Blender was stopped by SIGSEGV while rendering frame 2');
    assert.match(crashed.logTail, /^Fra:2 .*Sample 1\/8$/m);
    const next = await frame(3);
    assert.ok(next.ok, JSON.stringify(next));
    assert.equal(starter.processes.length, 2);
    assert.deepEqual(starter.processes[1]?.commands, [{ id: 1, command: 'render', frame: 3, format: 'PNG', outputDir }]);
    await renderer.close();
    assert.equal(starter.running.length, 0);
  });

  it('starts a new session when the last one died between frames', async () => {
    const { starter, frame, renderer, log } = setup();
    assert.equal((await frame(1)).ok, true);
    starter.processes[0]?.exit({ exitCode: null, signal: 'SIGKILL' }); // e.g. the kernel's OOM killer
    await settle();
    await settle();
    assert.equal((await frame(2)).ok, true);
    assert.equal(starter.processes.length, 2);
    assert.deepEqual(log.warnings, ['warn: the Blender session (pid 1000) was stopped by SIGKILL between frames; starting a new one']);
    await renderer.close();
  });

  it('kills the session when a frame is aborted, and starts afresh for the next frame', async () => {
    const controller = new AbortController();
    const { starter, frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          if (c.frame !== 2) return renders(p, c);
          await p.print(`Fra:2 Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/4096`);
          controller.abort(); // the server revoked the frame; Blender renders on until stopped
        },
      },
    ]);
    assert.equal((await frame(1)).ok, true);
    const aborted = await frame(2, { signal: controller.signal });
    assert.ok(!aborted.ok);
    assert.equal(aborted.kind, 'ABORTED');
    assert.deepEqual(starter.processes[0]?.signals, ['SIGTERM']);
    assert.equal(starter.running.length, 0, 'no Blender left running');
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 2);
    await renderer.close();
  });

  it('stops no Blender for a frame aborted before it starts', async () => {
    const { starter, frame, renderer } = setup();
    assert.equal((await frame(1)).ok, true);
    const result = await frame(2, { signal: AbortSignal.abort() });
    assert.ok(!result.ok);
    assert.equal(result.kind, 'ABORTED');
    assert.equal(starter.running.length, 1);
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 1);
    await renderer.close();
  });

  describe('with a render timeout', () => {
    beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
    afterEach(() => mock.timers.reset());

    it('kills a session whose frame runs past it, reports TIMEOUT, and starts afresh', async () => {
      const { starter, frame, renderer } = setup([
        {
          onRender: async (p, c) => {
            if (c.frame !== 2) return renders(p, c);
            await p.print(`Fra:2 Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/4096`);
            mock.timers.tick(29_999);
            assert.equal(p.running, true);
            mock.timers.tick(1);
          },
        },
      ]);
      assert.equal((await frame(1, { timeoutMs: 30_000 })).ok, true);
      const result = await frame(2, { timeoutMs: 30_000 });
      assert.ok(!result.ok);
      assert.equal(result.kind, 'TIMEOUT');
      assert.equal(result.error, "Render timed out after 30 s (the job's render timeout)");
      assert.match(result.logTail, /Sample 1\/4096$/);
      assert.equal(starter.running.length, 0);
      assert.equal((await frame(3, { timeoutMs: 30_000 })).ok, true);
      assert.equal(starter.processes.length, 2);
      await renderer.close();
    });
  });

  it('stops a Blender that hangs while starting when the frame is aborted', async () => {
    const controller = new AbortController();
    const { starter, frame, renderer } = setup([{ startup: 'hangs' }]);
    const pending = frame(1, { signal: controller.signal });
    await settle();
    await settle();
    controller.abort();
    const result = await pending;
    assert.ok(!result.ok);
    assert.equal(result.kind, 'ABORTED');
    assert.equal(starter.running.length, 0);
    await renderer.close();
  });

  it('kills a session whose bridge answers out of turn', async () => {
    const { starter, frame, renderer } = setup([
      { onRender: (p, c) => p.print(say('end', { id: c.id + 5, ok: true })) },
      {},
    ]);
    const result = await frame(1);
    assert.ok(!result.ok);
    assert.equal(result.error, 'Blender session stopped while rendering frame 1: the session bridge ended command 6 while command 1 was running');
    assert.equal((await frame(2)).ok, true);
    assert.equal(starter.processes.length, 2);
    await renderer.close();
  });
});

describe('BlenderSession.start', () => {
  const start = (starter: FakeStarter) =>
    BlenderSession.start({ starter, blenderPath: BLENDER, blendFile: '/farm/blends/shot.blend', sceneName: null });

  it('says why a session did not start, and leaves no Blender running', async () => {
    const answers = [
      say('fatal', { message: "bridge.py: unknown argument '--frames'" }),
      '@farm-bridge ready {"scene": "Sce',
      say('end', { id: 1, ok: true }),
    ];
    const starter = new FakeStarter(answers.map((line) => ({ startup: 'hangs', startupLines: [line] })));
    const errors: string[] = [];
    for (const _ of answers) {
      const result = await start(starter);
      assert.ok(!result.ok && result.reason === 'failed', JSON.stringify(result));
      errors.push(result.error);
    }
    assert.deepEqual(errors, [
      "the session bridge gave up: bridge.py: unknown argument '--frames'",
      'the session bridge printed "@farm-bridge ready {"scene": "Sce"',
      'the session bridge answered end before it was ready',
    ]);
    assert.equal(starter.running.length, 0);
  });

  it('says so when Blender cannot be started at all', async () => {
    const missing = Object.assign(new Error('spawn /usr/bin/blender ENOENT'), { code: 'ENOENT' });
    const result = await start(Object.assign(new FakeStarter(), { start: () => Promise.reject(missing) }));
    assert.deepEqual(result, {
      ok: false,
      reason: 'failed',
      error: 'Blender could not be started ("/usr/bin/blender"): spawn /usr/bin/blender ENOENT',
      lines: [],
    });
  });
});
