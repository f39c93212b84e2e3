/**
 * Collecting the output, as a user does after a render: the frames zip, thumbnails and full
 * previews of PNG and EXR frames (EXR tone-mapped to look like the PNG), the preview video,
 * and the refusals a user may meet. Real Blender through one real worker, real ffmpeg; the
 * dashboard's built files served at / by the same server.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import yauzl from 'yauzl';
import { makeScene } from '../support/blender.ts';
import { filesUnder, ok, startFarm, startWorker, submitJob, tempDir, type TestFarm, type TestWorker } from '../support/farm.ts';
import { waitFor } from '../support/processes.ts';
import { DeleteJob, RequeueFrames } from '../support/operations.ts';
import { ffprobe } from '../support/checks.ts';

const run = promisify(execFile);

// 64x36 at 600%: large enough that a thumbnail is really scaled down to its 320x180 box.
const WIDTH = 384;
const HEIGHT = 216;

interface OutputsOfJob {
  job: {
    id: string;
    name: string;
    status: string;
    framesDone: number;
    framesZipUrl: string | null;
    previewVideoUrl: string | null;
    frames: Array<{ number: number; status: string; outputUrl: string | null; thumbnailUrl: string | null; previewUrl: string | null }>;
  } | null;
}

// Untyped on purpose: the operations in tests/support/operations.ts are typed by codegen into
// worker/graphql/generated/, which the CLI's work regenerates at the same time; these fields
// are read only here.
const OUTPUTS_OF_JOB = `
  query OutputsOfJob($id: ID!) {
    job(id: $id) {
      id name status framesDone framesZipUrl previewVideoUrl
      frames { number status outputUrl thumbnailUrl previewUrl }
    }
  }`;

async function graphqlPost<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

async function get(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return { response, status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Mean brightness 0..255 of an image, decoded by ffmpeg to 8-bit gray. */
async function meanGray(file: string): Promise<number> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.reduce((sum, value) => sum + value, 0) / stdout.length;
}

function isJpeg(bytes: Buffer): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

