import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { blendEncoding, blendHeaderProblem } from '../../server/storage/blend-header.ts';
import { receiveFile, UploadRejected } from '../../server/storage/files.ts';

describe('blend header', () => {
  it('recognises plain, gzip and zstd .blend files', () => {
    assert.equal(blendEncoding(Buffer.from('BLENDER-v304RENDH')), 'plain');
    assert.equal(blendEncoding(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip');
    assert.equal(blendEncoding(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])), 'zstd');
    assert.equal(blendEncoding(Buffer.from('\x89PNG\r\n')), null);
    assert.match(blendHeaderProblem(Buffer.from('hello world')) ?? '', /not a \.blend file/);
  });
});

describe('receiveFile', () => {
  const opts = { field: 'file', maxBytes: 32, checkHeader: blendHeaderProblem, headerBytes: 7 };

  async function receive(chunks: Buffer[], maxBytes = 32) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'farm-unit-'));
    const dest = path.join(dir, 'upload');
    try {
      const received = await receiveFile(Readable.from(chunks), dest, { ...opts, maxBytes });
      return { received, files: await fs.readdir(dir) };
    } catch (error) {
      return { error: error as UploadRejected, files: await fs.readdir(dir) };
    }
  }

  it('stores the file with its size and SHA-256, header split over chunks', async () => {
    const { received, files } = await receive([Buffer.from('BLEN'), Buffer.from('DER-rest')]);
    assert.equal(received?.size, 12);
    // sha256('BLENDER-rest')
    assert.equal(received?.sha256, '595bbc03a795842c06a34ca6ea3f6b5380da553ecd7d735ce2619c8619d629e9');
    assert.deepEqual(files, ['upload']);
  });

  for (const [what, chunks, max, pattern] of [
    ['an empty file', [], 32, /the file is empty/],
    ['a file that is not a .blend', [Buffer.from('PNG and more bytes')], 32, /not a \.blend file/],
    ['a short file that is not a .blend', [Buffer.from('abc')], 32, /not a \.blend file/],
    ['a file over the limit', [Buffer.from('BLENDER'), Buffer.alloc(40)], 32, /larger than the limit of 32 bytes$/],
  ] as const) {
    it(`refuses ${what} and leaves nothing behind`, async () => {
      const { error, files } = await receive([...chunks], max);
      assert.ok(error instanceof UploadRejected, `expected a refusal, got ${String(error)}`);
      assert.equal(error.field, 'file');
      assert.match(error.message, pattern);
      assert.deepEqual(files, []);
    });
  }
});
