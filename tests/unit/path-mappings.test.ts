import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { PATH_MAPPINGS_FILE, pathMappingsOf, projectPaths } from '../../common/blender/project-tree.ts';
import type { FileManifest } from '../../common/blender/trace.ts';
import { buildFileCheckArgs, buildRenderArgs, buildSessionArgs, REMAP_SCRIPT } from '../../worker/blender/args.ts';
import { checkPathMappings } from '../../worker/path-mappings.ts';
import { type JobProject, ProjectTrees } from '../../worker/project-trees.ts';

const JOB_FILES = ['textures/grid.png', '_external/root/home/artist/tex/wood.png', '_external/C/tex/seq/frame_0001.png', 'lib/props.blend', PATH_MAPPINGS_FILE];

const traced = (stored: string, at: string, library: string | null = null) => ({ stored, path: at, exists: true, usedBy: 'image "x"', library });

describe('pathMappingsOf: what farm submit ships for the worker to rewrite', () => {
  it('lists the absolute paths and those leading out of the .blend folder, not the relative ones inside it', () => {
    const manifest: FileManifest = {
      blend: '/home/artist/shot/shot.blend',
      blenderVersion: '3.4.1',
      files: [
        traced('//textures/grid.png', '/home/artist/shot/textures/grid.png'),
        traced('/home/artist/tex/wood.png', '/home/artist/tex/wood.png'),
        traced('//../shared/x.png', '/home/artist/shared/x.png'),
        traced('C:\\Users\\artist\\tex\\wood.png', 'C:\\Users\\artist\\tex\\wood.png', '//lib/props.blend'),
      ],
    };
    assert.deepEqual(pathMappingsOf(projectPaths(manifest, manifest.blend)), [
      { library: null, stored: '/home/artist/tex/wood.png', path: '_external/root/home/artist/tex/wood.png' },
      { library: null, stored: '//../shared/x.png', path: '_external/root/home/artist/shared/x.png' },
      { library: '//lib/props.blend', stored: 'C:\\Users\\artist\\tex\\wood.png', path: '_external/C/Users/artist/tex/wood.png' },
    ]);
  });
});

