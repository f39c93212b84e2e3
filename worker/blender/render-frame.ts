import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildRenderArgs } from './args.ts';
import { framePath, type OutputFormat } from '../../common/blender/formats.ts';
import { BlenderOutputParser } from './output-parser.ts';
import type { ProcessRunner, RunResult } from '../../common/blender/runner.ts';

export interface RenderFrameOptions {
  blenderPath: string;
  blendFile: string;
  sceneName?: string | null | undefined;
  /**
   * The job the frame is of. A Blender session serves one job: the next job gets a fresh
   * Blender even from the same file, so nothing one job's file did in Blender (a script, a
   * driver, a changed setting) carries over to another's frames.
   */
  jobId?: string | undefined;
  format: OutputFormat;
  outputDir: string;
  frame: number;
  /** Whole percent of this frame, called only when it grows. */
  onProgress?: ((percent: number) => void) | undefined;
  /** Aborting stops Blender; the result is then `ABORTED`. */
  signal?: AbortSignal | undefined;
  /** The job's render timeout: Blender is stopped once it has run this long; the result is then `TIMEOUT`. */
  timeoutMs?: number | undefined;
  /** The file's name as the user knows it, for messages (the cached copy is named by its hash). */
  blendName?: string | undefined;
  /** Milliseconds, for renderTimeMs; tests pass a fake. */
  now?: (() => number) | undefined;
}

export type RenderFrameResult =
  | {
      ok: true;
      /** Absolute path of the rendered frame: `framePath(outputDir, frame, format)`. */
      file: string;
      /** Wall-clock time of the Blender process, start-up and file loading included. */
      renderTimeMs: number;
      logTail: string;
    }
  | {
      ok: false;
      /** For a user: what went wrong, with Blender's own `Error:` line when it printed one. */
      error: string;
      logTail: string;
      kind: RenderFailureKind;
      /** How long Blender ran; null when it was not started. */
      renderTimeMs: number | null;
    };

/**
 * SCENE_NOT_FOUND: retrying cannot help, the job is wrong.
 * TIMEOUT: Blender ran past `timeoutMs` and was stopped; another try may be luckier.
 * ABORTED: the caller's signal stopped it; nothing to report about the frame.
 * RENDER_FAILED: everything else.
 */
export type RenderFailureKind = 'SCENE_NOT_FOUND' | 'RENDER_FAILED' | 'TIMEOUT' | 'ABORTED';

/**
 * Renders one frame with one Blender process and decides whether it really was rendered.
 * Blender's exit status alone proves nothing (it exits 0 after rendering the wrong scene, an
 * unknown format, or nothing at all), so a frame is done only when all of these hold:
 *   - the process exited with status 0,
 *   - it printed `Saved: '<exactly the expected path>'`,
 *   - that file exists and is not empty,
 *   - it printed no `Error:` line and no `Can't find scene`.
 */
export async function renderFrame(runner: ProcessRunner, options: RenderFrameOptions): Promise<RenderFrameResult> {
  const now = options.now ?? (() => performance.now());
  // Absolute paths: Blender prints the output path as given, so the `Saved:` line can be
  // compared as a string; and a file name starting with `-` cannot pass for an option.
  const outputDir = path.resolve(options.outputDir);
  const blendFile = path.resolve(options.blendFile);
  const { frame, format } = options;
  const expected = framePath(outputDir, frame, format);
  const parser = new BlenderOutputParser();

  let args: string[];
  try {
    args = buildRenderArgs({ blendFile, sceneName: options.sceneName, format, outputDir, frame });
  } catch (error) {
    return failed('RENDER_FAILED', (error as Error).message, parser);
  }

  // A leftover from an earlier attempt must not pass for this one; and a file saved with
  // "Overwrite" off makes Blender skip the frame when the file is already there.
  await fsp.rm(expected, { force: true });

  const stopBlender = new AbortController();
  const onCallerAbort = (): void => stopBlender.abort();
  if (options.signal?.aborted) return failed('ABORTED', `Rendering frame ${frame} was cancelled`, parser);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });

  let missingScene: string | null = null;
  const { savedPaths, errors, onLine } = collectFrameOutput(parser, frame, options.onProgress, (scene) => {
    missingScene = scene;
    // Left running, Blender renders the file's active scene instead and exits 0.
    stopBlender.abort();
  });

  let timedOut = false;
  const timeout =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stopBlender.abort();
        }, options.timeoutMs);

  const started = now();
  let result: RunResult;
  try {
    result = await runner.run(options.blenderPath, args, { onLine, signal: stopBlender.signal });
  } catch (error) {
    return failed(
      'RENDER_FAILED',
      `Blender could not be started ("${options.blenderPath}"): ${(error as Error).message}`,
      parser,
    );
  } finally {
    clearTimeout(timeout);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  const renderTimeMs = Math.max(0, Math.round(now() - started));

  if (missingScene !== null) {
    // Should Blender have got as far as saving the active scene's frame, it is not this job's.
    await fsp.rm(expected, { force: true });
    return failed(
      'SCENE_NOT_FOUND',
      `Scene "${missingScene}" is not in the .blend file (${options.blendName ?? path.basename(blendFile)})`,
      parser,
      renderTimeMs,
    );
  }
  if (options.signal?.aborted) {
    await fsp.rm(expected, { force: true });
    return failed('ABORTED', `Rendering frame ${frame} was cancelled`, parser, renderTimeMs);
  }
  if (timedOut) {
    // Blender may have saved the frame in the moment it was stopped: too late all the same.
    await fsp.rm(expected, { force: true });
    const seconds = Number(((options.timeoutMs ?? 0) / 1000).toFixed(3));
    return failed('TIMEOUT', `Render timed out after ${seconds} s (the job's render timeout)`, parser, renderTimeMs);
  }

  return judgeFrame({ frame, expected, savedPaths, errors, exit: result, parser, renderTimeMs });
}

