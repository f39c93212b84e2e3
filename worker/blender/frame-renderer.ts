import { SpawnFileCheck } from './file-check.ts';
import type { RenderFrameResult } from './frame-verdict.ts';
import { renderFrame, type RenderFrameOptions } from './render-frame.ts';
import type { ProcessRunner } from '../../common/blender/runner.ts';

/**
 * How a worker runs Blender:
 * - `session` (the default): one Blender kept alive per .blend and scene renders frame after
 *   frame (worker/blender/session-renderer.ts); only the first frame pays for starting Blender and
 *   loading the file.
 * - `spawn`: one Blender process per frame (renderFrame).
 */
export const RENDER_MODES = ['session', 'spawn'] as const;
export type RenderMode = (typeof RENDER_MODES)[number];

export function isRenderMode(value: string): value is RenderMode {
  return (RENDER_MODES as readonly string[]).includes(value);
}

/** One frame to render; which Blender renders it is the renderer's business. */
export type FrameRequest = Omit<RenderFrameOptions, 'blenderPath'>;

/**
 * Renders frames one at a time (a worker slot has its own renderer) with the result and the
 * rules of renderFrame.
 */
export interface FrameRenderer {
  render(request: FrameRequest): Promise<RenderFrameResult>;
  /** Ends whatever Blender the renderer keeps; call once the worker stops rendering. */
  close(): Promise<void>;
}

/** One Blender process per frame, and one more per job to check the files its .blend uses. */
export class SpawnFrameRenderer implements FrameRenderer {
  private readonly files: SpawnFileCheck;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly blenderPath: string,
    tracerScript?: string,
  ) {
    this.files = new SpawnFileCheck(runner, blenderPath, tracerScript);
  }

  render(request: FrameRequest): Promise<RenderFrameResult> {
    return renderFrame(this.runner, { ...request, blenderPath: this.blenderPath }, this.files);
  }

  async close(): Promise<void> {}
}
