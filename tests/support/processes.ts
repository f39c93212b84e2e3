/**
 * The one way tests and benchmarks start and supervise processes: a long-lived one (a server,
 * a worker) in a process group of its own with its output kept line by line, a one-shot one
 * (Blender, `worker --help`) run to its end under a time limit, free ports and polling.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { StringDecoder } from 'node:string_decoder';

/**
 * For a child spawned `detached` (its own process group): its exit, a signal to the whole
 * group, and a stop that sends SIGTERM, as a user's Ctrl-C, then SIGKILL after 10 s, then
 * SIGKILL to whatever it left running (a SIGKILLed worker's Blender).
 */
export function groupControl(child: ChildProcess) {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timeout = setTimeout(() => signalGroup('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timeout);
    signalGroup('SIGKILL');
  };
  return { exited, signalGroup, stop };
}

export interface SupervisedProcess {
  process: ChildProcess;
  pid: number;
  /** What it printed, stdout and stderr, one entry a non-blank line (the last `keepLines` of them). */
  lines: string[];
  /** How many lines contained each of the `count` patterns, over its whole life. */
  counted: Map<string, number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals it and everything it started: the process group, as when a machine dies (SIGKILL) or freezes (SIGSTOP). */
  signalGroup(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Copies its output to this process's stderr as it comes. */
  show?: boolean;
  /** Appends its whole output to this file. */
  logFile?: string | undefined;
  /** Keeps only the last lines: a benchmark's long run would otherwise grow without end. */
  keepLines?: number;
  /** Patterns whose lines are counted even when `keepLines` has dropped them. */
  count?: readonly string[];
}

/**
 * A process in its own process group (so a test can kill or freeze it together with the
 * Blender it started), its output drained line by line: a pipe nobody reads would stall it.
 */
export function supervise(command: string, args: readonly string[], opts: SuperviseOptions = {}): SupervisedProcess {
  const child = spawn(command, args, {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
    detached: true,
  });
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : null;
  const lines: string[] = [];
  const counted = new Map<string, number>((opts.count ?? []).map((pattern) => [pattern, 0]));
  const keep = opts.keepLines ?? Number.POSITIVE_INFINITY;
  const take = (line: string) => {
    if (!line.trim()) return;
    for (const [pattern, n] of counted) if (line.includes(pattern)) counted.set(pattern, n + 1);
    lines.push(line);
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  for (const stream of [child.stdout, child.stderr]) {
    // One decoder and remainder per stream: a chunk of stderr must not cut a stdout line in two.
    const decoder = new StringDecoder('utf8');
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      if (opts.show) process.stderr.write(chunk);
      log?.write(chunk);
      const parts = (pending + decoder.write(chunk)).split('\n');
      pending = parts.pop() ?? '';
      parts.forEach(take);
    });
    stream?.on('end', () => take(pending + decoder.end()));
  }
  child.once('exit', () => log?.end());
  return { process: child, pid: child.pid!, lines, counted, ...groupControl(child) };
}

export interface Finished {
  exitCode: number;
  /** stdout then stderr. */
  output: string;
  stdout: string;
}

/**
 * Runs a command to its end and resolves with its exit status and output whatever the status;
 * rejects when it could not be started (ENOENT, EACCES) or outlived `timeoutMs` (it is then
 * sent SIGTERM: Blender exits ~10 ms after it).
 */
export function runToEnd(
  command: string,
  args: readonly string[],
  opts: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGTERM' },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error && typeof error.code !== 'number') {
          const why = error.killed ? `was stopped after ${opts.timeoutMs} ms` : `did not run: ${error.message}`;
          reject(new Error(`${command} ${args.join(' ')} ${why}\n${lastLines(output)}`));
          return;
        }
        resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, output, stdout });
      },
    );
  });
}

/** The end of a process's output, for an error message. */
export function lastLines(output: string, lines = 15): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

/** A free TCP port on 127.0.0.1: the OS picks one and it is released again (for a server
 * that must come back on the same address, or an address where nothing listens). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs = 60_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
