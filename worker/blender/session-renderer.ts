/**
 * Persistent Blender sessions: one Blender process (BlenderSession), started with the .blend
 * loaded and worker/blender/bridge.py reading commands on stdin, renders frame after frame.
 * Starting Blender and loading a small file costs ~0.7–0.9 s here; a further frame in a
 * session costs only its render (~0.04 s for a tiny Cycles scene), pixel-identical to
 * `blender -b FILE -f N`.
 *
 * A session's life, as SessionFrameRenderer runs it:
 *
 *   none --frame of (job, file, scene)--> starting --bridge READY--> ready
 *   starting --scene missing--> none                 (the frame: SCENE_NOT_FOUND)
 *   starting --files missing--> none                 (the frame: MISSING_FILES; the bridge checks
 *                                                     the .blend's files unless the job allows
 *                                                     them missing, once per job)
 *   starting --exits / bridge fails--> none          (the frame, and that file and scene from
 *                                                     then on, rendered in spawn mode)
 *   ready --frame of the same (job, file, scene)--> ready (closed after maxFramesPerSession
 *                                                     frames or once Blender's RSS passes maxRssBytes)
 *   ready --frame of another (job, file, scene)--> closed, a new session starts
 *   ready --crash / abort / render timeout--> killed (the frame fails; the next starts anew)
 *   ready --worker stops--> closed
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { assertRenderableFrame, assertUsableOutputDir } from './args.ts';
import { BlenderSession, readRssBytes, type SessionFrameEnd } from './blender-session.ts';
import { framePath } from '../../common/blender/formats.ts';
import type { FrameRenderer, FrameRequest } from './frame-renderer.ts';
import { collectFrameOutput, describeExit, failed, judgeFrame, lastWords, type RenderFrameResult, sceneNotFound } from './frame-verdict.ts';
import { SpawnFileCheck } from './file-check.ts';
import { FrameWatchdog } from './frame-watchdog.ts';
import { missingFiles } from './missing-files.ts';
import { BlenderOutputParser } from './output-parser.ts';
import { renderFrame } from './render-frame.ts';
import type { ProcessRunner, ProcessStarter } from '../../common/blender/runner.ts';

/** One session renders at most this many frames, then a fresh Blender takes over. */
export const DEFAULT_MAX_FRAMES_PER_SESSION = 100;
/** A session whose Blender holds more than this after a frame is replaced by a fresh one. */
export const DEFAULT_MAX_SESSION_RSS_BYTES = 4 * 1024 ** 3;

/** What the renderer says about its sessions; a pino Logger fits. */
export interface SessionLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface SessionRendererOptions {
  blenderPath: string;
  /** Starts session Blenders (SpawnProcessRunner). */
  starter: ProcessStarter;
  /** Renders a frame in spawn mode when a session cannot start (SpawnProcessRunner). */
  runner: ProcessRunner;
  log: SessionLog;
  maxFramesPerSession?: number | undefined;
  maxRssBytes?: number | undefined;
  /** Tests pass a fake; default readRssBytes. */
  readRss?: ((pid: number) => Promise<number | null>) | undefined;
  bridgeScript?: string | undefined;
  /** common/blender/external_files.py, for spawn mode's check; tests pass a stand-in. */
  tracerScript?: string | undefined;
}

/** The session in service, and what the renderer's policy needs to know of it. */
interface LiveSession {
  blender: BlenderSession;
  /** A session serves one job (see RenderFrameOptions.jobId). */
  jobId: string | null;
  framesRendered: number;
}

/** One frame on its way through a session. */
interface FrameRun {
  request: FrameRequest;
  blendFile: string;
  sceneName: string | null;
  blendName: string;
  /** The file and scene, as `spawnOnly` knows them. */
  key: string;
  outputDir: string;
  expected: string;
  parser: BlenderOutputParser;
  watchdog: FrameWatchdog;
  /** Milliseconds since the frame was started, start-up of a new session included. */
  elapsed: () => number;
}

/**
 * Renders frames in persistent Blender sessions, one live session at a time (see the top of
 * this file), with the result and the rules of renderFrame (judgeFrame): a frame is rendered
 * when the bridge ended it, Blender printed `Saved: '<expected path>'` and no `Error:`, and the
 * file is there and not empty. A frame that fails, crashes its Blender or is stopped is
 * reported as a failure; the server retries it.
 */
export class SessionFrameRenderer implements FrameRenderer {
  private live: LiveSession | null = null;
  private readonly closing = new Set<Promise<void>>();
  /** Files and scenes whose session could not start: rendered in spawn mode from then on. */
  private readonly spawnOnly = new Set<string>();
  /**
   * The job and file whose files the last check found all there: a fresh session of that job
   * (recycled, or after a crash) skips the check. One is enough: the check costs ~3 ms in a
   * session, so jobs taking turns on a worker only pay that again.
   */
  private filesFound: string | null = null;
  /** Spawn mode's check, for frames rendered without a session. */
  private readonly spawnFiles: SpawnFileCheck;
  private warnedFallback = false;
  private busy = false;
  private closed = false;
  private readonly maxFrames: number;
  private readonly maxRssBytes: number;
  private readonly readRss: (pid: number) => Promise<number | null>;

