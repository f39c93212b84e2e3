/**
 * Persistent Blender sessions: one Blender process, started with the .blend loaded and
 * worker/blender/bridge.py reading commands on stdin, renders frame after frame. Starting
 * Blender and loading a small file costs ~0.7–0.9 s here; a further frame in a session costs
 * only its render (~0.04 s for a tiny Cycles scene), pixel-identical to `blender -b FILE -f N`.
 *
 * A session's life, as SessionFrameRenderer runs it:
 *
 *   none --frame of (file, scene)--> starting --bridge READY--> ready
 *   starting --scene missing--> none                 (the frame: SCENE_NOT_FOUND)
 *   starting --exits / bridge fails--> none          (the frame, and that file and scene from
 *                                                     then on, rendered in spawn mode)
 *   ready --frame of the same (file, scene)--> ready (closed after maxFramesPerSession frames
 *                                                     or once Blender's RSS passes maxRssBytes)
 *   ready --frame of another (file, scene)--> closed, a new session starts
 *   ready --crash / abort / render timeout--> killed (the frame fails; the next starts anew)
 *   ready --worker stops--> closed
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { assertRenderableFrame, assertUsableOutputDir, buildSessionArgs } from './args.ts';
import { framePath, type OutputFormat } from '../../common/blender/formats.ts';
import type { FrameRenderer, FrameRequest } from './frame-renderer.ts';
import { BlenderOutputParser } from './output-parser.ts';
import { collectFrameOutput, describeExit, failed, judgeFrame, lastWords, renderFrame, type RenderFrameResult } from './render-frame.ts';
import type { LongLivedProcess, ProcessRunner, ProcessStarter, RunResult } from '../../common/blender/runner.ts';

export const BRIDGE_SCRIPT = fileURLToPath(new URL('./bridge.py', import.meta.url));

/** Starts every line of the bridge's own; Blender's lines interleave with them. */
export const BRIDGE_PREFIX = '@farm-bridge ';

/** One session renders at most this many frames, then a fresh Blender takes over. */
export const DEFAULT_MAX_FRAMES_PER_SESSION = 100;
/** A session whose Blender holds more than this after a frame is replaced by a fresh one. */
export const DEFAULT_MAX_SESSION_RSS_BYTES = 4 * 1024 ** 3;
/** How long a closed session may take to quit (freeing a big scene) before it is stopped. */
const QUIT_GRACE_MS = 5_000;

export type BridgeMessage =
  | { event: 'ready'; scene: string }
  | { event: 'scene-missing'; scene: string; message: string }
  | { event: 'fatal'; message: string }
  | { event: 'end'; id: number | null; ok: true }
  | { event: 'end'; id: number | null; ok: false; error: string }
  | { event: 'garbled'; line: string };

/** The bridge's message on this line, or null for a line of Blender's own. */
export function parseBridgeLine(line: string): BridgeMessage | null {
  if (!line.startsWith(BRIDGE_PREFIX)) return null;
  const rest = line.slice(BRIDGE_PREFIX.length);
  const space = rest.indexOf(' ');
  let fields: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(space === -1 ? '{}' : rest.slice(space + 1));
    if (typeof parsed !== 'object' || parsed === null) return { event: 'garbled', line };
    fields = parsed as Record<string, unknown>;
  } catch {
    return { event: 'garbled', line };
  }
  const text = (key: string): string => (typeof fields[key] === 'string' ? (fields[key] as string) : '');
  switch (space === -1 ? rest : rest.slice(0, space)) {
    case 'ready':
      return { event: 'ready', scene: text('scene') };
    case 'scene-missing':
      return { event: 'scene-missing', scene: text('scene'), message: text('message') };
    case 'fatal':
      return { event: 'fatal', message: text('message') };
    case 'end': {
      const id = typeof fields.id === 'number' ? fields.id : null;
      if (fields.ok === true) return { event: 'end', id, ok: true };
      return { event: 'end', id, ok: false, error: text('error') || 'the bridge gave no reason' };
    }
    default:
      return { event: 'garbled', line };
  }
}

export interface SessionStartOptions {
  starter: ProcessStarter;
  blenderPath: string;
  /** Absolute. */
  blendFile: string;
  /** Null: the file's active scene. */
  sceneName: string | null;
  bridgeScript?: string | undefined;
  /** Aborting stops the Blender being started; the result is then `stopped`. */
  signal?: AbortSignal | undefined;
}

