import { type ChildProcess, spawn } from 'node:child_process';

/** The `ffmpeg` command is not there (spawn ENOENT): the HTTP answer is 503 with how to install it. */
export class FfmpegMissing extends Error {
  constructor(readonly command: string) {
    super('ffmpeg is not installed on the server: apt-get install ffmpeg');
  }
}

/** ffmpeg ran and failed; `detail` is the end of what it printed. */
export class FfmpegFailed extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly detail: string,
  ) {
    super(`ffmpeg ${signal ? `was stopped by ${signal}` : `exited with status ${exitCode}`}${detail ? `: ${detail}` : ''}`);
  }
}

export interface FfmpegRunnerOptions {
  /** ffmpeg processes at once; further runs wait in line. */
  maxProcesses?: number;
}

/** The end of stderr kept for the error message: ffmpeg's `-v error` says what went wrong in a line or two. */
const STDERR_TAIL_CHARS = 2000;

/**
 * Runs ffmpeg for the server's previews, at most `maxProcesses` at a time: on a 2-core server
 * a burst of thumbnail requests from a dashboard's job page would otherwise start one ffmpeg
 * per frame and starve the GraphQL API that workers report to. Runs past the limit wait in a
 * first-come queue.
 *
 * `once(key, make)` shares one piece of work between concurrent callers with the same key
 * (the cache file they all want), so twenty viewers opening the same job make each thumbnail once.
 */
export class FfmpegRunner {
  private readonly maxProcesses: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly children = new Set<ChildProcess>();
  private stopped = false;

  constructor(
    readonly command: string,
    options: FfmpegRunnerOptions = {},
  ) {
    this.maxProcesses = Math.max(1, options.maxProcesses ?? 2);
  }

  /** Runs `ffmpeg ARGS` when a slot is free; resolves when it exits 0. */
  async run(args: readonly string[], opts: { timeoutMs?: number } = {}): Promise<void> {
    await this.acquire();
    try {
      await this.spawnOnce(args, opts.timeoutMs ?? 10 * 60_000);
    } finally {
      this.release();
    }
  }

  /** The promise already under way for `key`, or a new one from `make`. */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing as Promise<T>;
    const promise = make().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Stops every ffmpeg this runner started; runs still waiting fail. */
  stop(): void {
    this.stopped = true;
    for (const child of this.children) child.kill('SIGTERM');
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** Processes running and runs waiting, for tests and logs. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private async acquire(): Promise<void> {
    while (this.running >= this.maxProcesses && !this.stopped) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (this.stopped) throw new Error('the server is stopping');
    this.running += 1;
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }

  private spawnOnce(args: readonly string[], timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, ['-hide_banner', '-nostdin', '-v', 'error', ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      this.children.add(child);
      let stderr = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      let spawnError: NodeJS.ErrnoException | null = null;
      let settled = false;
      const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.children.delete(child);
        if (spawnError?.code === 'ENOENT') reject(new FfmpegMissing(this.command));
        else if (spawnError) reject(spawnError);
        else if (code === 0) resolve();
        else reject(new FfmpegFailed(code, signal, stderr.trim().split('\n').slice(-3).join(' | ')));
      };
      child.on('error', (error: NodeJS.ErrnoException) => {
        spawnError = error;
        // Never started (ENOENT, EMFILE…): 'close' is not promised then, and the slot must come back.
        if (child.pid === undefined) settle(null, null);
      });
      child.on('close', settle);
    });
  }
}
