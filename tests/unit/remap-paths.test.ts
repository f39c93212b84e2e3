/**
 * worker/blender/remap_paths.py's matching of stored paths, run by plain python3 with a
 * stand-in `bpy` (its data: images and libraries), so no Blender starts. The case: a .blend
 * saved on Windows, whose paths the tracer there reported with backslashes
 * (`C:\Users\artist\tex\wood.png`) while Blender on Linux reads them back with slashes
 * (`C:/Users/artist/tex/wood.png`).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { PathMapping } from '../../common/blender/project-tree.ts';

const BLENDER_SCRIPTS = fileURLToPath(new URL('../../worker/blender/', import.meta.url));

/** A stand-in bpy: `data` filled from the JSON on stdin by the driver below. */
const STAND_IN_BPY = `
class _Data:
    pass
data = _Data()
for name in ("images", "sounds", "movieclips", "cache_files", "volumes", "fonts", "libraries", "scenes", "objects"):
    setattr(data, name, [])
`;

/** Builds libraries and images as Blender shows them, applies the mappings, prints what each path became. */
const DRIVER = `
import json, sys, types
given = json.load(sys.stdin)
import bpy
libraries = {}
for stored in given["libraries"]:
    lib = types.SimpleNamespace(filepath=stored, parent=None, reload=lambda: None)
    libraries[stored] = lib
    bpy.data.libraries.append(lib)
for image in given["images"]:
    bpy.data.images.append(types.SimpleNamespace(filepath=image["stored"], library=libraries.get(image["library"])))
import remap_paths
done, refused = remap_paths.apply_mappings(given["mappings"])
print(json.dumps({"done": done, "refused": refused, "libraries": [l.filepath for l in bpy.data.libraries], "images": [i.filepath for i in bpy.data.images]}))
`;

interface Given {
  libraries: string[];
  images: { stored: string; library: string | null }[];
  mappings: PathMapping[];
}

function remap(given: Given): { done: number; refused: string[]; libraries: string[]; images: string[] } {
  const stubs = fs.mkdtempSync(path.join(os.tmpdir(), 'remap-paths-'));
  try {
    fs.writeFileSync(path.join(stubs, 'bpy.py'), STAND_IN_BPY);
    const env = { ...process.env, PYTHONPATH: [stubs, BLENDER_SCRIPTS].join(path.delimiter), PYTHONDONTWRITEBYTECODE: '1' };
    return JSON.parse(execFileSync('python3', ['-c', DRIVER], { input: JSON.stringify(given), env, encoding: 'utf8' })) as ReturnType<typeof remap>;
  } finally {
    fs.rmSync(stubs, { recursive: true, force: true });
  }
}

const TREE = '/work/projects/J';

describe('remap_paths.py on a .blend saved on Windows', () => {
  it('maps a C:\\ path reported with backslashes to the image Blender on Linux shows with slashes', () => {
    const result = remap({
      libraries: [],
      images: [{ stored: 'C:/Users/artist/tex/wood.png', library: null }, { stored: '//textures/grid.png', library: null }],
      mappings: [{ library: null, stored: 'C:\\Users\\artist\\tex\\wood.png', path: `${TREE}/_external/C/Users/artist/tex/wood.png` }],
    });
    assert.deepEqual(result, { done: 1, refused: [], libraries: [], images: [`${TREE}/_external/C/Users/artist/tex/wood.png`, '//textures/grid.png'] });
  });

  it("relocates a library by its C:\\ path, then maps its own datablocks' paths named after that library", () => {
    const crate = 'C:\\Users\\artist\\crate\\crate.blend';
    const result = remap({
      libraries: ['C:/Users/artist/crate/crate.blend'],
      images: [{ stored: '//tex/crate_tex.png', library: 'C:/Users/artist/crate/crate.blend' }],
      mappings: [
        { library: null, stored: crate, path: `${TREE}/_external/C/Users/artist/crate/crate.blend` },
        { library: crate, stored: '//tex/crate_tex.png', path: `${TREE}/_external/C/Users/artist/crate/tex/crate_tex.png` },
      ],
    });
    assert.deepEqual(result.libraries, [`${TREE}/_external/C/Users/artist/crate/crate.blend`]);
    assert.deepEqual(result.images, [`${TREE}/_external/C/Users/artist/crate/tex/crate_tex.png`]);
    assert.equal(result.done, 2);
  });

  it('matches a drive-letter path whatever its case, as Windows does', () => {
    const result = remap({
      libraries: [],
      images: [{ stored: 'c:/users/Artist/Tex/WOOD.png', library: null }],
      mappings: [{ library: null, stored: 'C:\\Users\\artist\\tex\\wood.png', path: `${TREE}/_external/C/Users/artist/tex/wood.png` }],
    });
    assert.deepEqual(result.images, [`${TREE}/_external/C/Users/artist/tex/wood.png`]);
  });

  it('still maps a POSIX path only by its exact spelling', () => {
    const result = remap({
      libraries: [],
      images: [
        { stored: '/home/artist/tex/wood.png', library: null },
        { stored: '/home/artist/tex/other.png', library: null },
        { stored: '/home/artist/tex/WOOD.png', library: null },
      ],
      mappings: [{ library: null, stored: '/home/artist/tex/wood.png', path: `${TREE}/_external/root/home/artist/tex/wood.png` }],
    });
    assert.deepEqual(result.images, [`${TREE}/_external/root/home/artist/tex/wood.png`, '/home/artist/tex/other.png', '/home/artist/tex/WOOD.png']);
  });
});