export type SessionStart =
  | { ok: true; session: BlenderSession }
  | { ok: false; reason: 'scene-missing'; scene: string; lines: string[] }
  | { ok: false; reason: 'stopped'; lines: string[] }
  /** Blender could not be started, refused the bridge, or the bridge gave up. */
  | { ok: false; reason: 'failed'; error: string; lines: string[] };

export interface SessionFrameCommand {
  frame: number;
  format: OutputFormat;
  /** Absolute, without `#`. */
  outputDir: string;
}

export type SessionFrameEnd =
  /** The bridge's END: Blender is ready for the next frame. */
  | { type: 'end'; ok: true }
  | { type: 'end'; ok: false; error: string }
  /** Blender ended before the frame did; `problem` when the worker ended it for misbehaving. */
  | { type: 'exited'; exit: RunResult; problem?: string }
  /** The signal stopped it: Blender is gone. */
  | { type: 'stopped' };

/** Lines kept from before the bridge was ready: enough to show why a start failed. */
const STARTUP_LINES_KEPT = 50;

/** One Blender process with one .blend and one scene, rendering the frames it is sent. */
export class BlenderSession {
  private process: LongLivedProcess | null = null;
  private exitResult: RunResult | null = null;
  private readonly exitWaiters = new Set<(exit: RunResult) => void>();
  private onMessage: ((message: BridgeMessage) => void) | null = null;
  private frameLines: ((line: string) => void) | null = null;
  private nextId = 1;
  private closing = false;
  /** Blender's lines before READY (reading the file, add-on warnings); the first frame shows them. */
  readonly startupLines: string[] = [];
  /** `Error:` lines Blender printed while loading: spawn mode would fail every frame on them. */
  readonly startupErrors: string[] = [];
  framesRendered = 0;

  private constructor(
    readonly blendFile: string,
    readonly sceneName: string | null,
  ) {}

  static async start(options: SessionStartOptions): Promise<SessionStart> {
    const session = new BlenderSession(options.blendFile, options.sceneName);
    const args = buildSessionArgs({
      blendFile: options.blendFile,
      sceneName: options.sceneName,
      bridgeScript: options.bridgeScript ?? BRIDGE_SCRIPT,
    });
    if (options.signal?.aborted) return { ok: false, reason: 'stopped', lines: [] };
    try {
      session.process = await options.starter.start(options.blenderPath, args, { onLine: (line) => session.onLine(line) });
    } catch (error) {
      return { ok: false, reason: 'failed', error: `Blender could not be started ("${options.blenderPath}"): ${(error as Error).message}`, lines: [] };
    }
    void session.process.exited.then((exit) => session.onExit(exit));

    type First = { message: BridgeMessage } | { exit: RunResult } | { stopped: true };
    const cleanups: Array<() => void> = [];
    const first = await new Promise<First>((resolve) => {
      const onAbort = (): void => resolve({ stopped: true });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => options.signal?.removeEventListener('abort', onAbort));
      session.onMessage = (message) => resolve({ message });
      cleanups.push(session.whenExited((exit) => resolve({ exit })));
      if (options.signal?.aborted) onAbort();
    }).finally(() => {
      session.onMessage = null;
      for (const cleanup of cleanups) cleanup();
    });

