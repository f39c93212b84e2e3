/**
 * What became of a frame, in spawn mode and in sessions alike: the result a renderer reports,
 * and the rules that decide from Blender's lines whether the frame really was rendered.
 */
import fsp from 'node:fs/promises';
import type { BlenderOutputParser } from './output-parser.ts';
import type { RunResult } from '../../common/blender/runner.ts';

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
 * MISSING_FILES: files the .blend uses are not on the worker (missing-files.ts); the same.
 * TIMEOUT: Blender ran past `timeoutMs` and was stopped; another try may be luckier.
 * ABORTED: the caller's signal stopped it; nothing to report about the frame.
 * RENDER_FAILED: everything else.
 */
export type RenderFailureKind = 'SCENE_NOT_FOUND' | 'MISSING_FILES' | 'RENDER_FAILED' | 'TIMEOUT' | 'ABORTED';

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
 * Decides from what Blender printed whether the frame really was rendered. Blender's exit
 * status alone proves nothing (it exits 0 after rendering the wrong scene, an unknown format,
 * or nothing at all), so a frame is done only when all of these hold:
 *   - a one-frame Blender exited with status 0 (a session's Blender lives on: `exit` is null),
 *   - it printed `Saved: '<exactly the expected path>'`,
 *   - that file exists and is not empty,
 *   - it printed no `Error:` line and no `Can't find scene`.
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
  return lastWordsIn(parser.logTail().split('\n'));
}

/** The last meaningful line of `lines`, as ` (last output: "...")`, or '' when there is none. */
export function lastWordsIn(lines: readonly string[]): string {
  const last = lines
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'Blender quit' && !line.startsWith('Fra:') && !line.startsWith('Time:'))
    .at(-1);
  return last ? ` (last output: "${last}")` : '';
}

/** Why a Blender could not be started at all (no such file, not executable). */
export function notStarted(blenderPath: string, error: unknown): string {
  return `Blender could not be started ("${blenderPath}"): ${(error as Error).message}`;
}

/** The frame's scene is not in its file: retrying cannot help. */
export function sceneNotFound(scene: string, blendName: string, parser: BlenderOutputParser, renderTimeMs: number): RenderFrameResult {
  return failed('SCENE_NOT_FOUND', `Scene "${scene}" is not in the .blend file (${blendName})`, parser, renderTimeMs);
}
