/**
 * What a client sees when the farm refuses a project, and that a refusal writes nothing:
 * every bad manifest entry (a path outside the project, absolute, with a drive letter or a
 * backslash, with an empty segment, given twice; a content not in the store or of another
 * size; not a SHA-256) and every bad upload (bytes that do not have the claimed SHA-256,
 * too large) gets a BAD_USER_INPUT error naming the field, and leaves no job, no row and
 * no file behind.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProjectFileInput } from '../../common/graphql/generated/graphql.ts';
import { filesUnder, ok, startFarm, submitJob, type TestFarm } from '../support/farm.ts';
import { assertRefused, farmState } from '../support/refusals.ts';
import { makeProject, randomBytes, shipProject, type TestProject, TestMissingContents, uploadContent } from '../support/projects.ts';
import { sha256 } from '../support/uploads.ts';

const MAX_UPLOAD_BYTES = 256 * 1024;

describe('bad project input is refused, naming the field, and writes nothing', () => {
  let farm: TestFarm;
  let project: TestProject;
  let stored: ProjectFileInput;

  before(async () => {
    farm = await startFarm({ maxUploadBytes: MAX_UPLOAD_BYTES });
    project = await makeProject({ 'textures/wood.png': randomBytes(5000) });
    stored = (await shipProject(farm.farm, project)).manifest[0]!;
  });

  after(async () => {
    await farm?.stop();
  });

  const entry = (p: string) => ({ ...stored, path: p });
  const absent = () => {
    const bytes = randomBytes(100);
    return { path: 'textures/new.png', sha256: sha256(bytes), size: bytes.length };
  };
  const cases: Array<{ title: string; files: () => ProjectFileInput[]; blendPath?: string; field: string; says: RegExp }> = [
    { title: 'a content not in the store', files: () => [stored, absent()], field: 'files[1].sha256', says: /textures\/new\.png: content [0-9a-f]{64} is not in the store; upload what missingContents lists first/ },
    { title: 'a path climbing out with ..', files: () => [entry('../outside/wood.png')], field: 'files[0].path', says: /"\.\.\/outside\/wood\.png": the path climbs out of the project folder/ },
    { title: 'an absolute path', files: () => [entry('/home/artist/tex/wood.png')], field: 'files[0].path', says: /the path is absolute/ },
    { title: 'a drive letter', files: () => [entry('C:/Users/artist/tex/wood.png')], field: 'files[0].path', says: /starts with a drive letter/ },
    { title: 'a backslash', files: () => [entry('textures\\wood.png')], field: 'files[0].path', says: /has a backslash/ },
    { title: 'an empty segment', files: () => [entry('textures//wood.png')], field: 'files[0].path', says: /an empty segment/ },
    { title: 'a path given twice', files: () => [stored, entry('textures/other.png'), stored], field: 'files[2].path', says: /textures\/wood\.png is listed twice \(also files\[0\]\)/ },
    { title: 'a file where the .blend goes', files: () => [entry('shot.blend')], field: 'files[0].path', says: /shot\.blend is listed twice \(also blendPath\)/ },
    { title: 'a stored content of another size', files: () => [{ ...stored, size: stored.size + 1 }], field: 'files[0].size', says: /has 5000 bytes, not 5001/ },
    { title: 'a SHA-256 that is not one', files: () => [{ ...stored, sha256: 'abc' }], field: 'files[0].sha256', says: /"abc" is not a SHA-256/ },
    { title: 'a .blend placed outside the project', files: () => [stored], blendPath: '../shot.blend', field: 'blendPath', says: /"\.\.\/shot\.blend": the path climbs out/ },
  ];

  for (const c of cases) {
    it(`submitJob refuses ${c.title}, naming ${c.field}`, async () => {
      const before = await farmState(farm);
      const result = await submitJob(farm.farm, project.blendFile, { name: 'Shot 010', totalFrames: 2, outputFormat: 'PNG', files: c.files(), blendPath: c.blendPath });
      assertRefused(result, c.field, c.says);
      assert.equal(result.data?.submitJob ?? null, null, 'no job returned');
      assert.deepEqual(await farmState(farm), before, 'nothing written');
    });
  }

  it('missingContents checks the manifest the same way', async () => {
    const before = await farmState(farm);
    const result = await farm.farm.client.query(TestMissingContents, { files: [stored, entry('textures/../../etc/passwd')] }).toPromise();
    assertRefused(result, 'files[1].path', /the path climbs out of the project folder/);
    assert.deepEqual(await farmState(farm), before);
  });

  it('uploadContent refuses bytes that do not have the claimed SHA-256, naming the file, and stores nothing', async () => {
    const before = await farmState(farm);
    const claimed = absent();
    const result = await uploadContent(farm.farm, claimed.sha256, randomBytes(100), 'wood.png');
    assertRefused(result, 'file', /^Invalid file: wood\.png: its bytes have SHA-256 [0-9a-f]{64}, not [0-9a-f]{64} as claimed; nothing was stored$/);
    assert.deepEqual(await farmState(farm), before, 'nothing in contents/ nor in incoming/');
    const missing = ok(await farm.farm.client.query(TestMissingContents, { files: [claimed] }).toPromise()).missingContents;
    assert.equal(missing.length, 1, 'still missing');
  });

  it('uploadContent refuses a malformed SHA-256 before reading the file', async () => {
    const before = await farmState(farm);
    assertRefused(await uploadContent(farm.farm, 'WOOD', randomBytes(10), 'wood.png'), 'sha256', /"WOOD" is not a SHA-256/);
    assert.deepEqual(await farmState(farm), before);
  });

  it('uploadContent refuses a file over the upload limit and keeps nothing of it', async () => {
    const before = await farmState(farm);
    const big = randomBytes(MAX_UPLOAD_BYTES + 1);
    assertRefused(await uploadContent(farm.farm, sha256(big), big, 'huge.exr'), 'file', /huge\.exr: the file is larger than the limit of 262 KB \(262,144 bytes\)/);
    assert.deepEqual(await farmState(farm), before);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'incoming')), []);
  });
});
