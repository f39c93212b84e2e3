/**
 * Persistent Blender sessions on real Blender: frames rendered one after another in one
 * session have the pixels of plain `blender -b FILE [-S SCENE] -F FORMAT -f N`, for Cycles
 * and Eevee; a missing scene is SCENE_NOT_FOUND; a session Blender killed mid-frame fails that
 * frame and the next one renders in a new session.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { OutputFormat } from '../../common/blender/formats.ts';
import type { FrameRequest } from '../../worker/blender/frame-renderer.ts';
import type { RenderFrameResult } from '../../worker/blender/render-frame.ts';
import { SpawnProcessRunner } from '../../common/blender/runner.ts';
import { SessionFrameRenderer } from '../../worker/blender/session-renderer.ts';
import { BLENDER_PATH, compareImages, makeScene, renderPlain } from '../support/blender.ts';

let root: string;
/** "Alt" (a static torus) is the active scene; the animated "Scene" must be named. */
let cycles: string;
let eevee: string;
/** Slow frames (300 samples, ~1 s), to be caught in the middle. */
let slow: string;

before(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'blender-session-'));
  [cycles, eevee, slow] = await Promise.all([
    makeScene({ out: path.join(root, 'cycles.blend'), frames: 3, secondScene: 'Alt', secondSceneActive: true }),
    makeScene({ out: path.join(root, 'eevee.blend'), frames: 2, engine: 'BLENDER_EEVEE' }),
    makeScene({ out: path.join(root, 'slow.blend'), frames: 2, samples: 300 }),
  ]);
});
after(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});

/** What the worker log would say, kept for the failure messages. */
function collectingLog() {
  const lines: string[] = [];
  return { lines, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`) };
}

function sessionRenderer() {
  const runner = new SpawnProcessRunner();
  const log = collectingLog();
  const renderer = new SessionFrameRenderer({ blenderPath: BLENDER_PATH, starter: runner, runner, log });
  return { renderer, log };
}

interface Step {
  frame: number;
  format: OutputFormat;
  sceneName?: string;
}

/**
 * Renders `steps` in order through one renderer, noting which Blender rendered each, then
 * renders each the plain way and compares the pixels.
 */
async function renderAndCompare(blendFile: string, steps: Step[], label: string) {
  const { renderer, log } = sessionRenderer();
  const rendered: Array<{ step: Step; result: RenderFrameResult; pid: number | null }> = [];
  try {
    for (const step of steps) {
      const request: FrameRequest = { blendFile, ...step, outputDir: path.join(root, `${label}-session-${step.sceneName ?? 'active'}`) };
      const result = await renderer.render(request);
      assert.ok(result.ok, `${label} frame ${step.frame} ${step.format}: ${JSON.stringify(result)}\n${log.lines.join('\n')}`);
      rendered.push({ step, result, pid: renderer.sessionPid });
    }
  } finally {
    await renderer.close();
  }
  assert.ok(!log.lines.some((line) => line.startsWith('WARN')), log.lines.join('\n'));
  // Two at a time: this machine has 2 cores.
  for (let i = 0; i < rendered.length; i += 2) {
    await Promise.all(
      rendered.slice(i, i + 2).map(async ({ step, result }) => {
        assert.ok(result.ok);
        const plain = await renderPlain({ blendFile, ...step, outDir: path.join(root, `${label}-plain-${step.format}-${step.sceneName ?? 'active'}`) });
        assert.equal(path.extname(result.file), path.extname(plain));
        const diff = await compareImages(result.file, plain);
        assert.equal(diff.maxDiff, 0, `${label} frame ${step.frame} (${step.format}, scene ${step.sceneName ?? 'active'}) differs from plain Blender by ${diff.maxDiff}`);
      }),
    );
  }
  return rendered;
}

describe('persistent Blender sessions on real Blender', () => {
  it('renders Cycles frames with the pixels of plain Blender: several frames, two formats, then another scene', async () => {
    const rendered = await renderAndCompare(
      cycles,
      [
        { frame: 1, format: 'PNG', sceneName: 'Scene' },
        { frame: 2, format: 'PNG', sceneName: 'Scene' },
        { frame: 3, format: 'OPEN_EXR', sceneName: 'Scene' },
        { frame: 2, format: 'PNG', sceneName: 'Scene' },
        { frame: 2, format: 'PNG' },
        { frame: 3, format: 'JPEG' },
      ],
      'cycles',
    );
    const pids = rendered.map((r) => r.pid);
    assert.ok(pids.every((pid) => pid !== null));
    assert.equal(new Set(pids.slice(0, 4)).size, 1, `one Blender for the frames of "Scene": ${pids.join(', ')}`);
    assert.equal(new Set(pids.slice(4)).size, 1, `one Blender for the active scene's frames: ${pids.join(', ')}`);
    assert.notEqual(pids[3], pids[4], 'a new Blender for the other scene');
  });

  it('renders Eevee frames with the pixels of plain Blender', async () => {
    const rendered = await renderAndCompare(
      eevee,
      [
        { frame: 1, format: 'PNG' },
        { frame: 2, format: 'PNG' },
      ],
      'eevee',
    );
    assert.equal(new Set(rendered.map((r) => r.pid)).size, 1);
  });

  it('reports a missing scene as SCENE_NOT_FOUND, with Blender\'s words, and renders nothing', async () => {
    const { renderer } = sessionRenderer();
    const outputDir = path.join(root, 'missing-scene');
    const result = await renderer.render({ blendFile: cycles, sceneName: 'NoSuchScene', format: 'PNG', outputDir, frame: 1 });
    await renderer.close();
    assert.ok(!result.ok);
    assert.equal(result.kind, 'SCENE_NOT_FOUND');
    assert.equal(result.error, 'Scene "NoSuchScene" is not in the .blend file (cycles.blend)');
    assert.match(result.logTail, /^Can't find scene: 'NoSuchScene' in file: '.*cycles\.blend'$/m);
    await assert.rejects(fsp.access(path.join(outputDir, '0001.png')));
  });

  it('fails the frame whose Blender was SIGKILLed, and renders the next in a new session', async () => {
    const { renderer } = sessionRenderer();
    const outputDir = path.join(root, 'killed');
    try {
      let killed: number | null = null;
      const failed = await renderer.render({
        blendFile: slow,
        format: 'PNG',
        outputDir,
        frame: 1,
        onProgress: () => {
          if (killed !== null) return;
          killed = renderer.sessionPid;
          assert.ok(killed);
          process.kill(killed, 'SIGKILL');
        },
      });
      assert.ok(killed, 'Blender reported progress');
      assert.ok(!failed.ok);
      assert.equal(failed.kind, 'RENDER_FAILED');
      assert.match(failed.error, /^Blender was stopped by SIGKILL while rendering frame 1/);
      assert.match(failed.logTail, /^Fra:1 .*Sample \d+\/300$/m);

      const next = await renderer.render({ blendFile: slow, format: 'PNG', outputDir, frame: 2 });
      assert.ok(next.ok, JSON.stringify(next));
      assert.ok(renderer.sessionPid !== null && renderer.sessionPid !== killed, 'a new Blender');
    } finally {
      await renderer.close();
    }
    assert.equal(renderer.sessionPid, null);
  });
});
