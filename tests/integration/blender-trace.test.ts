/**
 * The file tracer in a real Blender, on projects generated here: every kind of external file
 * listed with its stored path, where it resolves and what uses it; packed data not listed;
 * a missing texture listed as missing; the project tree laid out from the result.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { projectPaths } from '../../common/blender/project-tree.ts';
import { type FileManifest, missingFiles, traceBlendFile } from '../../common/blender/trace.ts';
import { BLENDER_PATH } from '../support/blender.ts';
import { tempDir } from '../support/farm.ts';
import { makeProject } from '../support/blender-projects.ts';

describe('tracing the files a .blend uses, in Blender', () => {
  let project: string;
  let external: string;
  let blend: string;
  let manifest: FileManifest;
  let traceMs: number;

  before(async () => {
    const dir = await tempDir('trace');
    project = path.join(dir, 'shot');
    external = path.join(dir, 'elsewhere');
    blend = await makeProject({
      dir: project,
      external,
      kinds: ['relative', 'absolute', 'sequence', 'udim', 'library', 'nested', 'packed', 'missing', 'cache', 'sound'],
    });
    const startedAt = performance.now();
    manifest = await traceBlendFile(blend, { blenderPath: BLENDER_PATH });
    traceMs = performance.now() - startedAt;
  });

  /** [stored, path relative to the test's folder, usedBy, library, exists] of each file. */
  const rows = () =>
    manifest.files.map((file) => [file.stored, path.relative(path.dirname(project), file.path), file.usedBy, file.library, file.exists]);

  it('lists every external file, each once, with where it resolves and what uses it', (t) => {
    t.diagnostic(`tracing took ${Math.round(traceMs)} ms (one Blender start, ${manifest.files.length} files)`);
    assert.equal(manifest.blend, blend);
    assert.match(manifest.blenderVersion, /^\d+\.\d+\.\d+$/);
    const sorted = (list: unknown[][]) => [...list].sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    assert.deepEqual(sorted(rows()), sorted([
      [path.join(external, 'wood.png'), 'elsewhere/wood.png', 'image "wood"', null, true],
      ['//cache_fluid', 'shot/cache_fluid/config/config_0001.uni', 'modifier "Fluid" of object "Smoke"', null, true],
      ['//cache_fluid', 'shot/cache_fluid/data/fluid_data_0001.vdb', 'modifier "Fluid" of object "Smoke"', null, true],
      ['//cache_fluid', 'shot/cache_fluid/data/fluid_data_0002.vdb', 'modifier "Fluid" of object "Smoke"', null, true],
      ['//lib/props.blend', 'shot/lib/props.blend', 'library "props.blend"', null, true],
      ['//lib/sub/deep.blend', 'shot/lib/sub/deep.blend', 'library "deep.blend"', '//lib/props.blend', true],
      ['//tex/deep_tex.png', 'shot/lib/sub/tex/deep_tex.png', 'image "deep_tex"', '//lib/sub/deep.blend', true],
      ['//tex/props_tex.png', 'shot/lib/tex/props_tex.png', 'image "props_tex"', '//lib/props.blend', true],
      ['//seq/frame_0001.png', 'shot/seq/frame_0001.png', 'image "frames"', null, true],
      ['//seq/frame_0001.png', 'shot/seq/frame_0002.png', 'image "frames"', null, true],
      ['//seq/frame_0001.png', 'shot/seq/frame_0003.png', 'image "frames"', null, true],
      ['//sounds/beep.wav', 'shot/sounds/beep.wav', 'sound "beep.wav"', null, true],
      ['//textures/gone.png', 'shot/textures/gone.png', 'image "gone"', null, false],
      ['//textures/grid.png', 'shot/textures/grid.png', 'image "grid"', null, true],
      ['//udim/tiles.<UDIM>.png', 'shot/udim/tiles.1001.png', 'image "tiles"', null, true],
      ['//udim/tiles.<UDIM>.png', 'shot/udim/tiles.1002.png', 'image "tiles"', null, true],
    ]));
  });

  it('leaves packed data out and reports the missing texture as missing', () => {
    assert.ok(!manifest.files.some((file) => file.usedBy === 'image "packed"'), 'a packed image travels in the .blend');
    assert.deepEqual(missingFiles(manifest).map((file) => file.usedBy), ['image "gone"']);
  });

  it('lays the project out: files in the .blend folder in place, the absolute texture under _external/', () => {
    const tree = projectPaths(manifest, blend);
    const placed = tree.files.map((file) => file.projectPath);
    assert.equal(placed.length, 15);
    for (const inPlace of ['textures/grid.png', 'seq/frame_0002.png', 'udim/tiles.1002.png', 'lib/sub/tex/deep_tex.png', 'cache_fluid/data/fluid_data_0002.vdb']) {
      assert.ok(placed.includes(inPlace), inPlace);
    }
    const wood = path.join(external, 'wood.png');
    assert.ok(placed.includes(`_external/root${wood}`), placed.join('\n'));
    assert.deepEqual(tree.mappings.filter((mapping) => mapping.remap).map((mapping) => mapping.stored), [wood]);
  });

  it('a .blend with no external files lists none', async () => {
    const bare = await makeProject({ dir: path.join(path.dirname(project), 'bare'), kinds: ['packed'] });
    assert.deepEqual((await traceBlendFile(bare, { blenderPath: BLENDER_PATH })).files, []);
  });
});
