import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRenderArgs, MAX_FRAME } from '../../worker/blender/args.ts';
import {
  blenderFormatArg,
  formatExtension,
  frameFileName,
  framePath,
  isOutputFormat,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../../common/blender/formats.ts';

describe('buildRenderArgs', () => {
  it('puts every option Blender needs before -f', () => {
    assert.deepEqual(
      buildRenderArgs({ blendFile: '/data/shot.blend', format: 'PNG', outputDir: '/tmp/out', frame: 7 }),
      ['-b', '-noaudio', '--disable-autoexec', '/data/shot.blend', '-o', '/tmp/out/####', '-F', 'PNG', '-x', '1', '-f', '7'],
    );
  });

  it('selects the scene right after the file', () => {
    const args = buildRenderArgs({
      blendFile: '/data/shot.blend',
      sceneName: 'Shot 010',
      format: 'OPEN_EXR',
      outputDir: '/tmp/out/',
      frame: 120,
    });
    assert.deepEqual(args, [
      '-b',
      '-noaudio',
      '--disable-autoexec',
      '/data/shot.blend',
      '-S',
      'Shot 010',
      '-o',
      '/tmp/out/####',
      '-F',
      'OPEN_EXR',
      '-x',
      '1',
      '-f',
      '120',
    ]);
    assert.ok(args.indexOf('-S') < args.indexOf('-f'));
  });

  it('leaves out -S when no scene is named', () => {
    for (const sceneName of [undefined, null, '']) {
      const args = buildRenderArgs({ blendFile: 'a.blend', sceneName, format: 'PNG', outputDir: '/o', frame: 1 });
      assert.ok(!args.includes('-S'), `sceneName ${String(sceneName)}`);
    }
  });

  it('passes TARGA as TGA, the only spelling -F accepts for it', () => {
    const args = buildRenderArgs({ blendFile: 'a.blend', format: 'TARGA', outputDir: '/o', frame: 1 });
    assert.equal(args[args.indexOf('-F') + 1], 'TGA');
  });

  it('refuses frames Blender would not render as asked', () => {
    for (const frame of [-1, 1.5, Number.NaN, MAX_FRAME + 1]) {
      assert.throws(
        () => buildRenderArgs({ blendFile: 'a.blend', format: 'PNG', outputDir: '/o', frame }),
        /cannot be rendered/,
      );
    }
    assert.doesNotThrow(() => buildRenderArgs({ blendFile: 'a.blend', format: 'PNG', outputDir: '/o', frame: 0 }));
    assert.doesNotThrow(() => buildRenderArgs({ blendFile: 'a.blend', format: 'PNG', outputDir: '/o', frame: MAX_FRAME }));
  });

  it('refuses an output folder with # in it', () => {
    assert.throws(
      () => buildRenderArgs({ blendFile: 'a.blend', format: 'PNG', outputDir: '/tmp/job#1', frame: 1 }),
      /contains "#"/,
    );
  });
});

describe('output formats', () => {
  // As written by Blender 3.4.1 with `-F <arg> -x 1` (its `Saved:` line).
  const verified: Record<OutputFormat, { arg: string; ext: string }> = {
    PNG: { arg: 'PNG', ext: 'png' },
    JPEG: { arg: 'JPEG', ext: 'jpg' },
    OPEN_EXR: { arg: 'OPEN_EXR', ext: 'exr' },
    OPEN_EXR_MULTILAYER: { arg: 'OPEN_EXR_MULTILAYER', ext: 'exr' },
    TIFF: { arg: 'TIFF', ext: 'tif' },
    WEBP: { arg: 'WEBP', ext: 'webp' },
    BMP: { arg: 'BMP', ext: 'bmp' },
    TARGA: { arg: 'TGA', ext: 'tga' },
    JP2: { arg: 'JP2', ext: 'jp2' },
    HDR: { arg: 'HDR', ext: 'hdr' },
    DPX: { arg: 'DPX', ext: 'dpx' },
    IRIS: { arg: 'IRIS', ext: 'rgb' },
  };

  it('knows the -F argument and extension of every format', () => {
    assert.deepEqual([...OUTPUT_FORMATS].sort(), Object.keys(verified).sort());
    for (const format of OUTPUT_FORMATS) {
      assert.equal(blenderFormatArg(format), verified[format].arg, format);
      assert.equal(formatExtension(format), verified[format].ext, format);
    }
  });

  it('recognises format names', () => {
    assert.ok(isOutputFormat('OPEN_EXR'));
    assert.ok(!isOutputFormat('TGA'));
    assert.ok(!isOutputFormat('toString'));
  });

  it('names frames like Blender #### does', () => {
    assert.equal(frameFileName(0, 'PNG'), '0000.png');
    assert.equal(frameFileName(7, 'JPEG'), '0007.jpg');
    assert.equal(frameFileName(12345, 'OPEN_EXR'), '12345.exr');
    assert.equal(framePath('/farm/jobs/j1', 42, 'IRIS'), '/farm/jobs/j1/0042.rgb');
  });
});
