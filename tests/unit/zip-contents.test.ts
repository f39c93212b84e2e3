/**
 * The dashboard's reader of a .zip's file names (dashboard/src/zip-contents.ts), on archives
 * written byte by byte and by archiver (ZIP64 records included): it finds the central
 * directory from the end alone and lists the .blend files inside.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import { ZipArchive, type ZipOptions } from 'archiver';
import { blendsInArchive, isArchiveName, zipEntryNames } from '../../dashboard/src/zip-contents.ts';
import { zipArchive } from '../support/zip-writer.ts';

/** An archive written by archiver (as most zip tools write them), with options such as forceZip64. */
async function archived(files: Record<string, string>, options: ZipOptions): Promise<Blob> {
  const zip = new ZipArchive(options);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => out.on('end', resolve));
  zip.pipe(out);
  for (const [name, data] of Object.entries(files)) zip.append(data, { name });
  await zip.finalize();
  await done;
  return new Blob(chunks.map((chunk) => new Uint8Array(chunk)));
}

describe('reading a .zip file list in the browser', () => {
  it('lists every entry and the .blend files, in archive order', async () => {
    const zip = new Blob([new Uint8Array(zipArchive([{ name: 'shot/shot.blend' }, { name: 'shot/textures/grid.png' }, { name: 'lib/Props.BLEND' }]))]);
    assert.deepEqual(await zipEntryNames(zip), ['shot/shot.blend', 'shot/textures/grid.png', 'lib/Props.BLEND']);
    assert.deepEqual(await blendsInArchive(zip), ['shot/shot.blend', 'lib/Props.BLEND']);
  });

  it('reads archives made by a zip tool, with an archive comment and with ZIP64 records', async () => {
    const files = { 'shot/shot.blend': 'BLENDER', 'shot/notes-été.txt': 'x' };
    for (const options of [{ comment: 'made for the farm '.repeat(100) }, { forceZip64: true }]) {
      const zip = await archived(files, options);
      assert.deepEqual(await zipEntryNames(zip), Object.keys(files), JSON.stringify(options).slice(0, 40));
      if ('forceZip64' in options) {
        const end = new DataView(await zip.slice(zip.size - 22).arrayBuffer());
        assert.equal(end.getUint32(16, true), 0xffffffff, 'the directory offset is in the ZIP64 record only');
      }
    }
  });

  it('says when a file is not a .zip', async () => {
    await assert.rejects(zipEntryNames(new Blob(['BLENDER-v405 and more'])), /not a \.zip archive/);
    assert.equal(isArchiveName('Project.ZIP'), true);
    assert.equal(isArchiveName('shot.blend'), false);
  });
});
