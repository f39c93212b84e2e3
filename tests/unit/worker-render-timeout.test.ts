/**
 * The job's render timeout: renderFrame stops a Blender that runs too long and reports a
 * TIMEOUT with Blender's last lines. The clock is node:test's mock timers; nothing sleeps.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { renderFrame } from '../../worker/blender/render-frame.ts';
import type { ProcessRunner, RunOptions, RunResult } from '../../common/blender/runner.ts';

const FIRST_LINES = [
  'Blender 3.4.1',
  'Read blend: /farm/blends/slow.blend',
  'Fra:1 Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Remaining:00:29.50 | Mem:0.96M, Peak:0.96M | Scene, ViewLayer | Sample 1/4096',
];

/**
 * Prints its first lines, then `meanwhile` runs (the test moves the clock on), then it
 * renders on until stopped, as Blender on SIGTERM does; or, with `savedFile`, it saves that
 * file and exits 0 like a render that finished.
 */
class SlowBlender implements ProcessRunner {
  stopped = false;

  constructor(
    private readonly meanwhile: (signal: AbortSignal) => void,
    private readonly savedFile?: string,
  ) {}

  async run(_command: string, _args: readonly string[], { onLine, signal }: RunOptions): Promise<RunResult> {
    assert.ok(signal, 'renderFrame passes a signal');
    for (const line of FIRST_LINES) onLine(line);
    this.meanwhile(signal);
    if (this.savedFile && !signal.aborted) {
      await fsp.writeFile(this.savedFile, 'rendered pixels');
      onLine(`Saved: '${this.savedFile}'`);
      return { exitCode: 0, signal: null };
    }
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    this.stopped = true;
    return { exitCode: null, signal: 'SIGTERM' };
  }
}

let outputDir: string;

beforeEach(async () => {
  outputDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'render-timeout-test-'));
  mock.timers.enable({ apis: ['setTimeout'] });
});
afterEach(async () => {
  mock.timers.reset();
  await fsp.rm(outputDir, { recursive: true, force: true });
});

function options(timeoutMs: number | undefined) {
  const clock = [5_000, 35_000];
  return {
    blenderPath: '/usr/bin/blender',
    blendFile: '/farm/blends/slow.blend',
    format: 'PNG' as const,
    outputDir,
    frame: 1,
    timeoutMs,
    now: () => clock.shift() ?? 0,
  };
}

describe('renderFrame with a render timeout', () => {
  it('stops Blender once it has rendered longer than the timeout, and reports TIMEOUT with its output', async () => {
    let runningAt29_999 = false;
    const blender = new SlowBlender((signal) => {
      mock.timers.tick(29_999);
      runningAt29_999 = !signal.aborted;
      mock.timers.tick(1);
    });
    const result = await renderFrame(blender, options(30_000));

    assert.ok(runningAt29_999, 'not stopped before the timeout');
    assert.ok(blender.stopped);
    assert.deepEqual(result, {
      ok: false,
      kind: 'TIMEOUT',
      error: "Render timed out after 30 s (the job's render timeout)",
      logTail: FIRST_LINES.join('\n'),
      renderTimeMs: 30_000,
    });
    assert.deepEqual(await fsp.readdir(outputDir), []);
  });

  it('leaves a frame that finishes in time alone', async () => {
    const file = path.join(outputDir, '0001.png');
    const result = await renderFrame(new SlowBlender(() => mock.timers.tick(29_000), file), options(30_000));
    assert.equal(result.ok, true);
    // The timer was cleared with the render: moving past the timeout now changes nothing.
    mock.timers.tick(60_000);
    assert.equal(await fsp.readFile(file, 'utf8'), 'rendered pixels');
  });

  it('never stops a render without a timeout', async () => {
    const caller = new AbortController();
    let runningAfterADay = false;
    const blender = new SlowBlender((signal) => {
      mock.timers.tick(24 * 3_600_000);
      runningAfterADay = !signal.aborted;
      caller.abort();
    });
    const result = await renderFrame(blender, { ...options(undefined), signal: caller.signal });
    assert.ok(runningAfterADay);
    assert.equal(!result.ok && result.kind, 'ABORTED');
  });
});