  constructor(private readonly opts: SessionRendererOptions) {
    this.maxFrames = opts.maxFramesPerSession ?? DEFAULT_MAX_FRAMES_PER_SESSION;
    this.maxRssBytes = opts.maxRssBytes ?? DEFAULT_MAX_SESSION_RSS_BYTES;
    this.readRss = opts.readRss ?? readRssBytes;
    this.spawnFiles = new SpawnFileCheck(opts.runner, opts.blenderPath, opts.tracerScript);
  }

  /** The live session's Blender, for tests and logs. */
  get sessionPid(): number | null {
    return this.live?.blender.alive ? this.live.blender.pid : null;
  }

  async render(request: FrameRequest): Promise<RenderFrameResult> {
    if (this.busy) throw new Error('SessionFrameRenderer renders one frame at a time: give each worker slot a renderer of its own');
    this.busy = true;
    try {
      return await this.renderOne(request);
    } finally {
      this.busy = false;
    }
  }

  /** Closes the session (Blender quits) and waits for every Blender it started to be gone. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.live) this.retire(this.live, 'the worker is stopping');
    await Promise.all([...this.closing]);
  }

  private async renderOne(request: FrameRequest): Promise<RenderFrameResult> {
    const parser = new BlenderOutputParser();
    const outputDir = path.resolve(request.outputDir);
    try {
      assertRenderableFrame(request.frame);
      assertUsableOutputDir(outputDir);
    } catch (error) {
      return failed('RENDER_FAILED', (error as Error).message, parser);
    }
    const blendFile = path.resolve(request.blendFile);
    const sceneName = request.sceneName || null;
    const key = `${blendFile}\0${sceneName ?? ''}`;
    if (this.closed || this.spawnOnly.has(key)) return this.spawn(request);

    // As in spawn mode: a leftover of an earlier attempt must not pass for this one.
    const expected = framePath(outputDir, request.frame, request.format);
    await fsp.rm(expected, { force: true });
    const watchdog = new FrameWatchdog(request);
    if (watchdog.callerAborted) return watchdog.cancelled(parser);
    watchdog.start();
    const now = request.now ?? (() => performance.now());
    const started = now();
    const blendName = request.blendName ?? path.basename(blendFile);
    const elapsed = (): number => Math.max(0, Math.round(now() - started));
    const run: FrameRun = { request, blendFile, sceneName, blendName, key, outputDir, expected, parser, watchdog, elapsed };
    try {
      const live = await this.sessionFor(run);
      return 'ok' in live ? live : await this.renderIn(live, run);
    } finally {
      watchdog.dispose();
    }
  }

  /**
   * The session for this frame: the live one when it serves the frame's job, file and scene,
   * else a new one; or the frame's result when no session could start for it.
   */
  private async sessionFor(run: FrameRun): Promise<LiveSession | RenderFrameResult> {
    const jobId = run.request.jobId ?? null;
    const live = this.live;
    if (live && !live.blender.alive) {
      const how = live.blender.exit ? (describeExit(live.blender.exit) ?? 'quit') : 'ended';
      this.opts.log.warn(`the Blender session (pid ${live.blender.pid}) ${how} between frames; starting a new one`);
      this.retire(live, 'its Blender is gone');
    } else if (live && !serves(live, run, jobId)) {
      this.retire(live, 'the next frame is from another job, file or scene');
    } else if (live) {
      return live;
    }
    return this.startSession(run, jobId);
  }

  private async startSession(run: FrameRun, jobId: string | null): Promise<LiveSession | RenderFrameResult> {
    const { parser, watchdog } = run;
    const filesKey = `${jobId ?? ''}\0${run.blendFile}`;
    const checkFiles = !run.request.allowMissingFiles && this.filesFound !== filesKey;
    const start = await BlenderSession.start({
      starter: this.opts.starter,
      blenderPath: this.opts.blenderPath,
      blendFile: run.blendFile,
      sceneName: run.sceneName,
      checkFiles,
      pathMappings: run.request.pathMappings,
      bridgeScript: this.opts.bridgeScript,
      signal: watchdog.signal,
    });
    // Into the log only: startup errors are counted for every frame of the session (renderIn).
    for (const line of start.ok ? start.session.startupLines : start.lines) parser.feed(line);
    if (start.ok) {
      if (checkFiles) this.filesFound = filesKey;
      this.live = { blender: start.session, jobId, framesRendered: 0 };
      const scene = run.sceneName ? `scene "${run.sceneName}" of ` : '';
      this.opts.log.info(`started a Blender session (pid ${start.session.pid}) for ${scene}${run.blendName} in ${(run.elapsed() / 1000).toFixed(2)} s`);
      return this.live;
    }
    const renderTimeMs = run.elapsed();
    if (start.reason === 'scene-missing') return sceneNotFound(start.scene, run.blendName, parser, renderTimeMs);
    if (start.reason === 'files-missing') return missingFiles(start.files, parser, renderTimeMs, start.count);
    const stopped = await watchdog.verdict(run.expected, parser, renderTimeMs);
    if (stopped) return stopped;
    if (start.reason === 'stopped') return watchdog.cancelled(parser);
    this.spawnOnly.add(run.key);
    this.fallingBack(start.error, start.lines, run.blendName);
    // Spawn mode watches the frame from here on, with what is left of its timeout.
    watchdog.dispose();
    return this.spawn({ ...run.request, timeoutMs: watchdog.remainingMs(renderTimeMs) });
  }

