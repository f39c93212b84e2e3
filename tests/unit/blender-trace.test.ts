/**
 * The file tracer's TypeScript side without Blender: the manifest checked field by field,
 * missing files found and described, the project tree laid out (Linux and Windows paths),
 * and Blender's run (argv, exit, crash, no JSON, timeout, not installed) through a fake runner.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { ProcessRunner, RunOptions, RunResult } from '../../common/blender/runner.ts';
import { projectPaths, projectPathOf, storedLocation } from '../../common/blender/project-tree.ts';
import {
  BlenderMissingError,
  describeMissingFile,
  EXTERNAL_FILES_SCRIPT,
  ManifestError,
  missingFiles,
  parseManifest,
  traceBlendFile,
  TraceError,
} from '../../common/blender/trace.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/trace/${name}.json`, import.meta.url), 'utf8');
const LINUX = fixture('linux-project');
const WINDOWS = fixture('windows-project');

interface FakeRun {
  lines?: string[];
  exit?: RunResult;
  /** What "Blender" writes to its --out file; nothing when undefined. */
  manifest?: string;
  startError?: NodeJS.ErrnoException;
  /** Never ends until aborted, like a Blender that hangs. */
  hang?: boolean;
}

class FakeBlender implements ProcessRunner {
  readonly calls: { command: string; args: readonly string[] }[] = [];
  constructor(private readonly script: FakeRun) {}

  async run(command: string, args: readonly string[], { onLine, signal }: RunOptions): Promise<RunResult> {
    this.calls.push({ command, args });
    if (this.script.startError) throw this.script.startError;
    for (const line of this.script.lines ?? []) onLine(line);
    if (this.script.hang) {
      await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
      return { exitCode: null, signal: 'SIGTERM' };
    }
    const out = args[args.indexOf('--out') + 1] as string;
    if (this.script.manifest !== undefined) await fsp.writeFile(out, this.script.manifest);
    return this.script.exit ?? { exitCode: 0, signal: null };
  }
}

