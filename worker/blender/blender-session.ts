/**
 * One Blender process with one .blend and one scene, kept running behind
 * worker/blender/bridge.py: it is started (the file loaded, the bridge READY), sent one frame
 * at a time on stdin, read line by line on stdout, and asked to quit or stopped.
 *
 *   start --bridge READY--> idle --render()--> rendering --bridge END--> idle
 *   start --scene missing / files missing / bridge fatal / exits / aborted--> stopped (start() says why)
 *   rendering --aborted / bridge out of turn--> stopped (SIGTERM, then SIGKILL)
 *   idle --close()--> quit (stopped after QUIT_GRACE_MS)   any --Blender exits--> gone
 */
import fsp from 'node:fs/promises';
import { buildSessionArgs } from './args.ts';
import {
  BRIDGE_SCRIPT,
  type BridgeMessage,
  describeBridgeMessage,
  parseBridgeLine,
  quitCommandLine,
  renderCommandLine,
  type SessionFrameCommand,
} from './bridge-protocol.ts';
import { describeExit, lastWordsIn, notStarted } from './frame-verdict.ts';
import type { ExternalFile } from './missing-files.ts';
import type { LongLivedProcess, ProcessStarter, RunResult } from '../../common/blender/runner.ts';

/** How long a closed session may take to quit (freeing a big scene) before it is stopped. */
const QUIT_GRACE_MS = 5_000;

export interface SessionStartOptions {
  starter: ProcessStarter;
  blenderPath: string;
  /** Absolute. */
  blendFile: string;
  /** Null: the file's active scene. */
  sceneName: string | null;
  /** The bridge checks that the files the .blend uses are there before READY. */
  checkFiles?: boolean | undefined;
  /** The job's path mappings file, applied by the bridge on load. */
  pathMappings?: string | undefined;
  bridgeScript?: string | undefined;
  /** Aborting stops the Blender being started; the result is then `stopped`. */
  signal?: AbortSignal | undefined;
}

export type SessionStart =
  | { ok: true; session: BlenderSession }
  | { ok: false; reason: 'scene-missing'; scene: string; lines: string[] }
  /** `files`: the first of the missing files; `count`: how many in all. */
  | { ok: false; reason: 'files-missing'; files: ExternalFile[]; count: number; lines: string[] }
  | { ok: false; reason: 'stopped'; lines: string[] }
  /** Blender could not be started, refused the bridge, or the bridge gave up. */
  | { ok: false; reason: 'failed'; error: string; lines: string[] };

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
      checkFiles: options.checkFiles,
      pathMappings: options.pathMappings,
    });
    if (options.signal?.aborted) return { ok: false, reason: 'stopped', lines: [] };
    try {
      session.process = await options.starter.start(options.blenderPath, args, { onLine: (line) => session.onLine(line) });
    } catch (error) {
      return { ok: false, reason: 'failed', error: notStarted(options.blenderPath, error), lines: [] };
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
      return { ok: false, reason: 'failed', error: `Blender ${how} before the session was ready${lastWordsIn(lines)}`, lines };
    }
    const message = first.message;
    switch (message.event) {
      case 'scene-missing':
        return { ok: false, reason: 'scene-missing', scene: message.scene, lines };
      case 'files-missing':
        return { ok: false, reason: 'files-missing', files: message.files, count: message.count, lines };
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
        if (message.event !== 'end') return misbehaved(`the session bridge answered ${describeBridgeMessage(message)} during a frame`);
        if (message.id !== id) return misbehaved(`the session bridge ended command ${message.id} while command ${id} was running`);
        finish(message.ok ? { type: 'end', ok: true } : { type: 'end', ok: false, error: message.error });
      };
      const forgetExit = this.whenExited((exit) => {
        if (stoppedBecause && 'aborted' in stoppedBecause) finish({ type: 'stopped' });
        else finish(stoppedBecause ? { type: 'exited', exit, problem: stoppedBecause.problem } : { type: 'exited', exit });
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      process.writeLine(renderCommandLine(id, command));
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
    process.writeLine(quitCommandLine());
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
    } else if (this.nextId === 1) {
      // No frame asked for yet: Blender is loading the file.
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