    if ('message' in first && first.message.event === 'ready') {
      session.onMessage = () => session.unexpected();
      return { ok: true, session };
    }
    // Whatever went wrong, this Blender is of no further use.
    await session.stop();
    const lines = [...session.startupLines];
    if ('stopped' in first) return { ok: false, reason: 'stopped', lines };
    if ('exit' in first) {
      const how = describeExit(first.exit) ?? 'quit';
      return { ok: false, reason: 'failed', error: `Blender ${how} before the session was ready${lastLine(lines)}`, lines };
    }
    const message = first.message;
    switch (message.event) {
      case 'scene-missing':
        return { ok: false, reason: 'scene-missing', scene: message.scene, lines };
      case 'fatal':
        return { ok: false, reason: 'failed', error: `the session bridge gave up: ${message.message}`, lines };
      case 'garbled':
        return { ok: false, reason: 'failed', error: `the session bridge printed "${message.line}"`, lines };
      default:
        return { ok: false, reason: 'failed', error: `the session bridge answered ${message.event} before it was ready`, lines };
    }
  }

  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  /** False once its Blender has exited or is being stopped or closed. */
  get alive(): boolean {
    return this.process !== null && this.exitResult === null && !this.closing;
  }

  get exit(): RunResult | null {
    return this.exitResult;
  }

  /** The job it renders for; set by the renderer once it started. */
  jobId: string | null = null;

  serves(blendFile: string, sceneName: string | null, jobId: string | null): boolean {
    return this.blendFile === blendFile && this.sceneName === sceneName && this.jobId === jobId;
  }

  /**
   * Renders one frame: Blender's lines go to `onLine` until the bridge's END. When `signal`
   * aborts, Blender is stopped (SIGTERM, then SIGKILL) and the session is over.
   */
  render(command: SessionFrameCommand, onLine: (line: string) => void, signal?: AbortSignal): Promise<SessionFrameEnd> {
    const process = this.process;
    if (!process || this.exitResult) return Promise.resolve({ type: 'exited', exit: this.exitResult ?? { exitCode: null, signal: null } });
    if (this.frameLines) throw new Error('a Blender session renders one frame at a time');
    const id = this.nextId++;
    return new Promise<SessionFrameEnd>((resolve) => {
      let done = false;
      const finish = (end: SessionFrameEnd): void => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', onAbort);
        forgetExit();
        this.frameLines = null;
        this.onMessage = () => this.unexpected();
        resolve(end);
      };
      // Why the worker stopped this Blender, if it did: read when its exit comes.
      let stoppedBecause: { aborted: true } | { problem: string } | null = null;
      const onAbort = (): void => {
        stoppedBecause ??= { aborted: true };
        void this.stop();
      };
      const misbehaved = (problem: string): void => {
        stoppedBecause ??= { problem };
        void this.stop();
      };
      this.frameLines = onLine;
      this.onMessage = (message) => {
        if (message.event !== 'end') return misbehaved(`the session bridge answered ${message.event === 'garbled' ? `"${message.line}"` : message.event} during a frame`);
        if (message.id !== id) return misbehaved(`the session bridge ended command ${message.id} while command ${id} was running`);
        finish(message.ok ? { type: 'end', ok: true } : { type: 'end', ok: false, error: message.error });
      };
      const forgetExit = this.whenExited((exit) => {
        if (stoppedBecause && 'aborted' in stoppedBecause) finish({ type: 'stopped' });
        else finish(stoppedBecause ? { type: 'exited', exit, problem: stoppedBecause.problem } : { type: 'exited', exit });
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      process.writeLine(JSON.stringify({ id, command: 'render', frame: command.frame, format: command.format, outputDir: command.outputDir }));
    });
  }

  /** Asks Blender to quit; stops it if it has not after QUIT_GRACE_MS. */
  async close(graceMs = QUIT_GRACE_MS): Promise<void> {
    const process = this.process;
    if (!process || this.exitResult) return;
    this.closing = true;
    if (this.frameLines) {
      // Never while the renderer waits for a frame; should it happen, that frame is lost anyway.
      await this.stop();
      return;
    }
    process.writeLine(JSON.stringify({ command: 'quit' }));
    process.endInput();
    const timer = setTimeout(() => process.stop(), graceMs);
    await process.exited;
    clearTimeout(timer);
  }

  /** SIGTERM (Blender exits in ~10 ms), SIGKILL after the runner's grace period. */
  async stop(): Promise<RunResult> {
    const process = this.process;
    if (!process) return { exitCode: null, signal: null };
    this.closing = true;
    process.stop();
    return process.exited;
  }

  private onLine(line: string): void {
    const message = parseBridgeLine(line);
    if (message) {
      // The bridge's words for a missing scene are Blender's own (`Can't find scene: ...`):
      // kept in the log as Blender would have printed them.
      if (message.event === 'scene-missing' || message.event === 'fatal') this.keepStartupLine(message.message);
      this.onMessage?.(message);
      return;
    }
    if (this.frameLines) {
      this.frameLines(line);
    } else if (this.framesRendered === 0 && this.nextId === 1) {
      this.keepStartupLine(line);
      const error = /^Error: ?(.*)$/.exec(line);
      if (error) this.startupErrors.push((error[1] ?? '').trim());
    }
    // Between frames Blender has nothing to say; what it might print then belongs to no frame.
  }

  private keepStartupLine(line: string): void {
    this.startupLines.push(line);
    if (this.startupLines.length > STARTUP_LINES_KEPT) this.startupLines.shift();
  }

  /** A message while idle: the bridge is not doing what it should; it is stopped. */
  private unexpected(): void {
    void this.stop();
  }

  private onExit(exit: RunResult): void {
    this.exitResult = exit;
    const waiters = [...this.exitWaiters];
    this.exitWaiters.clear();
    for (const waiter of waiters) waiter(exit);
  }

  /** Calls `callback` once Blender has exited (at once if it has); returns a function that cancels that. */
  private whenExited(callback: (exit: RunResult) => void): () => void {
    if (this.exitResult) {
      callback(this.exitResult);
      return () => {};
    }
    this.exitWaiters.add(callback);
    return () => this.exitWaiters.delete(callback);
  }
}

