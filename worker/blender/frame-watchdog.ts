import fsp from 'node:fs/promises';
import { failed, type RenderFrameResult } from './frame-verdict.ts';
import type { BlenderOutputParser } from './output-parser.ts';

export interface FrameWatch {
  frame: number;
  /** The caller's: aborting stops Blender; the result is then `ABORTED`. */
  signal?: AbortSignal | undefined;
  /** The job's render timeout: Blender is stopped once the frame has run this long; the result is then `TIMEOUT`. */
  timeoutMs?: number | undefined;
}

/**
 * Watches one frame, in spawn mode (renderFrame) and in a session alike: Blender is stopped
 * (through `signal`) when the caller aborts (the server took the frame back, the worker is
 * stopping) or once the frame has run for the job's render timeout. Afterwards it tells which
 * of the two ended the frame, so the frame is ABORTED or TIMEOUT whatever Blender did in the
 * moment it was stopped.
 *
 *   created --start()--> watching --caller aborts--> stopping (ABORTED)
 *                        watching --timeoutMs passes--> stopping (TIMEOUT)
 *                        watching / stopping --dispose()--> done (the timeout no longer runs)
 */
export class FrameWatchdog {
  private readonly stopper = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;
  private readonly onCallerAbort = (): void => this.stopper.abort();

  constructor(private readonly watch: FrameWatch) {}

  /** Aborted when Blender must stop: handed to the process runner or the session. */
  get signal(): AbortSignal {
    return this.stopper.signal;
  }

  /** True when the caller aborted the frame, before or after it started. */
  get callerAborted(): boolean {
    return this.watch.signal?.aborted ?? false;
  }

  /** From now on the caller's abort stops Blender, and the timeout runs. */
  start(): void {
    this.watch.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (this.watch.timeoutMs === undefined) return;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.stopper.abort();
    }, this.watch.timeoutMs);
  }

  /** Stops Blender for a reason of the renderer's own (spawn mode's missing scene). */
  stopBlender(): void {
    this.stopper.abort();
  }

  /** The frame is over (or handed on): neither the timeout nor the caller stops anything now. */
  dispose(): void {
    clearTimeout(this.timer);
    this.watch.signal?.removeEventListener('abort', this.onCallerAbort);
  }

  /** What is left of the timeout after `elapsedMs`, for a frame handed on to spawn mode. */
  remainingMs(elapsedMs: number): number | undefined {
    return this.watch.timeoutMs === undefined ? undefined : Math.max(0, this.watch.timeoutMs - elapsedMs);
  }

  /** The frame was cancelled; `renderTimeMs` null when Blender never ran for it. */
  cancelled(parser: BlenderOutputParser, renderTimeMs: number | null = null): RenderFrameResult {
    return failed('ABORTED', `Rendering frame ${this.watch.frame} was cancelled`, parser, renderTimeMs);
  }

  /**
   * ABORTED when the caller aborted, TIMEOUT when the timeout passed, null when neither did.
   * Either way `expected` is removed: Blender may have saved the frame in the moment it was
   * stopped, too late all the same, and it must not pass for a rendered frame later.
   */
  async verdict(expected: string, parser: BlenderOutputParser, renderTimeMs: number): Promise<RenderFrameResult | null> {
    if (!this.callerAborted && !this.timedOut) return null;
    await fsp.rm(expected, { force: true });
    if (this.callerAborted) return this.cancelled(parser, renderTimeMs);
    const seconds = Number(((this.watch.timeoutMs ?? 0) / 1000).toFixed(3));
    return failed('TIMEOUT', `Render timed out after ${seconds} s (the job's render timeout)`, parser, renderTimeMs);
  }
}
