/**
 * Persistent Blender sessions without Blender: a fake long-lived process speaks the bridge's
 * protocol (worker/blender/bridge.py) and prints Blender's lines, and the tests check what
 * the worker makes of it and when it starts, reuses, recycles and kills sessions.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import { buildRenderArgs, buildSessionArgs } from '../../worker/blender/args.ts';
import { framePath } from '../../common/blender/formats.ts';
import type { FrameRequest } from '../../worker/blender/frame-renderer.ts';
import type { LongLivedProcess, ProcessRunner, ProcessStarter, RunOptions, RunResult } from '../../common/blender/runner.ts';
import { BRIDGE_PREFIX, BRIDGE_SCRIPT, parseBridgeLine, SessionFrameRenderer, type SessionRendererOptions } from '../../worker/blender/session.ts';

const BLENDER = '/usr/bin/blender';
const say = (event: string, fields: object): string => `${BRIDGE_PREFIX}${event} ${JSON.stringify(fields)}`;
/** Lets every pending line and promise run: the fake answers on later turns of the event loop. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface RenderCommand {
  id: number;
  command: 'render';
  frame: number;
  format: string;
  outputDir: string;
}

/** How a fake Blender answers a render command; the default renders it. */
type OnRender = (process: FakeProcess, command: RenderCommand) => Promise<void> | void;

interface FakeScript {
  /** What the process does once started: the bridge says READY unless told otherwise. */
  startup?: 'ready' | 'scene-missing' | 'refuses-script' | 'hangs';
  /** Lines Blender prints while loading the file, before READY. */
  startupLines?: string[];
  onRender?: OnRender;
}

class FakeProcess implements LongLivedProcess {
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
async function renders(process: FakeProcess, command: RenderCommand): Promise<void> {
  const file = framePath(command.outputDir, command.frame, 'PNG');
  await process.print(`Fra:${command.frame} Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/8`);
  await process.print(`Fra:${command.frame} Mem:10.74M (Peak 11.22M) | Time:00:00.03 | Scene, ViewLayer | Finished`);
  await fsp.writeFile(file, 'rendered pixels');
  await process.print(`Saved: '${file}'`, ' Time: 00:00.11 (Saving: 00:00.08)', '', say('end', { id: command.id, ok: true }));
}

class FakeStarter implements ProcessStarter {
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

/** Spawn mode for the fallback: a one-frame Blender that renders what it is asked. */
class FakeRunner implements ProcessRunner {
  readonly calls: (readonly string[])[] = [];

