/**
 * A fake FrameRenderer for unit tests of the worker agent: no Blender; each render does what
 * the test chose (writes the frame's file, fails, or waits until it is stopped) and is
 * recorded, so a test asserts what the agent asked for.
 */
import fsp from 'node:fs/promises';
import { framePath } from '../../../common/blender/formats.ts';
import type { FrameRenderer, FrameRequest } from '../../../worker/blender/frame-renderer.ts';
import type { RenderFailureKind, RenderFrameResult } from '../../../worker/blender/render-frame.ts';
import { Waits } from './waits.ts';

export type Rendering = (request: FrameRequest) => Promise<RenderFrameResult>;

export const RENDER_TIME_MS = 1200;

/** Renders: progress at `percents`, the frame's file written, then a success. */
export function renders(percents: number[] = [40, 100]): Rendering {
  return async (request) => {
    for (const percent of percents) request.onProgress?.(percent);
    const file = framePath(request.outputDir, request.frame, request.format);
    await fsp.writeFile(file, `pixels of frame ${request.frame}`);
    return { ok: true, file, renderTimeMs: RENDER_TIME_MS, logTail: `Saved: '${file}'` };
  };
}

/** Fails as Blender does, with its error and last lines. */
export function fails(error: string, kind: Exclude<RenderFailureKind, 'ABORTED'> = 'RENDER_FAILED'): Rendering {
  return async () => ({ ok: false, error, kind, logTail: `Blender 3.4.1\n${error}`, renderTimeMs: 800 });
}

/** Renders on until its signal stops it, as Blender on SIGTERM; then, as renderFrame, ABORTED. */
export function rendersUntilStopped(): Rendering {
  return (request) =>
    new Promise((resolve) => {
      const stopped = () => resolve({ ok: false, error: 'stopped', kind: 'ABORTED', logTail: '', renderTimeMs: 5 });
      if (request.signal?.aborted) stopped();
      else request.signal?.addEventListener('abort', stopped, { once: true });
    });
}

/** Renders as `then` does, once `go` resolves: a render the test holds while it acts. */
export function rendersAfter(go: Promise<void>, then: Rendering = renders()): Rendering {
  return async (request) => {
    await go;
    return then(request);
  };
}

export class FakeRenderer implements FrameRenderer {
  readonly requests: FrameRequest[] = [];
  closed = false;
  private readonly waits = new Waits(5_000, () => `${this.requests.length} render(s) started`);

  /** `plan`: how each render goes, from its order (0, 1, …); the last one for every later render. */
  constructor(private readonly plan: Rendering[] = [renders()]) {}

  render(request: FrameRequest): Promise<RenderFrameResult> {
    const rendering = this.plan[Math.min(this.requests.length, this.plan.length - 1)] ?? renders();
    this.requests.push(request);
    this.waits.changed();
    return rendering(request);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Resolves once `count` renders have started. */
  started(count = 1): Promise<void> {
    return this.waits.until(`${count} render(s)`, () => this.requests.length >= count);
  }
}
