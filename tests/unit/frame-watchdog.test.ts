/**
 * The one frame watchdog spawn mode and sessions share: it stops Blender on the caller's abort
 * or the job's render timeout, and tells which ended the frame. Mock timers; nothing sleeps.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { FrameWatchdog } from '../../worker/blender/frame-watchdog.ts';
import { BlenderOutputParser } from '../../worker/blender/output-parser.ts';

let outputDir: string;
let expected: string;

beforeEach(async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  outputDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'frame-watchdog-test-'));
  expected = path.join(outputDir, '0007.png');
});
afterEach(async () => {
  mock.timers.reset();
  await fsp.rm(outputDir, { recursive: true, force: true });
});

describe('FrameWatchdog', () => {
  it('stops Blender once the frame has run for the timeout, and says TIMEOUT, removing a frame saved too late', async () => {
    const watchdog = new FrameWatchdog({ frame: 7, timeoutMs: 1_500 });
    watchdog.start();
    mock.timers.tick(1_499);
    assert.equal(watchdog.signal.aborted, false);
    mock.timers.tick(1);
    assert.equal(watchdog.signal.aborted, true);
    await fsp.writeFile(expected, 'saved in the moment it was stopped');
    const parser = new BlenderOutputParser();
    parser.feed('Fra:7 Mem:10.71M (Peak 11.22M) | Time:00:01.49 | Scene, ViewLayer | Sample 1/4096');
    assert.deepEqual(await watchdog.verdict(expected, parser, 1_500), {
      ok: false,
      kind: 'TIMEOUT',
      error: "Render timed out after 1.5 s (the job's render timeout)",
      logTail: 'Fra:7 Mem:10.71M (Peak 11.22M) | Time:00:01.49 | Scene, ViewLayer | Sample 1/4096',
      renderTimeMs: 1_500,
    });
    await assert.rejects(fsp.access(expected));
  });

  it("passes the caller's abort on to Blender and says ABORTED, even after the timeout passed", async () => {
    const caller = new AbortController();
    const watchdog = new FrameWatchdog({ frame: 7, signal: caller.signal, timeoutMs: 1_000 });
    watchdog.start();
    caller.abort();
    assert.equal(watchdog.signal.aborted, true);
    mock.timers.tick(1_000);
    const result = await watchdog.verdict(expected, new BlenderOutputParser(), 20);
    assert.deepEqual(result && !result.ok && [result.kind, result.error, result.renderTimeMs], ['ABORTED', 'Rendering frame 7 was cancelled', 20]);
  });

  it('has no verdict for a frame neither aborted nor timed out, and leaves its file alone', async () => {
    const watchdog = new FrameWatchdog({ frame: 7, timeoutMs: 1_000 });
    watchdog.start();
    mock.timers.tick(999);
    await fsp.writeFile(expected, 'rendered pixels');
    assert.equal(await watchdog.verdict(expected, new BlenderOutputParser(), 999), null);
    assert.equal(await fsp.readFile(expected, 'utf8'), 'rendered pixels');
  });

  it('watches nothing once disposed: neither the timeout nor the caller stops Blender', () => {
    const caller = new AbortController();
    const watchdog = new FrameWatchdog({ frame: 7, signal: caller.signal, timeoutMs: 1_000 });
    watchdog.start();
    watchdog.dispose();
    mock.timers.tick(60_000);
    caller.abort();
    assert.equal(watchdog.signal.aborted, false);
  });

  it("tells what is left of the timeout for a frame handed on, and that the caller aborted before it started", () => {
    assert.equal(new FrameWatchdog({ frame: 1, timeoutMs: 30_000 }).remainingMs(900), 29_100);
    assert.equal(new FrameWatchdog({ frame: 1, timeoutMs: 30_000 }).remainingMs(31_000), 0);
    assert.equal(new FrameWatchdog({ frame: 1 }).remainingMs(900), undefined);
    const early = new FrameWatchdog({ frame: 1, signal: AbortSignal.abort() });
    assert.equal(early.callerAborted, true);
    assert.equal(early.signal.aborted, false, 'nothing to stop before start()');
  });
});
