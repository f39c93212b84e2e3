import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildRenderArgs } from '../../worker/blender/args.ts';
import { renderFrame, type RenderFrameOptions } from '../../worker/blender/render-frame.ts';
import type { ProcessRunner, RunOptions, RunResult } from '../../common/blender/runner.ts';

const FIXTURES = new URL('./fixtures/blender/', import.meta.url);

/** Recorded lines, with the recording's output folders moved into `outputDir`. */
function fixtureLines(name: string, outputDir: string): string[] {
  const text = fs.readFileSync(new URL(`${name}.txt`, FIXTURES), 'utf8');
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.replace(/\/tmp\/farm-fixtures\/out[^/']*\//g, `${outputDir}/`));
}

interface Script {
  lines: string[];
  exit?: RunResult;
  /** Write a non-empty file for each `Saved:` line, as Blender would. */
  writeSaved?: boolean;
  /** Called before each line is replayed; lets a test abort mid-render. */
  beforeLine?: (index: number) => void;
  startError?: NodeJS.ErrnoException;
}

/** Replays recorded Blender output; stops, like Blender on SIGTERM, as soon as it is aborted. */
class FakeBlender implements ProcessRunner {
  readonly calls: { command: string; args: readonly string[] }[] = [];
  linesSent = 0;
  killed = false;

  constructor(private readonly script: Script) {}

  async run(command: string, args: readonly string[], { onLine, signal }: RunOptions): Promise<RunResult> {
    this.calls.push({ command, args });
    if (this.script.startError) throw this.script.startError;
    for (const [index, line] of this.script.lines.entries()) {
      this.script.beforeLine?.(index);
      if (signal?.aborted) {
        this.killed = true;
        return { exitCode: null, signal: 'SIGTERM' };
      }
      const saved = /^Saved: '(.*)'$/.exec(line);
      if (saved?.[1] && this.script.writeSaved) {
        await fsp.mkdir(path.dirname(saved[1]), { recursive: true });
        await fsp.writeFile(saved[1], 'rendered pixels');
      }
      onLine(line);
      this.linesSent++;
    }
    if (signal?.aborted) {
      this.killed = true;
      return { exitCode: null, signal: 'SIGTERM' };
    }
    return this.script.exit ?? { exitCode: 0, signal: null };
  }
}

let root: string;
let outputDir: string;

before(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'render-frame-test-'));
});
after(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});
let counter = 0;
beforeEach(async () => {
  outputDir = path.join(root, `out-${++counter}`);
  await fsp.mkdir(outputDir);
});

function options(overrides: Partial<RenderFrameOptions> = {}): RenderFrameOptions {
  return {
    blenderPath: '/usr/bin/blender',
    blendFile: '/farm/blends/cycles.blend',
    format: 'PNG',
    outputDir,
    frame: 1,
    ...overrides,
  };
}

