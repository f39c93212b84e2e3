/**
 * A session's Blender without Blender, for the unit tests of worker/blender's session files:
 * a fake long-lived process speaks the bridge's protocol (worker/blender/bridge.py) and prints
 * Blender's lines; a fake one-frame runner stands in for spawn mode.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach } from 'node:test';
import { framePath } from '../../common/blender/formats.ts';
import type { FrameRequest } from '../../worker/blender/frame-renderer.ts';
import type { LongLivedProcess, ProcessRunner, ProcessStarter, RunOptions, RunResult } from '../../common/blender/runner.ts';
import { BRIDGE_PREFIX } from '../../worker/blender/bridge-protocol.ts';
import { SessionFrameRenderer, type SessionRendererOptions } from '../../worker/blender/session-renderer.ts';

export const BLENDER = '/usr/bin/blender';
export const say = (event: string, fields: object): string => `${BRIDGE_PREFIX}${event} ${JSON.stringify(fields)}`;
/** Lets every pending line and promise run: the fake answers on later turns of the event loop. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface RenderCommand {
  id: number;
  command: 'render';
  frame: number;
  format: string;
  outputDir: string;
}

/** How a fake Blender answers a render command; the default renders it. */
export type OnRender = (process: FakeProcess, command: RenderCommand) => Promise<void> | void;

export interface FakeScript {
  /** What the process does once started: the bridge says READY unless told otherwise. */
  startup?: 'ready' | 'scene-missing' | 'files-missing' | 'refuses-script' | 'hangs';
  /** Lines Blender prints while loading the file, before READY. */
  startupLines?: string[];
  onRender?: OnRender;
}

export class FakeProcess implements LongLivedProcess {
  readonly commands: unknown[] = [];
  readonly signals: string[] = [];
  inputEnded = false;
  private resolveExit!: (result: RunResult) => void;
  readonly exited = new Promise<RunResult>((resolve) => (this.resolveExit = resolve));
  private gone = false;

  constructor(
    readonly pid: number,
    readonly args: readonly string[],
    private readonly onLine: (line: string) => void,
    private readonly script: FakeScript,
  ) {
    setImmediate(() => this.boot());
  }

  get running(): boolean {
    return !this.gone;
  }

  /** Prints lines as Blender would, one turn of the event loop apart from what came before. */
  async print(...lines: string[]): Promise<void> {
    await settle();
    for (const line of lines) if (!this.gone) this.onLine(line);
  }

  exit(result: RunResult): void {
    if (this.gone) return;
    this.gone = true;
    setImmediate(() => this.resolveExit(result));
  }

  writeLine(line: string): void {
    if (this.gone) return;
    const command = JSON.parse(line) as { command: string };
    this.commands.push(command);
    if (command.command === 'quit') this.exit({ exitCode: 0, signal: null });
    if (command.command === 'render') void (this.script.onRender ?? renders)(this, command as RenderCommand);
  }

  endInput(): void {
    this.inputEnded = true;
    this.exit({ exitCode: 0, signal: null });
  }

  stop(): void {
    this.signals.push('SIGTERM');
    this.exit({ exitCode: null, signal: 'SIGTERM' });
  }

  private boot(): void {
    for (const line of ['Blender 3.4.1', `Read blend: ${this.args[3]}`, ...(this.script.startupLines ?? [])]) this.onLine(line);
    const scene = this.args.includes('--scene') ? this.args[this.args.indexOf('--scene') + 1] : null;
    switch (this.script.startup ?? 'ready') {
      case 'ready':
        this.onLine(say('ready', { scene: scene ?? 'Scene', pid: this.pid }));
        break;
      case 'scene-missing':
        this.onLine(say('scene-missing', { scene, message: `Can't find scene: '${scene}' in file: '${this.args[3]}'` }));
        this.exit({ exitCode: 3, signal: null });
        break;
      case 'files-missing':
        this.onLine(say('files-missing', { files: [GRID_MISSING], count: 1 }));
        this.exit({ exitCode: 5, signal: null });
        break;
      case 'refuses-script':
        this.onLine("Traceback (most recent call last):");
        this.onLine("AttributeError: 'ImageFormatSettings' object has no attribute 'as_pointer'");
        this.exit({ exitCode: 1, signal: null });
        break;
      case 'hangs':
        break;
    }
  }
}