describe("checkPathMappings: the worker takes only mappings onto the job's own files", () => {
  it('accepts a file, a folder holding files, and a sequence or UDIM pattern in such a folder', () => {
    const raw = [
      { library: null, stored: '/home/artist/tex/wood.png', path: '_external/root/home/artist/tex/wood.png' },
      { library: null, stored: '/home/artist/tex/', path: '_external/root/home/artist/tex' },
      { library: null, stored: 'C:\\tex\\seq\\frame_0001.png', path: '_external/C/tex/seq/frame_0001.png' },
      { library: null, stored: 'C:\\tex\\seq\\frame_<UDIM>.png', path: '_external/C/tex/seq/frame_<UDIM>.png' },
      { library: '//lib/props.blend', stored: '/home/artist/tex/wood.png', path: '_external/root/home/artist/tex/wood.png' },
    ];
    assert.deepEqual(checkPathMappings(raw, JOB_FILES), raw);
  });

  it("takes a library named by another mapping's stored path (a library itself remapped)", () => {
    const raw = [
      { library: null, stored: '/home/artist/lib/props.blend', path: 'lib/props.blend' },
      { library: '/home/artist/lib/props.blend', stored: '/home/artist/tex/wood.png', path: '_external/root/home/artist/tex/wood.png' },
    ];
    assert.deepEqual(checkPathMappings(raw, JOB_FILES), raw);
  });

  const refused: { title: string; raw: unknown; says: RegExp }[] = [
    { title: 'not a list', raw: { stored: 'x' }, says: /must hold a list/ },
    { title: 'an entry that is not an object', raw: ['x'], says: /entry 1: not an object/ },
    { title: 'no stored path', raw: [{ library: null, stored: '', path: 'textures/grid.png' }], says: /"stored" must be a non-empty string/ },
    { title: 'no target', raw: [{ library: null, stored: '/x.png' }], says: /"path" must be a non-empty string/ },
    { title: 'a target outside the job', raw: [{ library: null, stored: '/x.png', path: '../../etc/passwd' }], says: /none of the job's files/ },
    { title: 'a target that is no job file', raw: [{ library: null, stored: '/x.png', path: 'textures/other.png' }], says: /none of the job's files/ },
    { title: 'a pattern in a folder of no job file', raw: [{ library: null, stored: '/x.png', path: 'nowhere/frame_<UDIM>.png' }], says: /none of the job's files/ },
    { title: 'an unknown library', raw: [{ library: '//other.blend', stored: '/x.png', path: 'textures/grid.png' }], says: /"library" must be null or a library of the job/ },
  ];
  for (const { title, raw, says } of refused) {
    it(`refuses ${title}`, () => assert.throws(() => checkPathMappings(raw, JOB_FILES), says));
  }
});

describe('the mapping reaches Blender before the first frame', () => {
  const pathMappings = '/work/projects/J.path-mappings.json';

  it('spawn mode: the remap script after the file and before -f, its file after a final --', () => {
    assert.deepEqual(buildRenderArgs({ blendFile: '/t/shot.blend', format: 'PNG', outputDir: '/o', frame: 3, pathMappings }), [
      '-b', '-noaudio', '--disable-autoexec', '/t/shot.blend', '--python', REMAP_SCRIPT,
      '-o', '/o/####', '-F', 'PNG', '-x', '1', '-f', '3', '--', '--path-mappings', pathMappings,
    ]);
  });

  it("spawn mode's file check remaps before it traces, so it checks what the frame will use", () => {
    assert.deepEqual(buildFileCheckArgs({ blendFile: '/t/shot.blend', tracerScript: '/tracer.py', outFile: '/out.json', pathMappings }), [
      '-b', '-noaudio', '--disable-autoexec', '/t/shot.blend', '--python-exit-code', '1', '--python', REMAP_SCRIPT,
      '--python', '/tracer.py', '--', '--out', '/out.json', '--path-mappings', pathMappings,
    ]);
  });

  it('session mode: the bridge is told the file', () => {
    assert.deepEqual(buildSessionArgs({ blendFile: '/t/shot.blend', bridgeScript: '/bridge.py', checkFiles: true, pathMappings }), [
      '-b', '-noaudio', '--disable-autoexec', '/t/shot.blend', '--python-exit-code', '1', '--python', '/bridge.py', '--',
      '--check-files', '--path-mappings', pathMappings,
    ]);
  });
});

describe("the job's tree carries its mappings for Blender", () => {
  /** Trees over contents served from a folder, one file per project path. */
  async function treesWith(t: TestContext, files: Record<string, string>) {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'farm-mappings-'));
    t.after(() => fsp.rm(dir, { recursive: true, force: true }));
    const blendFile = path.join(dir, 'shot.blend');
    await fsp.writeFile(blendFile, 'BLENDER-v405 shot');
    const project: JobProject = { blendPath: 'shot.blend', files: [] };
    for (const [i, [at, text]] of Object.entries(files).entries()) {
      await fsp.writeFile(path.join(dir, `content-${i}`), text);
      project.files = [...project.files, { path: at, sha256: String(i), size: text.length, contentUrl: path.join(dir, `content-${i}`) }];
    }
    const trees = new ProjectTrees(path.join(dir, 'projects'), { get: async (url) => url });
    return { dir, trees, acquire: () => trees.acquire('job-m', blendFile, async () => project) };
  }
  const wood = '_external/root/home/artist/tex/wood.png';

  it('writes the checked mappings beside the tree, their targets absolute in it', async (t) => {
    const mappings = [{ library: null, stored: '/home/artist/tex/wood.png', path: wood }];
    const { dir, acquire } = await treesWith(t, { [wood]: 'wood', [PATH_MAPPINGS_FILE]: JSON.stringify(mappings) });
    const held = await acquire();
    const tree = path.join(dir, 'projects', 'job-m');
    assert.equal(held.pathMappings, `${tree}.path-mappings.json`);
    assert.deepEqual(JSON.parse(await fsp.readFile(held.pathMappings, 'utf8')), [{ ...mappings[0], path: path.join(tree, wood) }]);
    held.release();
  });

  it('gives none for a project without mappings, and refuses the tree of one mapping outside its files', async (t) => {
    const plain = await treesWith(t, { 'textures/grid.png': 'grid' });
    const held = await plain.acquire();
    assert.equal(held.pathMappings, undefined);
    held.release();
    const bad = [{ library: null, stored: '/etc/passwd', path: 'textures/passwd' }];
    const hostile = await treesWith(t, { 'textures/grid.png': 'grid', [PATH_MAPPINGS_FILE]: JSON.stringify(bad) });
    await assert.rejects(hostile.acquire(), /entry 1: "path" "textures\/passwd" is none of the job's files/);
  });
});