export interface FrameEvidence {
  frame: number;
  /** `framePath(outputDir, frame, format)`. */
  expected: string;
  /** Every `Saved: '...'` path Blender printed while rendering the frame. */
  savedPaths: readonly string[];
  /** Every `Error:` line's message. */
  errors: readonly string[];
  /** How the process ended; null for a session's Blender, which lives on after the frame. */
  exit: RunResult | null;
  parser: BlenderOutputParser;
  renderTimeMs: number;
}

/**
 * Decides from what Blender printed whether the frame really was rendered (the rules on
 * renderFrame); shared by one-frame Blenders and sessions.
 */
export async function judgeFrame(evidence: FrameEvidence): Promise<RenderFrameResult> {
  const { frame, expected, savedPaths, errors, parser, renderTimeMs } = evidence;
  const exit = evidence.exit ? describeExit(evidence.exit) : null;
  if (errors.length > 0) {
    const shown = errors.slice(0, 3).join('; ');
    return failed(
      'RENDER_FAILED',
      `Blender failed to render frame ${frame}: ${shown}${exit ? ` (${exit})` : ''}`,
      parser,
      renderTimeMs,
    );
  }
  if (exit) {
    return failed('RENDER_FAILED', `Blender ${exit} while rendering frame ${frame}${lastWords(parser)}`, parser, renderTimeMs);
  }
  if (!savedPaths.includes(expected)) {
    const error =
      savedPaths.length === 0
        ? `Blender ${evidence.exit ? 'exited' : 'finished'} without saving frame ${frame}${lastWords(parser)}`
        : `Blender saved frame ${frame} as ${savedPaths.join(', ')} instead of ${expected}`;
    return failed('RENDER_FAILED', error, parser, renderTimeMs);
  }
  const size = await fsp.stat(expected).then(
    (stats) => (stats.isFile() ? stats.size : 0),
    () => null,
  );
  if (size === null) {
    return failed('RENDER_FAILED', `Blender reported saving ${expected} but the file is not there`, parser, renderTimeMs);
  }
  if (size === 0) {
    return failed('RENDER_FAILED', `Blender reported saving ${expected} but the file is empty`, parser, renderTimeMs);
  }
  return { ok: true, file: expected, renderTimeMs, logTail: parser.logTail() };
}

/**
 * Reads Blender's lines for one frame: passes its progress on, and gathers what judgeFrame
 * needs (the paths it says it saved, its `Error:` lines). A missing scene goes to `onMissingScene`.
 */
export function collectFrameOutput(
  parser: BlenderOutputParser,
  frame: number,
  onProgress: ((percent: number) => void) | undefined,
  onMissingScene: (scene: string) => void,
): { savedPaths: string[]; errors: string[]; onLine: (line: string) => void } {
  const savedPaths: string[] = [];
  const errors: string[] = [];
  const onLine = (line: string): void => {
    const event = parser.feed(line);
    if (!event) return;
    switch (event.type) {
      case 'progress':
        // A `Fra:` line for another frame would mean Blender is not rendering what was asked.
        if (event.frame === frame) onProgress?.(event.percent);
        break;
      case 'saved':
        savedPaths.push(event.path);
        break;
      case 'error':
        errors.push(event.message);
        break;
      case 'scene-not-found':
        onMissingScene(event.scene);
        break;
    }
  };
  return { savedPaths, errors, onLine };
}

export function failed(
  kind: RenderFailureKind,
  error: string,
  parser: BlenderOutputParser,
  renderTimeMs: number | null = null,
): RenderFrameResult {
  return { ok: false, kind, error, logTail: parser.logTail(), renderTimeMs };
}

/** Null for a clean exit. */
export function describeExit(result: RunResult): string | null {
  if (result.signal) return `was stopped by ${result.signal}`;
  if (result.exitCode !== 0) return `exited with status ${result.exitCode}`;
  return null;
}

/** Blender's last meaningful line, for failures where it printed no `Error:`. */
export function lastWords(parser: BlenderOutputParser): string {
  const last = parser
    .logTail()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'Blender quit' && !line.startsWith('Fra:') && !line.startsWith('Time:'))
    .at(-1);
  return last ? ` (last output: "${last}")` : '';
}
