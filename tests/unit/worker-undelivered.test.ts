/**
 * Notes of rendered frames not yet delivered: what a worker finds in its frames folder when
 * it starts again.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  findUndelivered,
  forgetUndelivered,
  notePath,
  parseNote,
  rememberUndelivered,
  type RenderedFrame,
} from '../../worker/undelivered.ts';

let framesDir: string;

beforeEach(async () => {
  framesDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'undelivered-test-'));
});
afterEach(async () => {
  await fsp.rm(framesDir, { recursive: true, force: true });
});

/** A rendered frame on disk, as the agent leaves it before uploading. */
async function rendered(jobId: string, frameNumber: number, renderTimeMs: number | null = 1_200): Promise<RenderedFrame> {
  const file = path.join(framesDir, jobId, `${String(frameNumber).padStart(4, '0')}.png`);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, 'rendered pixels');
  const frame = { jobId, frameNumber, renderTimeMs, file };
  await rememberUndelivered(frame);
  return frame;
}

describe('undelivered frames', () => {
  it('finds every remembered frame, by job and frame number', async () => {
    const frames = [await rendered('job-b', 2), await rendered('job-a', 10, null), await rendered('job-a', 9)];
    const found = await findUndelivered(framesDir);
    assert.deepEqual(found, { frames: [frames[2], frames[1], frames[0]], unreadable: [] });
  });

  it('forgets a delivered frame: its file and its note are gone', async () => {
    const delivered = await rendered('job-a', 1);
    const kept = await rendered('job-a', 2);
    await forgetUndelivered(delivered);
    assert.deepEqual((await fsp.readdir(path.join(framesDir, 'job-a'))).sort(), ['0002.png', '0002.png.undelivered.json']);
    assert.deepEqual((await findUndelivered(framesDir)).frames, [kept]);
  });

  it('clears a note whose file is gone, and reports one it cannot read', async () => {
    const gone = await rendered('job-a', 1);
    await fsp.rm(gone.file);
    const garbled = path.join(framesDir, 'job-a', '0002.png.undelivered.json');
    await fsp.writeFile(path.join(framesDir, 'job-a', '0002.png'), 'rendered pixels');
    await fsp.writeFile(garbled, '{"jobId": "job-a", "frameNu');

    assert.deepEqual(await findUndelivered(framesDir), { frames: [], unreadable: [garbled] });
    assert.deepEqual((await fsp.readdir(path.join(framesDir, 'job-a'))).sort(), ['0002.png', '0002.png.undelivered.json']);
  });

  it('finds nothing in a worker that never rendered', async () => {
    assert.deepEqual(await findUndelivered(path.join(framesDir, 'no-such-folder')), { frames: [], unreadable: [] });
  });

  it('takes the file beside the note, wherever the work dir has moved to', () => {
    const note = notePath('/new/place/frames/job-a/0003.exr');
    const text = JSON.stringify({ jobId: 'job-a', frameNumber: 3, renderTimeMs: 50, file: '/old/place/frames/job-a/0003.exr' });
    assert.deepEqual(parseNote(text, note), { jobId: 'job-a', frameNumber: 3, renderTimeMs: 50, file: '/new/place/frames/job-a/0003.exr' });
  });

  it('refuses notes that do not say which frame', () => {
    const note = notePath('/frames/job-a/0001.png');
    for (const text of ['null', '[]', '{}', '{"jobId":"job-a","frameNumber":"1","renderTimeMs":null}', '{"jobId":"","frameNumber":1,"renderTimeMs":null}', '{"jobId":"job-a","frameNumber":1,"renderTimeMs":"fast"}']) {
      assert.equal(parseNote(text, note), null, text);
    }
  });
});
