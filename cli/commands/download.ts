/**
 * Downloads a job's DONE frames one by one from their outputUrl (a few at a time) rather than
 * the job's framesZipUrl: no archive to unpack, and a frame already in DIR with the server's
 * size is skipped, so running the command again during or after a render fetches only what
 * is new or was cut off.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CliJobFramesQuery } from '../../common/graphql/generated/graphql.ts';
import { type CliContext, defineCommand, jobIdArgument, optionsHelp } from '../context.ts';
import { CliError, fromFetchError, UsageError } from '../errors.ts';
import { EXIT_INTERRUPTED } from '../exit-codes.ts';
import { formatBytes, formatThroughput } from '../format.ts';
import { CliJobFrames } from '../operations.ts';
import { createProgressDisplay } from '../progress.ts';

type JobFrame = NonNullable<CliJobFramesQuery['job']>['frames'][number];

/** Where the preview video stands among the downloads: after every frame. */
const VIDEO = Number.MAX_SAFE_INTEGER;

/** Frames fetched at once: enough to hide each request's round trip, few enough to be kind to the server. */
const PARALLEL_DOWNLOADS = 4;

export interface FrameDownload {
  number: number;
  url: string;
  /** The name in DIR: the server's own (`0001.png`). */
  fileName: string;
  /** For messages; default "frame N". */
  label?: string;
}

/** The DONE frames and where each goes; a name that is not a plain file name is refused, so nothing lands outside DIR. */
export function framesToDownload(frames: readonly JobFrame[]): FrameDownload[] {
  return frames.flatMap((frame) => {
    if (frame.status !== 'DONE' || !frame.outputUrl) return [];
    const fileName = decodeURIComponent(new URL(frame.outputUrl).pathname.split('/').pop() ?? '');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fileName)) {
      throw new CliError(`frame ${frame.number}'s file name "${fileName}" is not a plain file name; not writing it`);
    }
    return [{ number: frame.number, url: frame.outputUrl, fileName }];
  });
}

interface FrameResult {
  number: number;
  file: string;
  bytes: number;
  skipped: boolean;
}

async function fetchFrame(
  ctx: CliContext,
  frame: FrameDownload,
  dir: string,
  signal: AbortSignal,
  onBytes: (bytes: number) => void,
): Promise<FrameResult> {
  const file = path.join(dir, frame.fileName);
  const local = await fsp.stat(file).catch(() => null);
  try {
    if (local?.isFile()) {
      const head = await fetch(frame.url, { method: 'HEAD', signal });
      const length = Number(head.headers.get('content-length') ?? NaN);
      if (head.ok && length === local.size) return { number: frame.number, file, bytes: local.size, skipped: true };
    }
    const response = await fetch(frame.url, { signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new CliError(`${frame.label ?? `frame ${frame.number}`}: GET ${frame.url} answered HTTP ${response.status}`);
    }
    // Written beside the target and renamed when complete: a cut-off download never looks like a frame.
    const partial = `${file}.part`;
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        onBytes(chunk.length);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]), counter, fs.createWriteStream(partial), { signal });
      await fsp.rename(partial, file);
    } catch (error) {
      await fsp.rm(partial, { force: true });
      throw error;
    }
    return { number: frame.number, file, bytes, skipped: false };
  } catch (error) {
    if (signal.aborted) throw error;
    throw fromFetchError(error, ctx.serverUrl);
  }
}

const DOWNLOAD_OPTIONS = { out: { type: 'string', short: 'o' }, video: { type: 'boolean' } } as const;

const HELP = `Usage: farm download JOB --out DIR [--json]

Fetches the job's DONE frames into DIR (made if missing), as the farm names them
(0001.png, ...), with a progress bar. A frame already in DIR with the same size is
skipped, so running it again fetches only new frames. Works while the job renders too.
With --video, also the job's preview video (H.264, made by the server once the job is
COMPLETED) as DIR/preview.mp4.

${optionsHelp([
  ['--out DIR', 'where the frames go (required)'],
  ['--video', 'also fetch the preview video, DIR/preview.mp4 (COMPLETED jobs)'],
  ['--json', 'print what was fetched as JSON on stdout'],
])}`;

