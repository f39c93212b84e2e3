import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../server/errors.ts';
import { MAX_PROJECT_FILES, projectPathProblem, validateManifest } from '../../server/jobs/project-manifest.ts';

const SHA = 'a'.repeat(64);
const entry = (path: string, sha256 = SHA, size = 10) => ({ path, sha256, size });
const opts = { field: 'files', maxBytes: 1000 };

function refusal(files: Parameters<typeof validateManifest>[0], options: Parameters<typeof validateManifest>[1] = opts): InputError {
  try {
    validateManifest(files, options);
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error;
  }
  assert.fail('expected the manifest to be refused');
}

describe('projectPathProblem: a clean relative path in the project tree', () => {
  for (const clean of ['shot.blend', 'textures/wood.png', 'a/b/c/d.exr', 'caches/fluid_0001.vdb', 'name with spaces/ü.png', '.hidden/file', 'a..b/c']) {
    it(`takes ${JSON.stringify(clean)}`, () => assert.equal(projectPathProblem(clean), null));
  }

  const refused: Array<[string, RegExp]> = [
    ['', /empty/],
    ['../outside.png', /climbs out of the project folder/],
    ['textures/../../outside.png', /climbs out/],
    ['textures/..', /climbs out/],
    ['/home/artist/tex/wood.png', /absolute/],
    ['//server/share/wood.png', /absolute/],
    ['C:/Users/artist/wood.png', /drive letter/],
    ['c:wood.png', /drive letter/],
    ['C:\\Users\\artist\\wood.png', /backslash/],
    ['textures\\wood.png', /backslash/],
    ['textures//wood.png', /empty segment/],
    ['textures/', /empty segment/],
    ['./textures/wood.png', /"\." segment/],
    ['textures/./wood.png', /"\." segment/],
    ['tex\u0000tures/wood.png', /control character/],
    ['line\nbreak.png', /control character/],
    [`${'a/'.repeat(600)}x`, /longer than 1024/],
  ];
  for (const [path, says] of refused) {
    it(`refuses ${JSON.stringify(path.length > 40 ? `${path.slice(0, 40)}…` : path)}`, () => {
      const problem = projectPathProblem(path);
      assert.ok(problem, 'refused');
      assert.match(problem, says);
    });
  }
});

describe('validateManifest', () => {
  it('takes a clean manifest as given', () => {
    const files = [entry('textures/wood.png'), entry('textures/metal.png', 'b'.repeat(64), 0), entry('libs/props.blend')];
    assert.deepEqual(validateManifest(files, { ...opts, blendPath: 'shots/shot.blend' }), files);
  });

  it('names the entry whose path is not clean', () => {
    const error = refusal([entry('textures/wood.png'), entry('../secret.png')]);
    assert.equal(error.field, 'files[1].path');
    assert.match(error.message, /^Invalid files\[1\]\.path: "\.\.\/secret\.png": the path climbs out/);
  });

  it('refuses a path given twice, naming both entries', () => {
    const error = refusal([entry('a.png'), entry('b.png'), entry('a.png', 'c'.repeat(64))]);
    assert.equal(error.field, 'files[2].path');
    assert.match(error.message, /a\.png is listed twice \(also files\[0\]\)/);
  });

  it('refuses a file where the .blend goes', () => {
    const error = refusal([entry('shot.blend')], { ...opts, blendPath: 'shot.blend' });
    assert.equal(error.field, 'files[0].path');
    assert.match(error.message, /shot\.blend is listed twice \(also blendPath\)/);
  });

  it('refuses a path that is both a file and a folder', () => {
    const error = refusal([entry('textures'), entry('textures/wood.png')]);
    assert.equal(error.field, 'files[1].path');
    assert.match(error.message, /textures is a file \(files\[0\]\) and the folder of textures\/wood\.png/);
  });

  it('refuses a .blend placed inside a file', () => {
    const error = refusal([entry('shots')], { ...opts, blendPath: 'shots/shot.blend' });
    assert.equal(error.field, 'blendPath');
    assert.match(error.message, /shots is a file \(files\[0\]\) and the folder of shots\/shot\.blend/);
  });

  it('refuses a SHA-256 that is not 64 lowercase hex digits', () => {
    for (const sha of ['abc', 'A'.repeat(64), `${'a'.repeat(63)}g`]) {
      const error = refusal([entry('wood.png', sha)]);
      assert.equal(error.field, 'files[0].sha256');
      assert.match(error.message, /is not a SHA-256 \(64 lowercase hexadecimal digits\)/);
    }
  });

  it('refuses a size that is not a whole number of bytes, or over the upload limit', () => {
    for (const size of [-1, 1.5, Number.NaN]) {
      const error = refusal([entry('wood.png', SHA, size)]);
      assert.equal(error.field, 'files[0].size');
      assert.match(error.message, /whole number of bytes/);
    }
    assert.match(refusal([entry('wood.png', SHA, 1001)]).message, /1001 bytes is more than the upload limit of 1000 bytes/);
  });

  it(`refuses more than ${MAX_PROJECT_FILES} files`, () => {
    const files = Array.from({ length: MAX_PROJECT_FILES + 1 }, (_, i) => entry(`f${i}`));
    const error = refusal(files);
    assert.equal(error.field, 'files');
    assert.match(error.message, /at most 100,000 files per project, got 100,001/);
  });
});
