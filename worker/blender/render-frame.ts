/**
 * Spawn mode: one Blender process renders one frame (`blender -b FILE ... -f N`) and exits.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildRenderArgs } from './args.ts';
import { framePath, type OutputFormat } from '../../common/blender/formats.ts';
import { collectFrameOutput, failed, judgeFrame, notStarted, type RenderFrameResult, sceneNotFound } from './frame-verdict.ts';
import type { SpawnFileCheck } from './file-check.ts';
import { FrameWatchdog } from './frame-watchdog.ts';
import { missingFiles } from './missing-files.ts';
import { BlenderOutputParser } from './output-parser.ts';
import type { ProcessRunner, RunResult } from '../../common/blender/runner.ts';

// Where the agent and the tests have always found them.
export type { RenderFailureKind, RenderFrameResult } from './frame-verdict.ts';

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
  /** The job's path mappings file (worker/path-mappings.ts), applied in Blender before the frame. */
  pathMappings?: string | undefined;
  /** Render without checking first that the files the .blend uses are there (the job's allowMissingFiles). */
  allowMissingFiles?: boolean | undefined;
  /** The file's name as the user knows it, for messages (the cached copy is named by its hash). */
  blendName?: string | undefined;
  /** Milliseconds, for renderTimeMs; tests pass a fake. */
  now?: (() => number) | undefined;
}

/**
 * Renders one frame with one Blender process and decides, by judgeFrame's rules, whether it
 * really was rendered; FrameWatchdog stops Blender on the caller's abort or the job's timeout.
 * With `files`, the job's files are checked first (once per job): when some are missing, the
 * frame is MISSING_FILES and Blender does not render it.
 */
export async function renderFrame(runner: ProcessRunner, options: RenderFrameOptions, files?: SpawnFileCheck): Promise<RenderFrameResult> {
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
    args = buildRenderArgs({ blendFile, sceneName: options.sceneName, format, outputDir, frame, pathMappings: options.pathMappings });
  } catch (error) {
    return failed('RENDER_FAILED', (error as Error).message, parser);
  }

  // A leftover from an earlier attempt must not pass for this one; and a file saved with
  // "Overwrite" off makes Blender skip the frame when the file is already there.
  await fsp.rm(expected, { force: true });

  const watchdog = new FrameWatchdog(options);
  if (watchdog.callerAborted) return watchdog.cancelled(parser);

  let missingScene: string | null = null;
  const { savedPaths, errors, onLine } = collectFrameOutput(parser, frame, options.onProgress, (scene) => {
    missingScene = scene;
    // Left running, Blender renders the file's active scene instead and exits 0.
    watchdog.stopBlender();
  });

  watchdog.start();
  const started = now();
  if (files && !options.allowMissingFiles) {
    // Under the frame's watchdog: the check counts towards the first frame's time and timeout.
    const checked = await files.check(options.jobId, blendFile, watchdog.signal, options.pathMappings);
    if (!checked.ok || checked.missing.length > 0) {
      watchdog.dispose();
      const elapsed = Math.max(0, Math.round(now() - started));
      // A check stopped by the caller or the timeout is that, not a failed check.
      const stopped = await watchdog.verdict(expected, parser, elapsed);
      return stopped ?? (checked.ok ? missingFiles(checked.missing, parser, elapsed) : failed('RENDER_FAILED', checked.error, parser, elapsed));
    }
  }
  let result: RunResult;
  try {
    result = await runner.run(options.blenderPath, args, { onLine, signal: watchdog.signal });
  } catch (error) {
    return failed('RENDER_FAILED', notStarted(options.blenderPath, error), parser);
  } finally {
    watchdog.dispose();
  }
  const renderTimeMs = Math.max(0, Math.round(now() - started));

  if (missingScene !== null) {
    // Should Blender have got as far as saving the active scene's frame, it is not this job's.
    await fsp.rm(expected, { force: true });
    return sceneNotFound(missingScene, options.blendName ?? path.basename(blendFile), parser, renderTimeMs);
  }
  const stopped = await watchdog.verdict(expected, parser, renderTimeMs);
  if (stopped) return stopped;

  return judgeFrame({ frame, expected, savedPaths, errors, exit: result, parser, renderTimeMs });
}
