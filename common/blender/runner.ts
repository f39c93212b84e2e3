import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

export interface RunOptions {
  /** Every line of stdout and stderr, without its newline, in the order they arrived. */
  onLine: (line: string) => void;
  /** Aborting stops the process (see SpawnProcessRunner for how). */
  signal?: AbortSignal | undefined;
}

export interface RunResult {
  /** null when a signal ended the process. */
  exitCode: number | null;
  signal: string | null;
}

/**
 * The seam between the worker and a real process: render-frame logic and its tests talk to
 * this, and only SpawnProcessRunner touches child_process.
 * Rejects only when the process could not be started at all (e.g. ENOENT, EACCES).
 */
export interface ProcessRunner {
  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
}

/** A process that lives across many requests (a Blender session): lines in on stdin, lines out. */
export interface LongLivedProcess {
  readonly pid: number;
  /** Writes `line` and a newline to its stdin; ignored once the process is gone. */
  writeLine(line: string): void;
  /** Closes its stdin: a program reading commands takes that as "quit". */
  endInput(): void;
  /** SIGTERM, then SIGKILL if it is still there after a grace period; `exited` tells when it is gone. */
  stop(): void;
  /** Resolves once it has exited and every line it printed was passed on. */
  readonly exited: Promise<RunResult>;
}

/**
 * The seam for long-lived processes, as ProcessRunner is for one-shot ones.
 * Rejects only when the process could not be started at all (e.g. ENOENT, EACCES).
 */
export interface ProcessStarter {
  start(command: string, args: readonly string[], options: { onLine: (line: string) => void }): Promise<LongLivedProcess>;
}

/**
 * A line this long without a newline is passed on in pieces, so a process printing binary
 * junk cannot grow the worker's memory without bound.
 */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * After SIGTERM, how long before SIGKILL. Blender 3.4 exits ~10 ms after SIGTERM (no file
 * written), whereas SIGINT waits for the current sample batch (32 s seen), hence SIGTERM; the
 * SIGKILL is only for a process that is wedged.
 */
const KILL_GRACE_MS = 5_000;

class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      this.emit(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    while (this.pending.length >= MAX_LINE_CHARS) {
      this.emit(this.pending.slice(0, MAX_LINE_CHARS));
      this.pending = this.pending.slice(MAX_LINE_CHARS);
    }
  }

  end(): void {
    this.pending += this.decoder.end();
    if (this.pending !== '') this.emit(this.pending);
    this.pending = '';
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}

export class SpawnProcessRunner implements ProcessRunner, ProcessStarter {
  constructor(private readonly killGraceMs = KILL_GRACE_MS) {}

  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
    const { onLine, signal } = options;
    if (signal?.aborted) return Promise.resolve({ exitCode: null, signal: 'SIGTERM' });

    return new Promise<RunResult>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      // Separate splitters: a chunk of stderr must not cut a stdout line in two.
      const stdout = new LineSplitter(onLine);
      const stderr = new LineSplitter(onLine);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        child.kill('SIGTERM');
        killTimer = setTimeout(() => child.kill('SIGKILL'), this.killGraceMs);
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      const cleanup = (): void => {
        signal?.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
      };

      child.once('error', (error) => {
        // 'error' without a pid means it never started; after a start it only reports a failed
        // kill, and 'close' still follows.
        if (child.pid === undefined) {
          cleanup();
          reject(error);
        }
      });
      // 'close', not 'exit': it comes after both pipes are drained, so no line is lost.
      child.once('close', (exitCode, exitSignal) => {
        cleanup();
        stdout.end();
        stderr.end();
        resolve({ exitCode, signal: exitSignal });
      });
    });
  }

  start(command: string, args: readonly string[], options: { onLine: (line: string) => void }): Promise<LongLivedProcess> {
    return new Promise<LongLivedProcess>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const stdout = new LineSplitter(options.onLine);
      const stderr = new LineSplitter(options.onLine);
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      // A write to a process that just died fails with EPIPE; unhandled, that error would end
      // the worker. The process's end is reported through `exited` instead.
      child.stdin.on('error', () => {});

      let killTimer: NodeJS.Timeout | undefined;
      const exited = new Promise<RunResult>((resolveExit) => {
        child.once('close', (exitCode, exitSignal) => {
          if (killTimer) clearTimeout(killTimer);
          stdout.end();
          stderr.end();
          resolveExit({ exitCode, signal: exitSignal });
        });
      });
      const running = (): boolean => child.exitCode === null && child.signalCode === null;

      child.once('error', (error) => {
        if (child.pid === undefined) reject(error);
      });
      child.once('spawn', () => {
        resolve({
          pid: child.pid ?? -1,
          writeLine: (line) => {
            if (running() && child.stdin.writable) child.stdin.write(`${line}\n`);
          },
          endInput: () => {
            if (child.stdin.writable) child.stdin.end();
          },
          stop: () => {
            if (!running() || killTimer) return;
            child.kill('SIGTERM');
            killTimer = setTimeout(() => child.kill('SIGKILL'), this.killGraceMs);
          },
          exited,
        });
      });
    });
  }
}