describe('collecting the output: zip, thumbnails, previews, video, dashboard', () => {
  let farm: TestFarm;
  let worker: TestWorker;
  let dir: string;
  let dist: string;
  const ids = { png: '', exr: '', multilayer: '', failed: '', waiting: '' };

  before(async () => {
    dir = await tempDir('outputs');
    dist = path.join(dir, 'dist');
    await fsp.mkdir(path.join(dist, 'assets'), { recursive: true });
    await fsp.writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Farm</title><div id="root"></div>');
    await fsp.writeFile(path.join(dist, 'assets', 'x.js'), 'console.log("dashboard");\n');
    // Frame 10 fails in Blender (see make_scene.py): a job of just that frame FAILS.
    const blend = await makeScene({ out: path.join(dir, 'shot.blend'), frames: 10, scale: 600, failFrame: 10 });
    farm = await startFarm({ dashboardDir: dist });
    worker = startWorker(farm.url, 'solo');
    await waitFor('the worker to subscribe', () => worker.lines.some((line) => line.includes('subscribed for frames')));
    const submit = async (name: string, input: Record<string, unknown>) =>
      ok(await submitJob(farm.farm, blend, { name, outputFormat: 'PNG', ...input })).submitJob.id;
    // Frames 1, 3, 5, 7, 9: numbers with gaps, as the zip and the video must handle.
    ids.png = await submit('Shot 010 / PNG', { frameStart: 1, frameEnd: 9, frameStep: 2 });
    ids.exr = await submit('Shot 010 EXR', { frameStart: 1, frameEnd: 3, frameStep: 2, outputFormat: 'OPEN_EXR' });
    ids.multilayer = await submit('Shot 010 layers', { frameStart: 1, frameEnd: 1, outputFormat: 'OPEN_EXR_MULTILAYER' });
    ids.failed = await submit('Broken', { frameStart: 10, frameEnd: 10, maxAttempts: 1 });
    // Needs a tag no worker has: stays QUEUED with no frame DONE.
    ids.waiting = await submit('Waiting', { totalFrames: 2, requiredTags: ['no-such-tag'] });
  });

  let stopped = false;
  after(async () => {
    if (stopped) return;
    await worker?.stop();
    await farm?.stop();
  });

  async function outputs(id: string) {
    const { job } = await graphqlPost<OutputsOfJob>(farm.url, OUTPUTS_OF_JOB, { id });
    assert.ok(job, `job ${id} exists`);
    return job;
  }

  async function finished(id: string, status = 'COMPLETED') {
    return waitFor(`job ${id} to be ${status}`, async () => {
      const job = await outputs(id);
      return job.status === status ? job : null;
    }, { timeoutMs: 60_000, intervalMs: 200 });
  }

  it('zips every DONE frame, stored, in frame order, bytes equal to each frame file', async (t) => {
    const job = await finished(ids.png);
    assert.equal(job.framesZipUrl, `${farm.url}/files/jobs/${ids.png}/frames.zip`);
    const startedAt = performance.now();
    const { response, status, bytes } = await get(job.framesZipUrl!);
    t.diagnostic(`frames.zip of 5 frames, ${bytes.length} bytes in ${Math.round(performance.now() - startedAt)} ms`);
    assert.equal(status, 200);
    assert.equal(response.headers.get('content-type'), 'application/zip');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="Shot_010_PNG-frames.zip"');

    const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
    const entries = new Map<string, Buffer>();
    for await (const entry of zip.eachEntry()) {
      assert.equal(entry.compressionMethod, 0, `${entry.fileName} is stored, not deflated`);
      entries.set(entry.fileName, await buffer(await zip.openReadStreamPromise(entry)));
    }
    assert.deepEqual([...entries.keys()], ['0001', '0003', '0005', '0007', '0009'].map((n) => `Shot_010_PNG/${n}.png`));
    for (const frame of job.frames) {
      const original = await get(frame.outputUrl!);
      const name = `Shot_010_PNG/${String(frame.number).padStart(4, '0')}.png`;
      assert.ok(original.bytes.equals(entries.get(name)!), `${name} in the zip is the frame's file, byte for byte`);
    }
  });

  it('makes JPEG thumbnails that fit 320x180 and full-size previews, cached on disk', async () => {
    const job = await finished(ids.png);
    const frame = job.frames[1]!;
    assert.equal(frame.thumbnailUrl, `${farm.url}/files/jobs/${ids.png}/thumbs/0003.jpg`);
    assert.equal(frame.previewUrl, `${farm.url}/files/jobs/${ids.png}/previews/0003.jpg`);
    // Two at once: one ffmpeg, both get the same picture.
    const [thumb, again] = await Promise.all([get(frame.thumbnailUrl!), get(frame.thumbnailUrl!)]);
    assert.equal(thumb.status, 200);
    assert.equal(thumb.response.headers.get('content-type'), 'image/jpeg');
    assert.ok(isJpeg(thumb.bytes), 'a JPEG');
    assert.ok(thumb.bytes.equals(again.bytes));
    const thumbFile = path.join(dir, 'thumb-0003.jpg');
    await fsp.writeFile(thumbFile, thumb.bytes);
    assert.deepEqual(await ffprobe(thumbFile).then((s) => [s.width, s.height]), [320, 180]);

    const preview = await get(frame.previewUrl!);
    assert.ok(isJpeg(preview.bytes));
    const previewFile = path.join(dir, 'preview-0003.jpg');
    await fsp.writeFile(previewFile, preview.bytes);
    assert.deepEqual(await ffprobe(previewFile).then((s) => [s.width, s.height]), [WIDTH, HEIGHT]);

    const cached = await filesUnder(path.join(farm.config.dataDir, 'previews', ids.png));
    assert.equal(cached.length, 2, `one thumbnail and one preview cached: ${cached.join(', ')}`);
    assert.match(cached[0]!, /^previews\/0003\.[^/]+\.jpg$/);
    assert.match(cached[1]!, /^thumbs\/0003\.[^/]+\.jpg$/);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'incoming')), [], 'no scratch files left');
    // Asked again, the browser revalidates with the ETag and gets 304, no body.
    const etag = thumb.response.headers.get('etag');
    assert.ok(etag);
    assert.equal((await get(frame.thumbnailUrl!, { headers: { 'if-none-match': etag } })).status, 304);
  });

  it('tone-maps EXR frames: the EXR preview looks like the PNG of the same frame', async (t) => {
    const png = await finished(ids.png);
    const exr = await finished(ids.exr);
    const layered = await finished(ids.multilayer);
    const files: Record<string, string> = {};
    for (const [key, url] of [
      ['png', png.frames[0]!.previewUrl],
      ['exr', exr.frames[0]!.previewUrl],
      ['exrThumb', exr.frames[0]!.thumbnailUrl],
      ['multilayer', layered.frames[0]!.previewUrl],
    ] as const) {
      const { status, bytes } = await get(url!);
      assert.equal(status, 200, `${key}: ${bytes.toString()}`);
      assert.ok(isJpeg(bytes), `${key} is a JPEG`);
      files[key] = path.join(dir, `${key}.jpg`);
      await fsp.writeFile(files[key], bytes);
    }
    assert.deepEqual(await ffprobe(files.exrThumb!).then((s) => [s.width, s.height]), [320, 180]);
    const means = {
      png: await meanGray(files.png!),
      exr: await meanGray(files.exr!),
      multilayer: await meanGray(files.multilayer!),
    };
    t.diagnostic(`mean brightness of frame 1: ${JSON.stringify(means)}`);
    // Seen: PNG (Blender's Filmic view) ~159; EXR with the sRGB curve ~174 (Blender's
    // Standard view is a little brighter); EXR shown untouched (no tone mapping) ~129.
    assert.ok(Math.abs(means.exr - means.png) < 25, `EXR preview ${means.exr.toFixed(1)} vs PNG ${means.png.toFixed(1)}`);
    assert.ok(means.exr > means.png - 5, 'not darkened: tone-mapped, not shown as linear values');
    assert.ok(Math.abs(means.multilayer - means.exr) < 2, `the multilayer EXR shows its combined pass: ${means.multilayer.toFixed(1)}`);
  });

  it('makes an H.264 preview video of every DONE frame in order, served with ranges', async (t) => {
    const job = await finished(ids.png);
    assert.equal(job.previewVideoUrl, `${farm.url}/files/jobs/${ids.png}/preview.mp4`);
    let startedAt = performance.now();
    const first = await get(job.previewVideoUrl!);
    const madeMs = performance.now() - startedAt;
    startedAt = performance.now();
    const cached = await get(job.previewVideoUrl!);
    t.diagnostic(`preview.mp4 of 5 frames: ${Math.round(madeMs)} ms to make, ${Math.round(performance.now() - startedAt)} ms from the cache`);
    assert.equal(first.status, 200, first.bytes.toString());
    assert.equal(first.response.headers.get('content-type'), 'video/mp4');
    assert.equal(first.response.headers.get('content-length'), String(first.bytes.length));
    assert.equal(first.response.headers.get('accept-ranges'), 'bytes');
    assert.ok(first.bytes.equals(cached.bytes));
    const video = path.join(dir, 'preview.mp4');
    await fsp.writeFile(video, first.bytes);
    const stream = await ffprobe(video);
    assert.deepEqual(
      [stream.codec_name, stream.pix_fmt, stream.width, stream.height, stream.r_frame_rate, Number(stream.nb_read_frames)],
      ['h264', 'yuv420p', WIDTH, HEIGHT, '24/1', job.framesDone],
    );

    const head = await get(job.previewVideoUrl!, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.response.headers.get('content-length'), String(first.bytes.length));
    assert.equal(head.bytes.length, 0);
    const range = await get(job.previewVideoUrl!, { headers: { range: 'bytes=100-199' } });
    assert.equal(range.status, 206);
    assert.equal(range.response.headers.get('content-range'), `bytes 100-199/${first.bytes.length}`);
    assert.ok(range.bytes.equals(first.bytes.subarray(100, 200)));

    const slow = await get(`${job.previewVideoUrl}?fps=5`);
    await fsp.writeFile(path.join(dir, 'slow.mp4'), slow.bytes);
    const slowStream = await ffprobe(path.join(dir, 'slow.mp4'));
    assert.deepEqual([slowStream.r_frame_rate, Number(slowStream.nb_read_frames)], ['5/1', job.framesDone]);
  });

  it('makes new thumbnails and a new video for a frame rendered again, and drops the old ones', async () => {
    const before = await finished(ids.png);
    const thumbsDir = path.join(farm.config.dataDir, 'previews', ids.png, 'thumbs');
    const oldThumb = await fsp.readdir(thumbsDir);
    const oldVideo = (await fsp.readdir(path.dirname(thumbsDir))).filter((n) => n.startsWith('preview.24fps.'));
    assert.equal(oldVideo.length, 1);
    ok(await farm.farm.client.mutation(RequeueFrames, { jobId: ids.png, frames: [3] }).toPromise());
    const after = await finished(ids.png);
    assert.equal(after.framesDone, before.framesDone);

    assert.equal((await get(after.frames[1]!.thumbnailUrl!)).status, 200);
    const newThumb = await fsp.readdir(thumbsDir);
    assert.equal(newThumb.length, 1, `only the new thumbnail is kept: ${newThumb.join(', ')}`);
    assert.notEqual(newThumb[0], oldThumb[0], 'the re-rendered frame has a new thumbnail');
    assert.equal((await get(after.previewVideoUrl!)).status, 200);
    const newVideo = (await fsp.readdir(path.dirname(thumbsDir))).filter((n) => n.startsWith('preview.24fps.'));
    assert.equal(newVideo.length, 1);
    assert.notEqual(newVideo[0], oldVideo[0], 'a new video for the new frame');
  });

  it('refuses with a readable reason: unknown job, not finished, bad fps, no frames', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const route of ['frames.zip', 'preview.mp4', 'thumbs/0001.jpg']) {
      const { status, bytes } = await get(`${farm.url}/files/jobs/${unknown}/${route}`);
      assert.deepEqual([status, bytes.toString()], [404, `No job with id "${unknown}"\n`], route);
    }
    const failed = await finished(ids.failed, 'FAILED');
    assert.equal(failed.previewVideoUrl, null);
    const video = await get(`${farm.url}/files/jobs/${ids.failed}/preview.mp4`);
    assert.deepEqual([video.status, video.bytes.toString()], [409, 'Job "Broken" is FAILED: a preview video is made once it is COMPLETED\n']);

    const waiting = await outputs(ids.waiting);
    assert.equal(waiting.framesZipUrl, null);
    const zip = await get(`${farm.url}/files/jobs/${ids.waiting}/frames.zip`);
    assert.deepEqual(
      [zip.status, zip.bytes.toString()],
      [409, `Job "Waiting" (${ids.waiting}) has no DONE frames yet: there is nothing to put in a zip\n`],
    );
    const queued = await get(`${farm.url}/files/jobs/${ids.waiting}/preview.mp4`);
    assert.deepEqual([queued.status, queued.bytes.toString()], [409, 'Job "Waiting" is QUEUED: a preview video is made once it is COMPLETED\n']);
    const thumb = await get(`${farm.url}/files/jobs/${ids.waiting}/thumbs/0001.jpg`);
    assert.deepEqual([thumb.status, thumb.bytes.toString()], [409, 'Frame 1 of job "Waiting" is QUEUED: its thumbnail is made once it is DONE\n']);
    const noFrame = await get(`${farm.url}/files/jobs/${ids.png}/previews/0002.jpg`);
    assert.deepEqual([noFrame.status, noFrame.bytes.toString()], [404, `Job "Shot 010 / PNG" (${ids.png}) has no frame 2\n`]);

    for (const fps of ['0', '121', 'fast', '2.5']) {
      const bad = await get(`${farm.url}/files/jobs/${ids.png}/preview.mp4?fps=${fps}`);
      assert.deepEqual([bad.status, bad.bytes.toString()], [400, `fps must be a whole number from 1 to 120, got "${fps}"\n`], fps);
    }
    const post = await get(`${farm.url}/files/jobs/${ids.png}/frames.zip`, { method: 'POST' });
    assert.equal(post.status, 405);
  });

  it('serves the dashboard at /, index.html for its routes, assets cached, GraphQL untouched', async () => {
    const index = await fsp.readFile(path.join(dist, 'index.html'));
    for (const route of ['/', '/jobs/abc']) {
      const { response, status, bytes } = await get(`${farm.url}${route}`);
      assert.equal(status, 200, route);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.ok(bytes.equals(index), `${route} is the dashboard's index.html`);
    }
    const asset = await get(`${farm.url}/assets/x.js`);
    assert.equal(asset.status, 200);
    assert.equal(asset.response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(asset.response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(asset.bytes.toString(), 'console.log("dashboard");\n');
    assert.equal((await get(`${farm.url}/assets/gone.js`)).status, 404);
    assert.equal((await get(`${farm.url}/healthz`)).bytes.toString(), 'ok\n');
    const { __typename } = await graphqlPost<{ __typename: string }>(farm.url, '{ __typename }');
    assert.equal(__typename, 'Query');

    const bare = await startFarm({ dashboardDir: path.join(dir, 'no-dist') });
    try {
      const root = await get(`${bare.url}/`, { redirect: 'manual' });
      assert.deepEqual([root.status, root.response.headers.get('location')], [302, '/graphql']);
    } finally {
      await bare.stop();
    }
  });

  it('deletes the cached previews with the job', async () => {
    const previews = path.join(farm.config.dataDir, 'previews', ids.exr);
    assert.ok((await filesUnder(previews)).length > 0);
    ok(await farm.farm.client.mutation(DeleteJob, { jobId: ids.exr }).toPromise());
    assert.deepEqual(await filesUnder(previews), []);
    await assert.rejects(fsp.stat(previews), { code: 'ENOENT' });
  });

  it('says how to install ffmpeg when the server has none', async () => {
    // The same data, served by a server whose ffmpeg is missing; this preview was never made.
    stopped = true;
    await worker.stop();
    await farm.stop();
    const noFfmpeg = await startFarm({ dataDir: farm.config.dataDir, ffmpegPath: path.join(dir, 'no-ffmpeg') });
    try {
      const { status, bytes } = await get(`${noFfmpeg.url}/files/jobs/${ids.png}/previews/0009.jpg`);
      assert.deepEqual([status, bytes.toString()], [503, 'ffmpeg is not installed on the server: apt-get install ffmpeg\n']);
    } finally {
      await noFfmpeg.stop();
    }
  });
});
