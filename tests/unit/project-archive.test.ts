import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { after, describe, it } from 'node:test';
import { InputError } from '../../server/errors.ts';
import { eachArchiveFile, readProjectArchive } from '../../server/storage/project-archive.ts';
import { SYMLINK_MODE, type ZipEntryInput, zipArchive } from '../support/zip-writer.ts';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'project-archive-'));
after(() => fs.rm(dir, { recursive: true, force: true }));
let made = 0;

async function zipFile(entries: readonly ZipEntryInput[] | Buffer): Promise<string> {
  const file = path.join(dir, `${(made += 1)}.zip`);
  await fs.writeFile(file, Buffer.isBuffer(entries) ? entries : zipArchive(entries));
  return file;
}

const PROJECT: ZipEntryInput[] = [
  { name: 'shot/', method: 'store', mode: 0o40755 },
  { name: 'shot/shot.blend', data: 'BLENDER-v304 scene' },
  { name: 'shot/textures/grid.png', data: 'png bytes', method: 'store' },
];

/** The refusal's message, checking it is the input error of the `project` field. */
async function refusal(file: string, opts: Partial<Parameters<typeof readProjectArchive>[1]> = {}): Promise<string> {
  try {
    await readProjectArchive(file, { field: 'project', ...opts });
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, got ${String(error)}`);
    assert.equal(error.field, 'project');
    return error.message;
  }
  assert.fail('the archive was accepted');
}

describe('a project archive', () => {
  it('lists its files and finds the one .blend; each file streams out as it went in', async () => {
    const file = await zipFile(PROJECT);
    const archive = await readProjectArchive(file, { field: 'project' });
    assert.equal(archive.blendPath, 'shot/shot.blend');
    assert.deepEqual(archive.files, [
      { path: 'shot/shot.blend', size: 18 },
      { path: 'shot/textures/grid.png', size: 9 },
    ]);
    const contents: Record<string, string> = {};
    await eachArchiveFile(file, archive, 'project', async (entry, stream) => {
      contents[entry.path] = await text(stream);
    });
    assert.deepEqual(contents, { 'shot/shot.blend': 'BLENDER-v304 scene', 'shot/textures/grid.png': 'png bytes' });
  });

  it('takes the .blend it is told, and refuses one it does not hold', async () => {
    const file = await zipFile([...PROJECT, { name: 'shot/old/shot_v1.blend', data: 'BLENDER-v304 old' }]);
    assert.match(await refusal(file), /^Invalid project: the archive has 2 \.blend files \("shot\/shot\.blend", "shot\/old\/shot_v1\.blend"\): say which one to render$/);
    assert.equal((await readProjectArchive(file, { field: 'project', blendPath: 'shot/old/shot_v1.blend' })).blendPath, 'shot/old/shot_v1.blend');
    assert.match(await refusal(file, { blendPath: 'shot/nope.blend' }), /"shot\/nope\.blend" is not a \.blend in the archive/);
    assert.match(await refusal(await zipFile([{ name: 'textures/a.png', data: 'x' }])), /the archive has no \.blend file/);
  });

  for (const name of ['../evil.blend', 'shot/../../evil.png', '/etc/passwd', 'C:/Windows/evil.png', '..\\evil.png']) {
    it(`refuses an entry that escapes the project folder: ${name}`, async () => {
      const message = await refusal(await zipFile([...PROJECT, { name, data: 'x' }]));
      assert.match(message, /would land outside the project folder: entries must be relative paths inside it$/);
      assert.ok(message.includes(name.replaceAll('\\', '/')), message);
    });
  }

  it('refuses a symbolic link', async () => {
    const file = await zipFile([...PROJECT, { name: 'shot/textures/link.png', data: '/etc/passwd', method: 'store', mode: SYMLINK_MODE }]);
    assert.equal(await refusal(file), 'Invalid project: "shot/textures/link.png" is a symbolic link: put the file itself in the archive');
  });

  it('refuses archive bombs: entries, bytes and compression ratio', async () => {
    const many = await zipFile(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.blend`, data: 'x' })));
    assert.match(await refusal(many, { limits: { maxEntries: 10, maxTotalBytes: 1e9, maxRatio: 200 } }), /has 12 entries, more than the 10 a project may have/);
    assert.match(await refusal(await zipFile(PROJECT), { limits: { maxEntries: 10, maxTotalBytes: 20, maxRatio: 200 } }), /unpacks to more than 20 bytes/);
    const zeros = await zipFile([{ name: 'shot.blend', data: Buffer.alloc(8 * 1024 * 1024) }]);
    assert.match(await refusal(zeros), /^Invalid project: "shot\.blend" unpacks \d+× its packed size: refused as an archive bomb$/);
  });

  it('stops a file whose header understates its size while it streams', async () => {
    const file = await zipFile([{ name: 'shot.blend', data: Buffer.alloc(64 * 1024, 7), claimedSize: 100 }]);
    const archive = await readProjectArchive(file, { field: 'project' });
    await assert.rejects(
      eachArchiveFile(file, archive, 'project', async (_entry, stream) => {
        for await (const _chunk of stream) void _chunk;
      }),
      (error: Error) => error instanceof InputError && /"shot\.blend" could not be unpacked: too many bytes in the stream/.test(error.message),
    );
  });

  it('refuses a file that is not a zip, or names an entry twice', async () => {
    assert.match(await refusal(await zipFile(Buffer.from('BLENDER-v304 not a zip'))), /^Invalid project: not a readable \.zip archive/);
    assert.match(await refusal(await zipFile([...PROJECT, { name: 'shot/shot.blend', data: 'again' }])), /"shot\/shot\.blend" is in the archive twice/);
  });
});