describe('the traced manifest', () => {
  it('parses what external_files.py writes', () => {
    const manifest = parseManifest(LINUX);
    assert.equal(manifest.blend, '/home/artist/shot/shot.blend');
    assert.equal(manifest.blenderVersion, '3.4.1');
    assert.equal(manifest.files.length, 12);
    assert.deepEqual(manifest.files.find((file) => file.usedBy === 'image "props_tex"'), {
      stored: '//tex/props_tex.png',
      path: '/home/artist/shot/lib/tex/props_tex.png',
      exists: true,
      usedBy: 'image "props_tex"',
      library: '//lib/props.blend',
    });
  });

  it('refuses JSON that is not a manifest, naming the bad field', () => {
    const good = JSON.parse(LINUX) as { files: Record<string, unknown>[] };
    const broken = (change: (copy: typeof good) => void) => {
      const copy = structuredClone(good);
      change(copy);
      return JSON.stringify(copy);
    };
    const cases: Array<[string, RegExp]> = [
      ['{"blend": ', /^the list of files is not JSON: /],
      ['[]', /^the list of files must be an object$/],
      ['{"blend": "/x.blend", "blenderVersion": "3.4.1"}', /no "files" array/],
      [broken((copy) => delete (copy as Record<string, unknown>).blend), /^the list of files\.blend must be a non-empty string$/],
      [broken((copy) => ((copy.files[3] as Record<string, unknown>).exists = 'no')), /^files\[3\]\.exists must be true or false$/],
      [broken((copy) => ((copy.files[0] as Record<string, unknown>).library = 7)), /^files\[0\]\.library must be a path or null$/],
      [broken((copy) => ((copy.files[1] as Record<string, unknown>).usedBy = '')), /^files\[1\]\.usedBy must be a non-empty string$/],
      [broken((copy) => (copy.files[2] = null as unknown as Record<string, unknown>)), /^files\[2\] must be an object$/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseManifest(text), (error: Error) => error instanceof ManifestError && message.test(error.message));
  });

  it('finds the missing files and says what uses them and where they were looked for', () => {
    const missing = missingFiles(parseManifest(LINUX));
    assert.deepEqual(missing.map((file) => file.stored), ['//textures/gone.png']);
    assert.equal(describeMissingFile(missing[0]!), '//textures/gone.png (image "gone") — not found at /home/artist/shot/textures/gone.png');
    const inLibrary = { stored: '//tex/a.png', path: '/p/lib/tex/a.png', exists: false, usedBy: 'image "a"', library: '//lib/props.blend' };
    assert.equal(describeMissingFile(inLibrary), '//tex/a.png (image "a" in library //lib/props.blend) — not found at /p/lib/tex/a.png');
  });
});

describe('the project tree', () => {
  it('keeps files inside the .blend folder in place and puts the others under _external/', () => {
    const tree = projectPaths(parseManifest(LINUX), '/home/artist/shot/shot.blend');
    assert.equal(tree.blend, 'shot.blend');
    assert.deepEqual(tree.files.map((file) => file.projectPath), [
      'seq/frame_0001.png',
      'seq/frame_0002.png',
      'seq/frame_0003.png',
      'textures/grid.png',
      'udim/tiles.1001.png',
      'udim/tiles.1002.png',
      '_external/root/home/artist/tex/wood.png',
      'lib/sub/tex/deep_tex.png',
      'lib/tex/props_tex.png',
      'lib/sub/deep.blend',
      'lib/props.blend',
    ], 'every existing file once; the missing one is not shipped');
  });

  it('maps each stored path to its target in the tree, and only those that leave it need rewriting', () => {
    const tree = projectPaths(parseManifest(LINUX), '/home/artist/shot/shot.blend');
    const mapping = (stored: string) => tree.mappings.find((each) => each.stored === stored);
    assert.equal(tree.mappings.length, 9, 'one per (library, stored path): a sequence or tile set is one');
    assert.deepEqual(mapping('//seq/frame_0001.png'), { library: null, stored: '//seq/frame_0001.png', projectPath: 'seq/frame_0001.png', remap: false });
    assert.deepEqual(mapping('//udim/tiles.<UDIM>.png'), { library: null, stored: '//udim/tiles.<UDIM>.png', projectPath: 'udim/tiles.<UDIM>.png', remap: false });
    assert.deepEqual(mapping('/home/artist/tex/wood.png'), {
      library: null,
      stored: '/home/artist/tex/wood.png',
      projectPath: '_external/root/home/artist/tex/wood.png',
      remap: true,
    });
    assert.deepEqual(mapping('//tex/props_tex.png'), { library: '//lib/props.blend', stored: '//tex/props_tex.png', projectPath: 'lib/tex/props_tex.png', remap: false });
    assert.deepEqual(mapping('//textures/gone.png'), { library: null, stored: '//textures/gone.png', projectPath: 'textures/gone.png', remap: false });
  });

  it('reads Windows paths as Windows paths on any machine: drives, UNC shares, backslashes, ../ and cache folders', () => {
    const tree = projectPaths(parseManifest(WINDOWS), 'C:\\Users\\artist\\shot\\shot.blend');
    assert.deepEqual(tree.files.map((file) => file.projectPath), [
      'textures/grid.png',
      '_external/D/library/wood.png',
      '_external/unc/nas/assets/hdri/sky.exr',
      '_external/C/Users/artist/shared/logo.png',
      'cache_fluid/data/fluid_data_0001.vdb',
      'cache_fluid/data/fluid_data_0002.vdb',
    ]);
    const byStored = Object.fromEntries(tree.mappings.map((each) => [each.stored, [each.projectPath, each.remap]]));
    assert.deepEqual(byStored, {
      '//textures\\grid.png': ['textures/grid.png', false],
      'D:\\library\\wood.png': ['_external/D/library/wood.png', true],
      '\\\\nas\\assets\\hdri\\sky.exr': ['_external/unc/nas/assets/hdri/sky.exr', true],
      '//..\\shared\\logo.png': ['_external/C/Users/artist/shared/logo.png', true],
      '//cache_fluid': ['cache_fluid', false],
      '//textures\\gone.png': ['textures/gone.png', false],
    });
  });

  it('lists a file two datablocks share once, with both users', () => {
    const manifest = parseManifest(LINUX);
    manifest.files.push({ ...manifest.files.find((file) => file.usedBy === 'image "grid"')!, usedBy: 'image "grid.001"' });
    const grid = projectPaths(manifest, '/home/artist/shot/shot.blend').files.filter((file) => file.projectPath === 'textures/grid.png');
    assert.deepEqual(grid.map((file) => file.usedBy), [['image "grid"', 'image "grid.001"']]);
  });

  it('places paths by their own flavour, and finds the target a stored path names', () => {
    assert.equal(projectPathOf('/home/artist/shot/a/../b.png', '/home/artist/shot'), 'b.png');
    assert.equal(projectPathOf('/home/artist/shots/b.png', '/home/artist/shot'), '_external/root/home/artist/shots/b.png', 'a sibling folder with a longer name is outside');
    assert.equal(projectPathOf('c:\\Users\\Artist\\Shot\\t.png', 'C:\\Users\\artist\\shot'), 't.png', 'Windows compares without case');
    assert.equal(projectPathOf('C:\\tex\\t.png', '/home/artist/shot'), '_external/C/tex/t.png');
    const at = (stored: string, where: string) => storedLocation({ stored, path: where, exists: true, usedBy: 'x', library: null });
    assert.equal(at('//cache/cache', '/p/cache/cache/x/f.vdb'), '/p/cache/cache');
    assert.equal(at('//seq/f_0001.png', '/p/seq/f_0007.png'), '/p/seq/f_0001.png');
    assert.equal(at('/abs/seq/f_0001.png', '/abs/seq/f_0002.png'), '/abs/seq/f_0001.png');
  });
});

describe('tracing through Blender', () => {
  const manifest = LINUX;

  it('runs Blender headless on the file with the shipped script and returns its manifest', async () => {
    const blender = new FakeBlender({ manifest, lines: ['Blender 3.4.1', 'Blender quit'] });
    const traced = await traceBlendFile('/home/artist/shot/shot.blend', { blenderPath: '/opt/blender/blender', runner: blender });
    assert.equal(traced.files.length, 12);
    const [call] = blender.calls;
    assert.equal(call?.command, '/opt/blender/blender');
    const args = [...(call?.args ?? [])];
    assert.deepEqual(args.slice(0, 2), ['-b', '/home/artist/shot/shot.blend']);
    for (const flag of ['--factory-startup', '-noaudio', '--disable-autoexec']) assert.ok(args.includes(flag), flag);
    assert.equal(args[args.indexOf('--python-exit-code') + 1], '1');
    assert.equal(args[args.indexOf('--python') + 1], EXTERNAL_FILES_SCRIPT);
    assert.ok(fs.existsSync(EXTERNAL_FILES_SCRIPT), 'the script ships beside trace.ts');
    assert.ok(args.indexOf('--') < args.indexOf('--out'), 'the script\'s own options come after --');
    assert.equal(fs.existsSync(args[args.indexOf('--out') + 1] as string), false, 'its scratch folder is removed');
  });

  it('says so when there is no Blender to run', async () => {
    const enoent = Object.assign(new Error('spawn blender ENOENT'), { code: 'ENOENT' });
    await assert.rejects(traceBlendFile('/p/shot.blend', { runner: new FakeBlender({ startError: enoent }) }), (error: Error) => {
      assert.ok(error instanceof BlenderMissingError);
      assert.equal(error.message, 'Blender was not found at "blender"');
      return true;
    });
  });

  it('quotes Blender\'s last lines when it fails, crashes or writes nothing', async () => {
    const cases: Array<[FakeRun, RegExp]> = [
      [{ lines: ['Error: File format is not supported in file \'/p/notes.txt\''], exit: { exitCode: 1, signal: null } }, /^Blender exited with status 1 while listing the files of \/p\/shot\.blend; it printed:\n {2}Error: File format is not supported/],
      [{ lines: ['Writing: /tmp/shot.crash.txt'], exit: { exitCode: null, signal: 'SIGSEGV' } }, /^Blender was killed by SIGSEGV .*\n {2}Writing: \/tmp\/shot\.crash\.txt$/],
      [{ lines: [] }, /^Blender wrote no list of the files of \/p\/shot\.blend \(it printed nothing\)$/],
      [{ manifest: 'Traceback' }, /^the list of files is not JSON/],
    ];
    for (const [script, message] of cases) {
      await assert.rejects(traceBlendFile('/p/shot.blend', { runner: new FakeBlender(script) }), (error: Error) => {
        assert.ok(error instanceof TraceError && !(error instanceof BlenderMissingError), error.message);
        assert.match(error.message, message);
        return true;
      });
    }
  });

  it('stops a Blender that does not finish within the time limit', async () => {
    const hung = new FakeBlender({ hang: true, lines: ['Read blend: /p/shot.blend'] });
    await assert.rejects(traceBlendFile('/p/shot.blend', { runner: hung, timeoutMs: 50 }), /^TraceError: Blender did not finish listing the files of \/p\/shot\.blend within 0.05 s; it printed:\n {2}Read blend/);
  });
});