/** What Blender prints for a frame it renders and saves; writes the file. */
export async function renders(process: FakeProcess, command: RenderCommand): Promise<void> {
  const file = framePath(command.outputDir, command.frame, 'PNG');
  await process.print(`Fra:${command.frame} Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/8`);
  await process.print(`Fra:${command.frame} Mem:10.74M (Peak 11.22M) | Time:00:00.03 | Scene, ViewLayer | Finished`);
  await fsp.writeFile(file, 'rendered pixels');
  await process.print(`Saved: '${file}'`, ' Time: 00:00.11 (Saving: 00:00.08)', '', say('end', { id: command.id, ok: true }));
}

export class FakeStarter implements ProcessStarter {
  readonly processes: FakeProcess[] = [];
  /** The script for each start in turn; the last one for any further start. */
  constructor(private readonly scripts: FakeScript[] = [{}]) {}

  async start(command: string, args: readonly string[], { onLine }: { onLine: (line: string) => void }): Promise<LongLivedProcess> {
    assert.equal(command, BLENDER);
    const script = this.scripts[Math.min(this.processes.length, this.scripts.length - 1)] ?? {};
    const process = new FakeProcess(1000 + this.processes.length, args, onLine, script);
    this.processes.push(process);
    return process;
  }

  /** The processes still running. */
  get running(): FakeProcess[] {
    return this.processes.filter((p) => p.running);
  }
}

/** A texture as external_files() reports it when the file is not there. */
export const GRID_MISSING = {
  stored: '//textures/grid.png',
  path: '/farm/blends/textures/grid.png',
  exists: false,
  usedBy: 'image "grid"',
  library: null,
};

/**
 * Spawn mode for the fallback: a one-frame Blender that renders what it is asked, and lists
 * the files of a .blend (`--out FILE`: `missingFiles` of them missing) for spawn mode's check.
 */
export class FakeRunner implements ProcessRunner {
  /** The renders, in order. */
  readonly calls: (readonly string[])[] = [];
  /** The file checks, in order. */
  readonly fileChecks: (readonly string[])[] = [];

  constructor(private readonly missingFiles: object[] = []) {}

  async run(_command: string, args: readonly string[], { onLine }: RunOptions): Promise<RunResult> {
    if (args.includes('--out')) {
      this.fileChecks.push(args);
      const files = [{ ...GRID_MISSING, stored: '//present.png', exists: true }, ...this.missingFiles];
      await fsp.writeFile(args[args.indexOf('--out') + 1] ?? '', JSON.stringify({ blend: args[3], blenderVersion: '3.4.1', files }));
      return { exitCode: 0, signal: null };
    }
    this.calls.push(args);
    const pattern = args[args.indexOf('-o') + 1] ?? '';
    const frame = Number(args.at(-1));
    const file = `${pattern.replace('####', String(frame).padStart(4, '0'))}.png`;
    await fsp.writeFile(file, 'rendered pixels');
    onLine(`Saved: '${file}'`);
    return { exitCode: 0, signal: null };
  }
}

export class Log {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  get warnings(): string[] {
    return this.lines.filter((line) => line.startsWith('warn: '));
  }
}

let root: string | undefined;

/**
 * A new empty folder for each test's frames, under one folder removed after the file's tests.
 * Importing this module registers the hooks; `outputDir` is a live binding, read it in a test.
 */
export let outputDir: string;
beforeEach(async () => {
  root ??= await fsp.mkdtemp(path.join(os.tmpdir(), 'session-test-'));
  outputDir = await fsp.mkdtemp(path.join(root, 'out-'));
});
after(async () => {
  if (root) await fsp.rm(root, { recursive: true, force: true });
});

/** A SessionFrameRenderer on fakes, and `frame(n)` rendering frame n of shot.blend into `outputDir`. */
export function setup(scripts?: FakeScript[], options: Partial<SessionRendererOptions> = {}, runner = new FakeRunner()) {
  const starter = new FakeStarter(scripts);
  const log = new Log();
  const renderer = new SessionFrameRenderer({ blenderPath: BLENDER, starter, runner, log, readRss: async () => 100 * 1024 ** 2, ...options });
  const frame = (frame: number, overrides: Partial<FrameRequest> = {}) =>
    renderer.render({ blendFile: '/farm/blends/shot.blend', blendName: 'shot.blend', format: 'PNG', outputDir, frame, ...overrides });
  return { starter, runner, log, renderer, frame };
}
