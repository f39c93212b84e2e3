/**
 * A project .zip the farm must not unpack (an entry escaping the project folder by `../`,
 * an absolute path or a drive letter, a symbolic link, an archive bomb, no .blend or two
 * without blendPath, a .blend that is not one) is refused on `file` with the entry named,
 * and leaves nothing behind: no job, no content, no .blend, nothing in incoming/.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ok, startFarm, submitJob, tempDir, type TestFarm } from '../support/farm.ts';
import { TestJobProject, uploadContent } from '../support/projects.ts';
import { assertRefused, farmState } from '../support/refusals.ts';
import { PNG_1X1, sha256 } from '../support/uploads.ts';
import { SYMLINK_MODE, zipArchive, type ZipEntryInput } from '../support/zip-writer.ts';

/** The server reads only a .blend's header; the render tests send real ones. */
const BLEND = Buffer.concat([Buffer.from('BLENDER-v405RENDB'), Buffer.alloc(64)]);
const SHOT: ZipEntryInput = { name: 'shot/shot.blend', data: BLEND };
const TEXTURE: ZipEntryInput = { name: 'shot/textures/wood.png', data: PNG_1X1 };

describe('hostile project archives are refused, naming the entry, and store nothing', () => {
  let farm: TestFarm;
  let dir: string;

  before(async () => {
    farm = await startFarm();
    dir = await tempDir('archive-refusals');
  });

  after(async () => {
    await farm?.stop();
  });

  const submitZip = async (entries: readonly ZipEntryInput[], blendPath?: string) => {
    const zip = path.join(dir, 'project.zip');
    await fsp.writeFile(zip, zipArchive(entries));
    return submitJob(farm.farm, zip, { name: 'Zipped shot', totalFrames: 1, outputFormat: 'PNG', blendPath });
  };

  const cases: Array<{ title: string; entries: ZipEntryInput[]; blendPath?: string; says: RegExp }> = [
    { title: 'an entry climbing out with ../', entries: [SHOT, { name: '../evil.png', data: PNG_1X1 }], says: /"\.\.\/evil\.png" would land outside the project folder/ },
    { title: 'an absolute entry', entries: [SHOT, { name: '/etc/cron.d/evil', data: 'x' }], says: /"\/etc\/cron\.d\/evil" would land outside the project folder/ },
    { title: 'an entry with a drive letter', entries: [SHOT, { name: 'C:/Windows/evil.dll', data: 'x' }], says: /"C:\/Windows\/evil\.dll" would land outside the project folder/ },
    { title: 'a symbolic link', entries: [SHOT, { name: 'shot/textures/wood.png', data: '/etc/passwd', mode: SYMLINK_MODE }], says: /"shot\/textures\/wood\.png" is a symbolic link/ },
    { title: 'an archive bomb', entries: [SHOT, { name: 'shot/cache/big.vdb', data: Buffer.alloc(16 * 1024 * 1024) }], says: /"shot\/cache\/big\.vdb" unpacks \d+× its packed size: refused as an archive bomb/ },
    { title: 'an archive without a .blend', entries: [TEXTURE], says: /the archive has no \.blend file/ },
    { title: 'two .blend files and no blendPath', entries: [SHOT, { name: 'lib/props.blend', data: BLEND }], says: /the archive has 2 \.blend files \("shot\/shot\.blend", "lib\/props\.blend"\): say which one to render/ },
    { title: 'a blendPath not in the archive', entries: [SHOT], blendPath: 'shot.blend', says: /"shot\.blend" is not a \.blend in the archive \(it has "shot\/shot\.blend"\)/ },
    { title: 'a .blend that is not one', entries: [TEXTURE, { name: 'shot/shot.blend', data: PNG_1X1 }], says: /"shot\/shot\.blend" in the archive: not a \.blend file/ },
    { title: 'an entry that is a file and a folder', entries: [SHOT, { name: 'shot/textures', data: 'x' }, TEXTURE], says: /shot\/textures is a file/ },
  ];

  for (const c of cases) {
    it(`submitJob refuses ${c.title}`, async () => {
      const before = await farmState(farm);
      const result = await submitZip(c.entries, c.blendPath);
      assertRefused(result, 'file', c.says);
      assert.equal(result.data?.submitJob ?? null, null, 'no job returned');
      assert.deepEqual(await farmState(farm), before, 'nothing written: no job, content, .blend, nor anything in incoming/');
    });
  }

  it('refuses files sent beside an archive, which carries its own', async () => {
    ok(await uploadContent(farm.farm, sha256(PNG_1X1), PNG_1X1, 'wood.png'));
    const before = await farmState(farm);
    const zip = path.join(dir, 'project.zip');
    await fsp.writeFile(zip, zipArchive([SHOT, TEXTURE]));
    const files = [{ path: 'textures/wood.png', sha256: sha256(PNG_1X1), size: PNG_1X1.length }];
    const result = await submitJob(farm.farm, zip, { name: 'Zipped shot', totalFrames: 1, outputFormat: 'PNG', files });
    assertRefused(result, 'files', /a project \.zip carries its own files: send files only with a \.blend/);
    assert.deepEqual(await farmState(farm), before);
  });

  it('takes a clean archive: the .blend at its path inside, the other files beside it', async () => {
    const result = await submitZip([SHOT, TEXTURE, { name: 'lib/props.blend', data: BLEND }], 'shot/shot.blend');
    const { id } = ok(result).submitJob;
    const row = await farm.app.services.db.job.findUniqueOrThrow({ where: { id } });
    assert.equal(row.blendName, 'shot.blend', "the .blend's own name, not the archive's");
    assert.equal(row.blendSha256, sha256(BLEND));
    const { job } = ok(await farm.farm.client.query(TestJobProject, { id }).toPromise());
    assert.equal(job?.blendPath, 'shot/shot.blend');
    assert.deepEqual(job?.files.map((f) => [f.path, f.sha256, f.size]).sort(), [
      ['lib/props.blend', sha256(BLEND), BLEND.length],
      ['shot/textures/wood.png', sha256(PNG_1X1), PNG_1X1.length],
    ]);
    assert.equal(job?.fileCount, 2);
    assert.deepEqual(await fsp.readdir(path.join(farm.config.dataDir, 'incoming')), [], 'nothing left in incoming/');
  });
});