  async run(_command: string, args: readonly string[], { onLine }: RunOptions): Promise<RunResult> {
    this.calls.push(args);
    const pattern = args[args.indexOf('-o') + 1] ?? '';
    const frame = Number(args.at(-1));
    const file = `${pattern.replace('####', String(frame).padStart(4, '0'))}.png`;
    await fsp.writeFile(file, 'rendered pixels');
    onLine(`Saved: '${file}'`);
    return { exitCode: 0, signal: null };
  }
}

class Log {
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

let root: string;
let outputDir: string;
let counter = 0;

before(async () => {
  root = await fsp.mkdtemp(path.join(os.tmpdir(), 'session-test-'));
});
after(async () => {
  await fsp.rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  outputDir = path.join(root, `out-${++counter}`);
  await fsp.mkdir(outputDir);
});

function setup(scripts?: FakeScript[], options: Partial<SessionRendererOptions> = {}) {
  const starter = new FakeStarter(scripts);
  const runner = new FakeRunner();
  const log = new Log();
  const renderer = new SessionFrameRenderer({ blenderPath: BLENDER, starter, runner, log, readRss: async () => 100 * 1024 ** 2, ...options });
  const frame = (frame: number, overrides: Partial<FrameRequest> = {}) =>
    renderer.render({ blendFile: '/farm/blends/shot.blend', blendName: 'shot.blend', format: 'PNG', outputDir, frame, ...overrides });
  return { starter, runner, log, renderer, frame };
}

describe('parseBridgeLine', () => {
  it('reads the bridge\'s lines and leaves Blender\'s alone', () => {
    assert.deepEqual(parseBridgeLine(say('ready', { scene: 'Scene', pid: 7 })), { event: 'ready', scene: 'Scene' });
    assert.deepEqual(parseBridgeLine(say('end', { id: 3, ok: true })), { event: 'end', id: 3, ok: true });
    assert.deepEqual(parseBridgeLine(say('end', { id: 3, ok: false, error: 'Error: No camera found in scene "Scene"' })), {
      event: 'end',
      id: 3,
      ok: false,
      error: 'Error: No camera found in scene "Scene"',
    });
    assert.deepEqual(parseBridgeLine(say('scene-missing', { scene: 'X', message: "Can't find scene: 'X' in file: '/f.blend'" })), {
      event: 'scene-missing',
      scene: 'X',
      message: "Can't find scene: 'X' in file: '/f.blend'",
    });
    assert.equal(parseBridgeLine("Saved: '/out/0001.png'"), null);
    assert.equal(parseBridgeLine('Fra:1 Mem:10.74M (Peak 11.22M) | Time:00:00.03 | Scene, ViewLayer | Finished'), null);
    assert.deepEqual(parseBridgeLine(`${BRIDGE_PREFIX}end {"id": 3, "ok`), { event: 'garbled', line: `${BRIDGE_PREFIX}end {"id": 3, "ok` });
    assert.deepEqual(parseBridgeLine(say('hello', {})), { event: 'garbled', line: say('hello', {}) });
  });
});

describe('SessionFrameRenderer', () => {
  it('starts one Blender with the bridge, renders frame after frame in it, and closes it', async () => {
    const { starter, frame, renderer } = setup();
    const progress: number[] = [];
    const first = await frame(1, { onProgress: (percent) => progress.push(percent) });
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.file, path.join(outputDir, '0001.png'));
    assert.deepEqual(progress, [12, 100]);
    // The first frame's log shows Blender loading the file.
    assert.match(first.logTail, /^Read blend: \/farm\/blends\/shot\.blend$/m);
    assert.doesNotMatch(first.logTail, /@farm-bridge/);

    for (const n of [2, 3]) assert.equal((await frame(n)).ok, true);
    assert.equal(starter.processes.length, 1, 'one Blender for all three frames');
    const [blender] = starter.processes;
    assert.ok(blender);
    assert.deepEqual(blender.args, buildSessionArgs({ blendFile: '/farm/blends/shot.blend', bridgeScript: BRIDGE_SCRIPT }));
    assert.deepEqual(blender.args.slice(0, 4), ['-b', '-noaudio', '--disable-autoexec', '/farm/blends/shot.blend']);
    assert.deepEqual(
      blender.commands,
      [1, 2, 3].map((n) => ({ id: n, command: 'render', frame: n, format: 'PNG', outputDir })),
    );
    assert.ok(BRIDGE_SCRIPT.endsWith(path.join('worker', 'blender', 'bridge.py')));

    await renderer.close();
    assert.deepEqual(blender.commands.at(-1), { command: 'quit' });
    assert.equal(blender.inputEnded, true);
    assert.equal(starter.running.length, 0);
  });

  it('fails a frame whose render raised, keeping the session for the next frame', async () => {
    const { starter, frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          if (c.frame !== 2) return renders(p, c);
          await p.print(say('end', { id: c.id, ok: false, error: 'Error: No camera found in scene "Scene"' }));
        },
      },
    ]);
    assert.equal((await frame(1)).ok, true);
    const failed = await frame(2);
    assert.ok(!failed.ok);
    assert.equal(failed.kind, 'RENDER_FAILED');
    assert.equal(failed.error, 'Blender failed to render frame 2: No camera found in scene "Scene"');
    assert.match(failed.logTail, /^Error: No camera found in scene "Scene"$/m);
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 1);
    await renderer.close();
  });

  it('applies renderFrame\'s rules: an `Error:` line fails the frame, so does a missing Saved line or file', async () => {
    const { frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          const file = framePath(c.outputDir, c.frame, 'PNG');
          if (c.frame === 1) await p.print('Error: Build without OpenImageDenoiser', say('end', { id: c.id, ok: true }));
          if (c.frame === 2) await p.print(`Saved: '/somewhere/else.png'`, say('end', { id: c.id, ok: true }));
          if (c.frame === 3) await p.print(`Saved: '${file}'`, say('end', { id: c.id, ok: true }));
          if (c.frame === 4) await p.print(say('end', { id: c.id, ok: true }));
        },
      },
    ]);
    const results = [await frame(1), await frame(2), await frame(3), await frame(4)];
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.error)),
      [
        'Blender failed to render frame 1: Build without OpenImageDenoiser',
        `Blender saved frame 2 as /somewhere/else.png instead of ${path.join(outputDir, '0002.png')}`,
        `Blender reported saving ${path.join(outputDir, '0003.png')} but the file is not there`,
        'Blender finished without saving frame 4',
      ],
    );
    await renderer.close();
  });

  it('fails the frame its Blender crashed on, and starts a new session for the next', async () => {
    const { starter, frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          if (c.frame !== 2) return renders(p, c);
          await p.print(`Fra:2 Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/8`);
          p.exit({ exitCode: null, signal: 'SIGSEGV' });
        },
      },
    ]);
    assert.equal((await frame(1)).ok, true);
    const crashed = await frame(2);
    assert.ok(!crashed.ok);
    assert.equal(crashed.kind, 'RENDER_FAILED');
    assert.equal(crashed.error, 'Blender was stopped by SIGSEGV while rendering frame 2');
    assert.match(crashed.logTail, /^Fra:2 .*Sample 1\/8$/m);
    const next = await frame(3);
    assert.ok(next.ok, JSON.stringify(next));
    assert.equal(starter.processes.length, 2);
    assert.deepEqual(starter.processes[1]?.commands, [{ id: 1, command: 'render', frame: 3, format: 'PNG', outputDir }]);
    await renderer.close();
    assert.equal(starter.running.length, 0);
  });

  it('starts a new session when the last one died between frames', async () => {
    const { starter, frame, renderer, log } = setup();
    assert.equal((await frame(1)).ok, true);
    starter.processes[0]?.exit({ exitCode: null, signal: 'SIGKILL' }); // e.g. the kernel's OOM killer
    await settle();
    await settle();
    assert.equal((await frame(2)).ok, true);
    assert.equal(starter.processes.length, 2);
    assert.deepEqual(log.warnings, ['warn: the Blender session (pid 1000) was stopped by SIGKILL between frames; starting a new one']);
    await renderer.close();
  });

  it('recycles a session after maxFramesPerSession frames', async () => {
    const { starter, frame, renderer, log } = setup([{}], { maxFramesPerSession: 3 });
    for (let n = 1; n <= 7; n++) assert.equal((await frame(n)).ok, true);
    await settle();
    assert.deepEqual(
      starter.processes.map((p) => p.commands.filter((c) => (c as RenderCommand).command === 'render').map((c) => (c as RenderCommand).frame)),
      [[1, 2, 3], [4, 5, 6], [7]],
    );
    // Closed as soon as its last frame was done, not when the next frame came.
    assert.deepEqual(starter.processes[0]?.commands.at(-1), { command: 'quit' });
    assert.equal(starter.running.length, 1);
    assert.ok(log.lines.some((line) => /closing the Blender session \(pid 1000\): it rendered 3 frames/.test(line)));
    await renderer.close();
  });

  it('recycles a session whose Blender grew past the memory limit', async () => {
    const rss = new Map([[1000, 5 * 1024 ** 3]]);
    const { starter, frame, renderer, log } = setup([{}], { readRss: async (pid) => rss.get(pid) ?? 200 * 1024 ** 2 });
    assert.equal((await frame(1)).ok, true);
    assert.equal((await frame(2)).ok, true);
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 2);
    assert.ok(log.lines.some((line) => line.includes('its Blender uses 5120 MiB, more than 4096 MiB')));
    await renderer.close();
  });

  it('replaces the session when the job, the file or the scene changes', async () => {
    const { starter, frame, renderer } = setup();
    assert.equal((await frame(1, { jobId: 'job-a' })).ok, true);
    assert.equal((await frame(1, { jobId: 'job-a', sceneName: 'Alt' })).ok, true);
    assert.equal((await frame(2, { jobId: 'job-a', sceneName: 'Alt' })).ok, true);
    assert.equal((await frame(1, { jobId: 'job-a', sceneName: 'Alt', blendFile: '/farm/blends/other.blend' })).ok, true);
    // The same file and scene, submitted again as another job: a fresh Blender.
    assert.equal((await frame(2, { jobId: 'job-b', sceneName: 'Alt', blendFile: '/farm/blends/other.blend' })).ok, true);
    await settle();
    assert.deepEqual(
      starter.processes.map((p) => [p.args[3], p.args.includes('--scene') ? p.args.at(-1) : null]),
      [
        ['/farm/blends/shot.blend', null],
        ['/farm/blends/shot.blend', 'Alt'],
        ['/farm/blends/other.blend', 'Alt'],
        ['/farm/blends/other.blend', 'Alt'],
      ],
    );
    assert.equal(starter.running.length, 1, 'each replaced session quit');
    await renderer.close();
  });

  it('kills the session when a frame is aborted, and starts afresh for the next frame', async () => {
    const controller = new AbortController();
    const { starter, frame, renderer } = setup([
      {
        onRender: async (p, c) => {
          if (c.frame !== 2) return renders(p, c);
          await p.print(`Fra:2 Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/4096`);
          controller.abort(); // the server revoked the frame; Blender renders on until stopped
        },
      },
    ]);
    assert.equal((await frame(1)).ok, true);
    const aborted = await frame(2, { signal: controller.signal });
    assert.ok(!aborted.ok);
    assert.equal(aborted.kind, 'ABORTED');
    assert.deepEqual(starter.processes[0]?.signals, ['SIGTERM']);
    assert.equal(starter.running.length, 0, 'no Blender left running');
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 2);
    await renderer.close();
  });

  it('stops no Blender for a frame aborted before it starts', async () => {
    const { starter, frame, renderer } = setup();
    assert.equal((await frame(1)).ok, true);
    const result = await frame(2, { signal: AbortSignal.abort() });
    assert.ok(!result.ok);
    assert.equal(result.kind, 'ABORTED');
    assert.equal(starter.running.length, 1);
    assert.equal((await frame(3)).ok, true);
    assert.equal(starter.processes.length, 1);
    await renderer.close();
  });

  describe('with a render timeout', () => {
    beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
    afterEach(() => mock.timers.reset());

    it('kills a session whose frame runs past it, reports TIMEOUT, and starts afresh', async () => {
      const { starter, frame, renderer } = setup([
        {
          onRender: async (p, c) => {
            if (c.frame !== 2) return renders(p, c);
            await p.print(`Fra:2 Mem:10.71M (Peak 11.22M) | Time:00:00.02 | Scene, ViewLayer | Sample 1/4096`);
            mock.timers.tick(29_999);
            assert.equal(p.running, true);
            mock.timers.tick(1);
          },
        },
      ]);
      assert.equal((await frame(1, { timeoutMs: 30_000 })).ok, true);
      const result = await frame(2, { timeoutMs: 30_000 });
      assert.ok(!result.ok);
      assert.equal(result.kind, 'TIMEOUT');
      assert.equal(result.error, "Render timed out after 30 s (the job's render timeout)");
      assert.match(result.logTail, /Sample 1\/4096$/);
      assert.equal(starter.running.length, 0);
      assert.equal((await frame(3, { timeoutMs: 30_000 })).ok, true);
      assert.equal(starter.processes.length, 2);
      await renderer.close();
    });
  });

  it('reports SCENE_NOT_FOUND with Blender\'s words when the scene is missing, without falling back', async () => {
    const { starter, runner, frame, renderer, log } = setup([{ startup: 'scene-missing' }]);
    const result = await frame(1, { sceneName: 'NoSuchScene' });
    assert.ok(!result.ok);
    assert.equal(result.kind, 'SCENE_NOT_FOUND');
    assert.equal(result.error, 'Scene "NoSuchScene" is not in the .blend file (shot.blend)');
    assert.match(result.logTail, /^Can't find scene: 'NoSuchScene' in file: '\/farm\/blends\/shot\.blend'$/m);
    assert.equal(runner.calls.length, 0);
    assert.equal(starter.running.length, 0);
    assert.deepEqual(log.warnings, []);
    await assert.rejects(fsp.access(path.join(outputDir, '0001.png')));
    await renderer.close();
  });

  it('renders in spawn mode when a session cannot start, warning once', async () => {
    const { starter, runner, frame, renderer, log } = setup([{ startup: 'refuses-script' }]);
    const first = await frame(1);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.file, path.join(outputDir, '0001.png'));
    assert.deepEqual(runner.calls, [buildRenderArgs({ blendFile: '/farm/blends/shot.blend', format: 'PNG', outputDir, frame: 1 })]);
    // That file's next frames go straight to spawn mode: no second failed start each time.
    assert.equal((await frame(2)).ok, true);
    assert.equal(starter.processes.length, 1);
    assert.equal(runner.calls.length, 2);
    assert.equal(log.warnings.length, 1);
    assert.match(
      log.warnings[0] ?? '',
      /^warn: a Blender session could not start for shot\.blend \(Blender exited with status 1 before the session was ready \(last output: "AttributeError: .*"\)\); rendering its frames with one Blender per frame/,
    );
    // Another file tries a session again; it fails the same way, and is not warned about twice.
    assert.equal((await frame(1, { blendFile: '/farm/blends/other.blend', blendName: 'other.blend' })).ok, true);
    assert.equal(starter.processes.length, 2);
    assert.equal(log.warnings.length, 1);
    assert.ok(log.lines.some((line) => line.startsWith('info: a Blender session could not start for other.blend')));
    await renderer.close();
  });

  it('fails every frame over an `Error:` Blender printed while loading the file, as spawn mode would', async () => {
    const { frame, renderer } = setup([{ startupLines: ['Error: Cannot read file "/textures/wood.png"'] }]);
    for (const n of [1, 2]) {
      const result = await frame(n);
      assert.ok(!result.ok);
      assert.equal(result.error, `Blender failed to render frame ${n}: Cannot read file "/textures/wood.png"`);
    }
    await renderer.close();
  });

  it('stops a Blender that hangs while starting when the frame is aborted', async () => {
    const controller = new AbortController();
    const { starter, frame, renderer } = setup([{ startup: 'hangs' }]);
    const pending = frame(1, { signal: controller.signal });
    await settle();
    await settle();
    controller.abort();
    const result = await pending;
    assert.ok(!result.ok);
    assert.equal(result.kind, 'ABORTED');
    assert.equal(starter.running.length, 0);
    await renderer.close();
  });

  it('kills a session whose bridge answers out of turn', async () => {
    const { starter, frame, renderer } = setup([
      { onRender: (p, c) => p.print(say('end', { id: c.id + 5, ok: true })) },
      {},
    ]);
    const result = await frame(1);
    assert.ok(!result.ok);
    assert.equal(result.error, 'Blender session stopped while rendering frame 1: the session bridge ended command 6 while command 1 was running');
    assert.equal((await frame(2)).ok, true);
    assert.equal(starter.processes.length, 2);
    await renderer.close();
  });

  it('renders one frame at a time', async () => {
    const { frame, renderer } = setup();
    const first = frame(1);
    await assert.rejects(frame(2), /one frame at a time/);
    assert.equal((await first).ok, true);
    await renderer.close();
  });
});