describe('renderFrame', () => {
  it('returns the frame when Blender saved it where expected', async () => {
    const blender = new FakeBlender({ lines: fixtureLines('cycles-frame-1', outputDir), writeSaved: true });
    const progress: number[] = [];
    const clock = [1_000, 3_500];
    const result = await renderFrame(
      blender,
      options({ onProgress: (percent) => progress.push(percent), now: () => clock.shift() ?? 0 }),
    );

    assert.deepEqual(result, {
      ok: true,
      file: path.join(outputDir, '0001.png'),
      renderTimeMs: 2_500,
      logTail: fixtureLines('cycles-frame-1', outputDir).slice(-50).join('\n'),
    });
    assert.deepEqual(progress, [0, 12, 100]);
    assert.deepEqual(blender.calls, [
      {
        command: '/usr/bin/blender',
        args: buildRenderArgs({ blendFile: '/farm/blends/cycles.blend', format: 'PNG', outputDir, frame: 1 }),
      },
    ]);
  });

  it('renders an Eevee frame', async () => {
    const blender = new FakeBlender({ lines: fixtureLines('eevee-frame-1', outputDir), writeSaved: true });
    const progress: number[] = [];
    const result = await renderFrame(blender, options({ onProgress: (percent) => progress.push(percent) }));
    assert.equal(result.ok, true);
    assert.deepEqual(progress, [12, 100]);
  });

  it('passes absolute paths to Blender', async () => {
    const blender = new FakeBlender({ lines: [] });
    const relativeOut = path.relative(process.cwd(), outputDir);
    await renderFrame(blender, options({ blendFile: '-odd name.blend', outputDir: relativeOut, sceneName: 'Other' }));
    const args = blender.calls[0]?.args ?? [];
    assert.ok(args.includes(path.resolve('-odd name.blend')), args.join(' '));
    assert.ok(args.includes(`${outputDir}/####`), args.join(' '));
    assert.deepEqual(args.slice(args.indexOf('-S'), args.indexOf('-S') + 2), ['-S', 'Other']);
  });

  it('fails when Blender exits 0 without a Saved line', async () => {
    const lines = fixtureLines('cycles-frame-1', outputDir).filter((line) => !line.startsWith('Saved:'));
    const result = await renderFrame(new FakeBlender({ lines, writeSaved: true }), options());
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.kind, 'RENDER_FAILED');
    assert.match(result.error, /^Blender exited without saving frame 1/);
  });

  it('fails when Blender saved another path than the expected one', async () => {
    // The recording saved frame 1; this asks for frame 2.
    const blender = new FakeBlender({ lines: fixtureLines('cycles-frame-1', outputDir), writeSaved: true });
    const result = await renderFrame(blender, options({ frame: 2 }));
    assert.ok(!result.ok);
    assert.equal(result.kind, 'RENDER_FAILED');
    assert.equal(
      result.error,
      `Blender saved frame 2 as ${outputDir}/0001.png instead of ${outputDir}/0002.png`,
    );
  });

  it('fails when the saved file is not there or empty', async () => {
    const missing = await renderFrame(
      new FakeBlender({ lines: fixtureLines('cycles-frame-1', outputDir), writeSaved: false }),
      options(),
    );
    assert.ok(!missing.ok);
    assert.equal(missing.error, `Blender reported saving ${outputDir}/0001.png but the file is not there`);

    const lines = fixtureLines('cycles-frame-1', outputDir);
    const empty = await renderFrame(
      new FakeBlender({
        lines,
        beforeLine: (index) => {
          if (lines[index]?.startsWith('Saved:')) fs.writeFileSync(path.join(outputDir, '0001.png'), '');
        },
      }),
      options(),
    );
    assert.ok(!empty.ok);
    assert.equal(empty.error, `Blender reported saving ${outputDir}/0001.png but the file is empty`);
  });

  it('does not take a file left by an earlier attempt for this one', async () => {
    await fsp.writeFile(path.join(outputDir, '0001.png'), 'stale frame');
    const result = await renderFrame(
      new FakeBlender({ lines: fixtureLines('cycles-frame-1', outputDir), writeSaved: false }),
      options(),
    );
    assert.ok(!result.ok);
    assert.match(result.error, /the file is not there/);
  });

  const blenderErrors: [fixture: string, exitCode: number, error: string][] = [
    ['no-camera', 1, 'Blender failed to render frame 1: Cannot render, no camera (exited with status 1)'],
    [
      'cycles-no-denoiser',
      1,
      'Blender failed to render frame 1: Build without OpenImageDenoiser (exited with status 1)',
    ],
    [
      'not-a-blend',
      1,
      "Blender failed to render frame 1: File format is not supported in file '/tmp/farm-fixtures/not-a-blend.blend' (exited with status 1)",
    ],
  ];
  for (const [fixture, exitCode, error] of blenderErrors) {
    it(`reports Blender's own Error: line (${fixture})`, async () => {
      const blender = new FakeBlender({
        lines: fixtureLines(fixture, outputDir),
        exit: { exitCode, signal: null },
        writeSaved: true,
      });
      const result = await renderFrame(blender, options());
      assert.ok(!result.ok);
      assert.equal(result.kind, 'RENDER_FAILED');
      assert.equal(result.error, error);
      assert.match(result.logTail, /Blender quit$/);
    });
  }

  it('fails on an Error: line even with exit 0 and the file saved', async () => {
    // What Blender does with a -F it does not know: complains, then writes a PNG, exit 0.
    const lines = fixtureLines('cycles-frame-1', outputDir);
    lines.splice(2, 0, "Error: Format from '-F / --render-format' not known or not compiled in this release.");
    const result = await renderFrame(new FakeBlender({ lines, writeSaved: true }), options());
    assert.ok(!result.ok);
    assert.equal(
      result.error,
      "Blender failed to render frame 1: Format from '-F / --render-format' not known or not compiled in this release.",
    );
  });

  it('stops Blender as soon as the scene is not found', async () => {
    const lines = fixtureLines('scene-not-found', outputDir);
    const blender = new FakeBlender({ lines, writeSaved: true });
    const progress: number[] = [];
    const result = await renderFrame(
      blender,
      options({ sceneName: 'NoSuchScene', onProgress: (percent) => progress.push(percent) }),
    );

    assert.deepEqual(
      { ok: result.ok, kind: !result.ok && result.kind, error: !result.ok && result.error },
      { ok: false, kind: 'SCENE_NOT_FOUND', error: 'Scene "NoSuchScene" is not in the .blend file (cycles.blend)' },
    );
    assert.ok(blender.killed);
    assert.equal(blender.linesSent, lines.findIndex((line) => line.startsWith("Can't find scene")) + 1);
    assert.deepEqual(progress, []);
    assert.deepEqual(await fsp.readdir(outputDir), []);
  });

  it('reports a crash with the last thing Blender said', async () => {
    const lines = fixtureLines('cycles-frame-1', outputDir).slice(0, 10);
    const result = await renderFrame(
      new FakeBlender({ lines, exit: { exitCode: null, signal: 'SIGSEGV' } }),
      options(),
    );
    assert.ok(!result.ok);
    assert.equal(result.kind, 'RENDER_FAILED');
    assert.equal(
      result.error,
      'Blender was stopped by SIGSEGV while rendering frame 1 (last output: "Read blend: /tmp/farm-fixtures/cycles.blend")',
    );
  });

  it('fails on a non-zero exit even when the frame was saved', async () => {
    const result = await renderFrame(
      new FakeBlender({
        lines: fixtureLines('cycles-frame-1', outputDir),
        exit: { exitCode: 1, signal: null },
        writeSaved: true,
      }),
      options(),
    );
    assert.ok(!result.ok);
    assert.match(result.error, /^Blender exited with status 1 while rendering frame 1/);
  });

  it('stops Blender when the caller aborts, and says so', async () => {
    const controller = new AbortController();
    const lines = fixtureLines('cycles-frame-1', outputDir);
    const blender = new FakeBlender({
      lines,
      writeSaved: true,
      beforeLine: (index) => {
        if (index === 20) controller.abort();
      },
    });
    const result = await renderFrame(blender, options({ signal: controller.signal }));
    assert.ok(!result.ok);
    assert.equal(result.kind, 'ABORTED');
    assert.ok(blender.killed);
    assert.equal(blender.linesSent, 20);
  });

  it('does not start Blender for an already aborted signal', async () => {
    const blender = new FakeBlender({ lines: fixtureLines('cycles-frame-1', outputDir), writeSaved: true });
    const result = await renderFrame(blender, options({ signal: AbortSignal.abort() }));
    assert.ok(!result.ok);
    assert.equal(result.kind, 'ABORTED');
    assert.equal(blender.calls.length, 0);
  });

  it('says so when Blender cannot be started', async () => {
    const startError: NodeJS.ErrnoException = Object.assign(new Error('spawn /opt/blender ENOENT'), { code: 'ENOENT' });
    const result = await renderFrame(new FakeBlender({ lines: [], startError }), options({ blenderPath: '/opt/blender' }));
    assert.ok(!result.ok);
    assert.equal(result.error, 'Blender could not be started ("/opt/blender"): spawn /opt/blender ENOENT');
  });

  it('refuses a frame Blender would render differently, without starting it', async () => {
    const blender = new FakeBlender({ lines: [] });
    const result = await renderFrame(blender, options({ frame: -3 }));
    assert.ok(!result.ok);
    assert.match(result.error, /^Frame -3 cannot be rendered/);
    assert.equal(blender.calls.length, 0);
  });
});