  private async renderIn(live: LiveSession, run: FrameRun): Promise<RenderFrameResult> {
    const { request, parser, watchdog, expected } = run;
    const { frame, format } = request;
    const { savedPaths, errors, onLine } = collectFrameOutput(parser, frame, request.onProgress, (scene) =>
      // The bridge chose the scene before it said READY; seen now, something else is wrong.
      errors.push(`Can't find scene: ${scene}`),
    );
    // Spawn mode would fail every frame over them: they were printed by every Blender start.
    errors.push(...live.blender.startupErrors);

    if (watchdog.signal.aborted) return (await watchdog.verdict(expected, parser, run.elapsed())) ?? watchdog.cancelled(parser);
    const end = await live.blender.render({ frame, format, outputDir: run.outputDir }, onLine, watchdog.signal);
    const renderTimeMs = run.elapsed();
    if (end.type === 'end') live.framesRendered += 1;
    else this.retire(live, end.type === 'stopped' ? 'it was stopped' : 'its Blender ended');
    const stopped = await watchdog.verdict(expected, parser, renderTimeMs);
    if (stopped) return stopped;
    if (end.type === 'stopped') return watchdog.cancelled(parser);
    if (end.type === 'exited') return failed('RENDER_FAILED', exitedMidFrame(end, frame, errors, parser), parser, renderTimeMs);
    if (!end.ok) {
      // Blender's reasons come as Python exceptions (`Error: No camera found in scene ...`):
      // shown in the log and judged like Blender's own `Error:` lines.
      const before = errors.length;
      for (const line of end.error.split('\n')) onLine(line);
      if (errors.length === before) errors.push(end.error.split('\n')[0] ?? end.error);
    }
    const verdict = await judgeFrame({ frame, expected, savedPaths, errors, exit: null, parser, renderTimeMs });
    await this.recycleIfDue(live);
    return verdict;
  }

  private spawn(request: FrameRequest): Promise<RenderFrameResult> {
    return renderFrame(this.opts.runner, { ...request, blenderPath: this.opts.blenderPath }, this.spawnFiles);
  }

  private fallingBack(error: string, lines: readonly string[], blendName: string): void {
    const message = `a Blender session could not start for ${blendName} (${error}); rendering its frames with one Blender per frame`;
    if (this.warnedFallback) {
      this.opts.log.info(message);
      return;
    }
    this.warnedFallback = true;
    const tail = lines.slice(-10).join('\n');
    this.opts.log.warn(`${message}${tail ? `. Blender's last lines:\n${tail}` : ''}`);
  }

  /** Closes the session once it has rendered its share of frames or grown too big. */
  private async recycleIfDue(live: LiveSession): Promise<void> {
    if (!live.blender.alive) return;
    if (live.framesRendered >= this.maxFrames) {
      this.retire(live, `it rendered ${live.framesRendered} frames`);
      return;
    }
    const pid = live.blender.pid;
    const rss = pid === null ? null : await this.readRss(pid);
    if (rss !== null && rss > this.maxRssBytes) {
      this.retire(live, `its Blender uses ${mib(rss)} MiB, more than ${mib(this.maxRssBytes)} MiB`);
    }
  }

  /** Takes the session out of service; it quits (or is stopped) in the background. */
  private retire(live: LiveSession, why: string): void {
    if (this.live === live) this.live = null;
    const { blender } = live;
    if (blender.alive) this.opts.log.info(`closing the Blender session (pid ${blender.pid}): ${why}`);
    const closing: Promise<void> = blender
      .close()
      .catch(() => {})
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }
}

/** A session serves frames of one job, from one file and one scene. */
function serves(live: LiveSession, run: FrameRun, jobId: string | null): boolean {
  return live.blender.blendFile === run.blendFile && live.blender.sceneName === run.sceneName && live.jobId === jobId;
}

/** Why the frame failed when its Blender ended before the bridge's END. */
function exitedMidFrame(end: Extract<SessionFrameEnd, { type: 'exited' }>, frame: number, errors: readonly string[], parser: BlenderOutputParser): string {
  if (end.problem) return `Blender session stopped while rendering frame ${frame}: ${end.problem}`;
  const how = describeExit(end.exit) ?? 'quit';
  if (errors.length > 0) return `Blender failed to render frame ${frame}: ${errors.slice(0, 3).join('; ')} (${how})`;
  return `Blender ${how} while rendering frame ${frame}${lastWords(parser)}`;
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 ** 2);
}