function lastLine(lines: readonly string[]): string {
  const last = lines.map((line) => line.trim()).filter((line) => line !== '' && line !== 'Blender quit').at(-1);
  return last ? ` (last output: "${last}")` : '';
}

/** Resident memory of a process from /proc/PID/status (VmRSS), or null when unknown. */
export async function readRssBytes(pid: number): Promise<number | null> {
  try {
    const status = await fsp.readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

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
}

/**
 * Renders frames in persistent Blender sessions, one live session at a time (see the top of
 * this file), with the result and the rules of renderFrame: a frame is rendered when the
 * bridge ended it, Blender printed `Saved: '<expected path>'` and no `Error:`, and the file is
 * there and not empty. A frame that fails, crashes its Blender or is stopped is reported as a
 * failure; the server retries it.
 */
export class SessionFrameRenderer implements FrameRenderer {
  private session: BlenderSession | null = null;
  private readonly closing = new Set<Promise<void>>();
  /** Files and scenes whose session could not start: rendered in spawn mode from then on. */
  private readonly spawnOnly = new Set<string>();
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
  }

  /** The live session's Blender, for tests and logs. */
  get sessionPid(): number | null {
    return this.session?.alive ? this.session.pid : null;
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
    if (this.session) this.retire(this.session, 'the worker is stopping');
    await Promise.all([...this.closing]);
  }

  private async renderOne(request: FrameRequest): Promise<RenderFrameResult> {
    const now = request.now ?? (() => performance.now());
    const outputDir = path.resolve(request.outputDir);
    const blendFile = path.resolve(request.blendFile);
    const sceneName = request.sceneName || null;
    const { frame, format } = request;
    const expected = framePath(outputDir, frame, format);
    const parser = new BlenderOutputParser();
    try {
      assertRenderableFrame(frame);
      assertUsableOutputDir(outputDir);
    } catch (error) {
      return failed('RENDER_FAILED', (error as Error).message, parser);
    }
    const key = `${blendFile}\0${sceneName ?? ''}`;
    if (this.closed || this.spawnOnly.has(key)) return this.spawn(request);

    // As in spawn mode: a leftover of an earlier attempt must not pass for this one.
    await fsp.rm(expected, { force: true });
    const cancelled = (): RenderFrameResult => failed('ABORTED', `Rendering frame ${frame} was cancelled`, parser, null);
    if (request.signal?.aborted) return cancelled();

    const stop = new AbortController();
    const onCallerAbort = (): void => stop.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    let timedOut = false;
    const timeout =
      request.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop.abort();
          }, request.timeoutMs);
    const started = now();
    const elapsed = (): number => Math.max(0, Math.round(now() - started));

    const { savedPaths, errors, onLine } = collectFrameOutput(parser, frame, request.onProgress, (scene) =>
      // The bridge chose the scene before it said READY; seen now, something else is wrong.
      errors.push(`Can't find scene: ${scene}`),
    );
    /** After an abort or the timeout, whatever else happened. */
    const stopped = async (renderTimeMs: number | null): Promise<RenderFrameResult | null> => {
      if (request.signal?.aborted) {
        await fsp.rm(expected, { force: true });
        return failed('ABORTED', `Rendering frame ${frame} was cancelled`, parser, renderTimeMs);
      }
      if (timedOut) {
        await fsp.rm(expected, { force: true });
        const seconds = Number(((request.timeoutMs ?? 0) / 1000).toFixed(3));
        return failed('TIMEOUT', `Render timed out after ${seconds} s (the job's render timeout)`, parser, renderTimeMs);
      }
      return null;
    };

    try {
      let session = this.session;
      if (session && !session.alive) {
        const how = session.exit ? (describeExit(session.exit) ?? 'quit') : 'ended';
        this.opts.log.warn(`the Blender session (pid ${session.pid}) ${how} between frames; starting a new one`);
        this.retire(session, 'its Blender is gone');
        session = null;
      }
      const jobId = request.jobId ?? null;
      if (session && !session.serves(blendFile, sceneName, jobId)) {
        this.retire(session, 'the next frame is from another job, file or scene');
        session = null;
      }
      if (!session) {
        const start = await BlenderSession.start({
          starter: this.opts.starter,
          blenderPath: this.opts.blenderPath,
          blendFile,
          sceneName,
          bridgeScript: this.opts.bridgeScript,
          signal: stop.signal,
        });
        // Into the log only: startup errors are counted for every frame of the session below.
        for (const line of start.ok ? start.session.startupLines : start.lines) parser.feed(line);
        if (!start.ok) {
          const renderTimeMs = elapsed();
          if (start.reason === 'scene-missing') {
            return failed(
              'SCENE_NOT_FOUND',
              `Scene "${start.scene}" is not in the .blend file (${request.blendName ?? path.basename(blendFile)})`,
              parser,
              renderTimeMs,
            );
          }
          const result = await stopped(renderTimeMs);
          if (result) return result;
          if (start.reason === 'stopped') return cancelled();
          this.spawnOnly.add(key);
          this.fallingBack(start.error, start.lines, request.blendName ?? path.basename(blendFile));
          clearTimeout(timeout);
          const timeoutMs = request.timeoutMs === undefined ? undefined : Math.max(0, request.timeoutMs - renderTimeMs);
          return await this.spawn({ ...request, timeoutMs });
        }
        session = start.session;
        session.jobId = jobId;
        this.session = session;
        this.opts.log.info(
          `started a Blender session (pid ${session.pid}) for ${sceneName ? `scene "${sceneName}" of ` : ''}${request.blendName ?? path.basename(blendFile)} in ${(elapsed() / 1000).toFixed(2)} s`,
        );
      }
      // Spawn mode would fail every frame over them: they were printed by every Blender start.
      errors.push(...session.startupErrors);

      if (stop.signal.aborted) return (await stopped(elapsed())) ?? cancelled();
      const end = await session.render({ frame, format, outputDir }, onLine, stop.signal);
      const renderTimeMs = elapsed();
      if (end.type !== 'end') {
        this.retire(session, end.type === 'stopped' ? 'it was stopped' : 'its Blender ended');
      } else {
        session.framesRendered += 1;
      }
      const result = await stopped(renderTimeMs);
      if (result) return result;
      if (end.type === 'stopped') return cancelled();
      if (end.type === 'exited') {
        const how = describeExit(end.exit) ?? 'quit';
        const error = end.problem
          ? `Blender session stopped while rendering frame ${frame}: ${end.problem}`
          : errors.length > 0
            ? `Blender failed to render frame ${frame}: ${errors.slice(0, 3).join('; ')} (${how})`
            : `Blender ${how} while rendering frame ${frame}${lastWords(parser)}`;
        return failed('RENDER_FAILED', error, parser, renderTimeMs);
      }
      if (!end.ok) {
        // Blender's reasons come as Python exceptions (`Error: No camera found in scene ...`):
        // shown in the log and judged like Blender's own `Error:` lines.
        const before = errors.length;
        for (const line of end.error.split('\n')) onLine(line);
        if (errors.length === before) errors.push(end.error.split('\n')[0] ?? end.error);
      }
      const verdict = await judgeFrame({ frame, expected, savedPaths, errors, exit: null, parser, renderTimeMs });
      await this.recycleIfDue(session);
      return verdict;
    } finally {
      clearTimeout(timeout);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private spawn(request: FrameRequest): Promise<RenderFrameResult> {
    return renderFrame(this.opts.runner, { ...request, blenderPath: this.opts.blenderPath });
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
  private async recycleIfDue(session: BlenderSession): Promise<void> {
    if (!session.alive) return;
    if (session.framesRendered >= this.maxFrames) {
      this.retire(session, `it rendered ${session.framesRendered} frames`);
      return;
    }
    const pid = session.pid;
    const rss = pid === null ? null : await this.readRss(pid);
    if (rss !== null && rss > this.maxRssBytes) {
      this.retire(session, `its Blender uses ${mib(rss)} MiB, more than ${mib(this.maxRssBytes)} MiB`);
    }
  }

  /** Takes the session out of service; it quits (or is stopped) in the background. */
  private retire(session: BlenderSession, why: string): void {
    if (this.session === session) this.session = null;
    if (session.alive) this.opts.log.info(`closing the Blender session (pid ${session.pid}): ${why}`);
    const closing: Promise<void> = session
      .close()
      .catch(() => {})
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }
}

function mib(bytes: number): number {
  return Math.round(bytes / 1024 ** 2);
}
