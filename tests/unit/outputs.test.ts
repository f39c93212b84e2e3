/**
 * The pure parts of the "frames out" endpoints: routes, ffmpeg command lines, ffconcat
 * lists, EXR channel lists, byte ranges, zip names, dashboard paths; and the ffmpeg runner's
 * queue against a fake ffmpeg.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveDashboardPath } from '../../server/http/dashboard.ts';
import { safeJobName } from '../../server/http/frames-zip.ts';
import { parseOutputRoute } from '../../server/http/outputs.ts';
import { parseRange } from '../../server/http/send.ts';
import { FfmpegFailed, FfmpegMissing, FfmpegRunner } from '../../server/media/ffmpeg.ts';
import {
  concatList,
  decodingFor,
  exrChannelNames,
  exrLayerToShow,
  parseFps,
  previewArgs,
  thumbnailArgs,
  videoArgs,
} from '../../server/media/ffmpeg-args.ts';
import { versionStamp } from '../../server/media/preview-cache.ts';

const JOB = '0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
const EXR_FIXTURES = new URL('./fixtures/exr/', import.meta.url);

describe('output routes', () => {
  it('names the zip, the video and the JPEGs of a frame', () => {
    assert.deepEqual(parseOutputRoute(`/files/jobs/${JOB}/frames.zip`), { kind: 'zip', jobId: JOB });
    assert.deepEqual(parseOutputRoute(`/files/jobs/${JOB}/preview.mp4`), { kind: 'video', jobId: JOB });
    assert.deepEqual(parseOutputRoute(`/files/jobs/${JOB}/thumbs/0001.jpg`), { kind: 'thumbs', jobId: JOB, frameBase: '0001' });
    assert.deepEqual(parseOutputRoute(`/files/jobs/${JOB}/previews/12345.jpg`), { kind: 'previews', jobId: JOB, frameBase: '12345' });
  });

  it('leaves frame files, .blend files and anything odd to others', () => {
    for (const pathname of [
      `/files/jobs/${JOB}/0001.png`,
      `/files/blends/${'a'.repeat(64)}.blend`,
      `/files/jobs/${JOB}/thumbs/001.jpg`,
      `/files/jobs/${JOB}/thumbs/0001.png`,
      `/files/jobs/${JOB}/thumbs/../0001.jpg`,
      `/files/jobs/${JOB}/other/0001.jpg`,
      '/files/jobs/not-a-job/frames.zip',
      `/files/jobs/${JOB}/frames.zip/x`,
      '/graphql',
    ]) {
      assert.equal(parseOutputRoute(pathname), null, pathname);
    }
  });
});

describe('ffmpeg command lines', () => {
  it('tone-maps EXR with the sRGB curve before -i, and names a multilayer EXR layer', () => {
    assert.deepEqual(decodingFor('/d/0001.png'), { exr: false, exrLayer: null });
    const plain = thumbnailArgs('/d/0001.exr', '/t/x.jpg', decodingFor('/d/0001.exr'));
    assert.deepEqual(plain.slice(0, 4), ['-apply_trc', 'iec61966_2_1', '-i', '/d/0001.exr']);
    const layered = previewArgs('/d/0001.exr', '/t/x.jpg', decodingFor('/d/0001.exr', 'ViewLayer.Combined'));
    assert.deepEqual(layered.slice(0, 6), ['-apply_trc', 'iec61966_2_1', '-layer', 'ViewLayer.Combined', '-i', '/d/0001.exr']);
    assert.equal(thumbnailArgs('/d/0001.png', '/t/x.jpg', decodingFor('/d/0001.png'))[0], '-i');
  });

  it('fits a thumbnail in 320x180 without enlarging it, one JPEG out', () => {
    const args = thumbnailArgs('/d/0001.png', '/t/x.jpg', decodingFor('/d/0001.png'));
    const filter = args[args.indexOf('-vf') + 1];
    assert.equal(filter, "scale='min(320,iw)':'min(180,ih)':force_original_aspect_ratio=decrease");
    assert.deepEqual(args.slice(-12), ['-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '4', '-f', 'image2', '-update', '1', '-y', '/t/x.jpg']);
    assert.ok(!previewArgs('/d/0001.png', '/t/x.jpg', decodingFor('/d/0001.png')).includes('-vf'), 'a preview keeps the full size');
  });

  it('makes an H.264 yuv420p MP4 at the asked fps from a concat list, even-sized, index first', () => {
    const args = videoArgs('/t/list.ffconcat', '/t/v.mp4', { fps: 30, decoding: decodingFor('/d/0001.exr') });
    const at = (flag: string) => args[args.indexOf(flag) + 1];
    assert.deepEqual(args.slice(0, 8), ['-apply_trc', 'iec61966_2_1', '-f', 'concat', '-safe', '0', '-i', '/t/list.ffconcat']);
    assert.equal(at('-vf'), 'setpts=N/(30*TB),scale=trunc(iw/2)*2:trunc(ih/2)*2,format=yuv420p');
    assert.equal(at('-r'), '30');
    assert.equal(at('-c:v'), 'libx264');
    assert.equal(at('-pix_fmt'), 'yuv420p');
    assert.equal(at('-movflags'), '+faststart');
    assert.deepEqual(args.slice(-5), ['-an', '-f', 'mp4', '-y', '/t/v.mp4']);
  });

  it('lists frames in the given order, quoting paths, for frames with a step', () => {
    assert.equal(
      concatList(['/data/jobs/j/0001.png', '/data/jobs/j/0003.png', "/data/it's here/0005.png"]),
      "ffconcat version 1.0\nfile '/data/jobs/j/0001.png'\nfile '/data/jobs/j/0003.png'\nfile '/data/it'\\''s here/0005.png'\n",
    );
    assert.throws(() => concatList(['/data/a\nb/0001.png']), /line break/);
  });

  it('takes fps from 1 to 120, 24 by default', () => {
    assert.deepEqual(parseFps(null), { fps: 24 });
    assert.deepEqual(parseFps(''), { fps: 24 });
    assert.deepEqual(parseFps('1'), { fps: 1 });
    assert.deepEqual(parseFps('120'), { fps: 120 });
    for (const bad of ['0', '121', '2.5', '-3', 'abc', '1e2', ' 24']) {
      assert.deepEqual(parseFps(bad), { error: `fps must be a whole number from 1 to 120, got "${bad}"` }, bad);
    }
  });
});

describe('EXR channels', () => {
  it("reads the channel list of Blender's EXR headers", () => {
    const plain = exrChannelNames(fs.readFileSync(new URL('plain-header.bin', EXR_FIXTURES)));
    assert.deepEqual(plain, ['A', 'B', 'G', 'R']);
    assert.equal(exrLayerToShow(plain!), null);
    const multilayer = exrChannelNames(fs.readFileSync(new URL('multilayer-header.bin', EXR_FIXTURES)));
    assert.deepEqual(multilayer, ['ViewLayer.Combined.A', 'ViewLayer.Combined.B', 'ViewLayer.Combined.G', 'ViewLayer.Combined.R']);
    assert.equal(exrLayerToShow(multilayer!), 'ViewLayer.Combined');
  });

  it('prefers the combined pass; says null for a header it cannot read', () => {
    assert.equal(exrLayerToShow(['Hero.Depth.Z', 'Hero.Normal.R', 'Hero.Combined.R', 'Hero.Combined.G']), 'Hero.Combined');
    assert.equal(exrLayerToShow(['Hero.Normal.R']), 'Hero.Normal');
    assert.equal(exrLayerToShow(['Y']), null);
    const header = fs.readFileSync(new URL('multilayer-header.bin', EXR_FIXTURES));
    assert.equal(exrChannelNames(header.subarray(0, 300)), null, 'cut off');
    assert.equal(exrChannelNames(Buffer.from('\x89PNG\r\n\x1a\n0000')), null, 'not an EXR');
    // An attribute whose size is negative would send the reader backwards, for ever.
    const hostile = Buffer.alloc(64);
    hostile.writeUInt32LE(20000630, 0);
    hostile.write('x\0int\0', 8, 'latin1');
    hostile.writeInt32LE(-10, 14); // back to the first attribute: 18 - 10 = 8
    assert.equal(exrChannelNames(hostile), null, 'negative attribute size');
  });
});

describe('byte ranges', () => {
  it('serves one range, clipped to the file', () => {
    assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
    assert.deepEqual(parseRange('bytes=500-', 1000), { start: 500, end: 999 });
    assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
    assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
    assert.deepEqual(parseRange('bytes=900-5000', 1000), { start: 900, end: 999 });
  });

  it('answers the whole file for no, several or malformed ranges; 416 past the end', () => {
    for (const header of [undefined, '', 'bytes=0-1,5-9', 'items=0-1', 'bytes=9-3', 'bytes=-', 'bytes=a-b']) {
      assert.equal(parseRange(header, 1000), null, String(header));
    }
    assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
    assert.equal(parseRange('bytes=-10', 0), 'unsatisfiable', 'an empty file has no byte to send');
  });
});

describe('zip and cache names', () => {
  it('makes a job name safe as a folder and in a header', () => {
    assert.equal(safeJobName('Shot 010 / v2'), 'Shot_010_v2');
    assert.equal(safeJobName('Plan "final".blend'), 'Plan_final_.blend');
    assert.equal(safeJobName('Café'), 'Cafe');
    assert.equal(safeJobName('../..'), 'job');
    assert.equal(safeJobName('渲染'), 'job');
    assert.equal(safeJobName('x'.repeat(300)).length, 100);
  });

  it('stamps a frame file version with its mtime and size', () => {
    assert.equal(versionStamp({ mtimeMs: 1_700_000_000_123.456, size: 4096 }), `${(1_700_000_000_123_456).toString(36)}-${(4096).toString(36)}`);
    assert.notEqual(versionStamp({ mtimeMs: 1, size: 10 }), versionStamp({ mtimeMs: 1.001, size: 10 }));
  });
});

describe('dashboard paths', () => {
  const dist = '/srv/dist';
  const files = new Set(['/srv/dist/index.html', '/srv/dist/assets/index-1a2b.js', '/srv/dist/favicon.ico']);
  const resolve = (pathname: string) => resolveDashboardPath(dist, pathname, (f) => files.has(f));

  it('serves built files, assets cached for a year, others revalidated', () => {
    assert.deepEqual(resolve('/assets/index-1a2b.js'), {
      kind: 'file',
      file: '/srv/dist/assets/index-1a2b.js',
      cacheControl: 'public, max-age=31536000, immutable',
    });
    assert.deepEqual(resolve('/favicon.ico'), { kind: 'file', file: '/srv/dist/favicon.ico', cacheControl: 'no-cache' });
  });

  it("gives index.html for the app's routes, 404 for missing files", () => {
    for (const route of ['/', '/index.html', '/jobs/abc', '/workers', '/jobs/abc/frames/']) assert.deepEqual(resolve(route), { kind: 'index' }, route);
    for (const missing of ['/assets/gone.js', '/robots.txt', '/assets/sub']) assert.deepEqual(resolve(missing), { kind: 'not-found' }, missing);
  });

  it("leaves the server's own paths and escapes from the folder alone", () => {
    for (const own of ['/graphql', '/graphql/stream', '/files/jobs/x/0001.png', '/healthz', '/%2e%2e/etc/passwd', '/..%2fsecret']) {
      assert.deepEqual(resolve(own), { kind: 'pass' }, own);
    }
  });
});

describe('ffmpeg runner', () => {
  let dir: string;
  let fake: string;

  before(async () => {
    // A fake ffmpeg: marks that it started, waits until the test releases it, exits with the
    // status named in its last argument.
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'farm-unit-ffmpeg-'));
    fake = path.join(dir, 'ffmpeg');
    await fsp.writeFile(
      fake,
      `#!/bin/sh\nfor last; do :; done\ntouch "${dir}/started.$$"\nwhile [ ! -f "${dir}/release" ]; do sleep 0.01; done\n` +
        `[ "$last" = 0 ] || echo "no such filter: $last" >&2\nexit "$last"\n`,
      { mode: 0o755 },
    );
  });

  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const started = async () => (await fsp.readdir(dir)).filter((n) => n.startsWith('started.')).length;

  async function until(check: () => Promise<boolean>) {
    for (let i = 0; i < 500 && !(await check()); i += 1) await new Promise((r) => setTimeout(r, 10));
  }

  it('runs at most two at once, the rest in line, and shares one run per key', async () => {
    const runner = new FfmpegRunner(fake, { maxProcesses: 2 });
    let made = 0;
    const shared = () =>
      runner.once('thumbs/0001.jpg', async () => {
        made += 1;
        await runner.run(['0']);
      });
    const runs = [shared(), shared(), shared(), runner.run(['0']), runner.run(['0']), runner.run(['3'])];
    await until(async () => (await started()) >= 2);
    assert.deepEqual(runner.load, { running: 2, waiting: 2 });
    assert.equal(await started(), 2);
    await fsp.writeFile(path.join(dir, 'release'), '');
    const results = await Promise.allSettled(runs);
    assert.equal(made, 1, 'three requests for one thumbnail: one ffmpeg');
    assert.deepEqual(results.slice(0, 5).map((r) => r.status), ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const failed = results[5];
    assert.ok(failed?.status === 'rejected' && failed.reason instanceof FfmpegFailed);
    assert.equal(failed.reason.message, 'ffmpeg exited with status 3: no such filter: 3');
    assert.equal(await started(), 4);
    assert.deepEqual(runner.load, { running: 0, waiting: 0 });
  });

  it('says how to install ffmpeg when the command is not there', async () => {
    const runner = new FfmpegRunner(path.join(dir, 'no-ffmpeg-here'));
    await assert.rejects(runner.run(['-i', 'x']), (error: Error) => {
      assert.ok(error instanceof FfmpegMissing);
      assert.equal(error.message, 'ffmpeg is not installed on the server: apt-get install ffmpeg');
      return true;
    });
  });
});