export const downloadCommand = defineCommand(
  { name: 'download', summary: "fetch a job's rendered frames into a folder", help: HELP, handlesInterrupt: true, options: DOWNLOAD_OPTIONS },
  async (ctx, { values, positionals }) => {
    const io = ctx.io;
    const jobId = jobIdArgument(positionals, 'download');
    if (!values.out) throw new UsageError('download: where to? Give --out DIR');
    const dir = path.resolve(values.out);

    const { job } = await ctx.query(CliJobFrames, { id: jobId });
    if (!job) throw new CliError(`No job with id "${jobId}"`);
    const frames = framesToDownload(job.frames);
    if (values.video) {
      if (!job.previewVideoUrl) {
        throw new CliError(`Job ${job.id} "${job.name}" is ${job.status}: its preview video is made once it is COMPLETED (leave out --video for the frames so far)`);
      }
      frames.push({ number: VIDEO, url: job.previewVideoUrl, fileName: 'preview.mp4', label: 'the preview video' });
    }
    if (job.status !== 'COMPLETED') {
      ctx.say(`Job ${job.id} "${job.name}" is ${job.status}: ${job.framesDone} of ${job.totalFrames} frames are done so far.`);
    }
    await fsp.mkdir(dir, { recursive: true });

    const display = createProgressDisplay('download', io.stderr, io.now);
    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    io.interrupted.addEventListener('abort', onInterrupt, { once: true });
    const startedAt = io.now();
    const results: FrameResult[] = [];
    let received = 0;
    const show = () => {
      const skipped = results.filter((r) => r.skipped).length;
      display.update({
        percent: frames.length === 0 ? 100 : (100 * results.length) / frames.length,
        text:
          `${results.length}/${frames.length} ${values.video ? 'files' : 'frames'} · ${formatBytes(received)} · ${formatThroughput(received, io.now() - startedAt)}` +
          (skipped ? ` · ${skipped} already there` : ''),
        key: String(results.length),
      });
    };
    show();
    const ticker = setInterval(show, 500);
    let next = 0;
    let failure: unknown = null;
    const lane = async () => {
      while (next < frames.length && !controller.signal.aborted) {
        const frame = frames[next++] as FrameDownload;
        try {
          results.push(await fetchFrame(ctx, frame, dir, controller.signal, (bytes) => (received += bytes)));
        } catch (error) {
          // The first failure stops the others; Ctrl-C's abort is not a failure to report.
          if (!controller.signal.aborted) {
            failure = error;
            controller.abort();
          }
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, frames.length) }, lane));
    } finally {
      clearInterval(ticker);
      io.interrupted.removeEventListener('abort', onInterrupt);
    }
    show();
    display.stop();
    results.sort((a, b) => a.number - b.number);
    const video = results.find((r) => r.number === VIDEO);
    const frameResults = results.filter((r) => r.number !== VIDEO);
    const downloaded = frameResults.filter((r) => !r.skipped);
    const skipped = frameResults.length - downloaded.length;
    const bytes = downloaded.reduce((sum, r) => sum + r.bytes, 0);
    const report = {
      jobId: job.id,
      status: job.status,
      dir,
      downloaded: downloaded.length,
      skipped,
      bytes,
      frames: frameResults,
      ...(values.video ? { video: video ? { file: video.file, bytes: video.bytes, skipped: video.skipped } : null } : {}),
    };
    if (failure) throw failure;
    if (io.interrupted.aborted) {
      ctx.say(`Stopped: ${results.length} of ${frames.length} frames are in ${dir}. Run the same command again for the rest (frames already there are skipped).`);
      ctx.printJson({ ...report, complete: false });
      return EXIT_INTERRUPTED;
    }
    ctx.print(
      frames.length === 0
        ? `Job ${job.id} "${job.name}" has no DONE frames to download yet.`
        : `Downloaded ${downloaded.length} frame${downloaded.length === 1 ? '' : 's'} (${formatBytes(bytes)}) of job ${job.id} "${job.name}" into ${dir}` +
            (skipped ? `; ${skipped} already there` : '') +
            (video ? `, and the preview video as ${video.file}` : ''),
    );
    ctx.printJson({ ...report, complete: true });
    return 0;
  },
);
