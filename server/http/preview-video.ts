import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Job } from '../generated/prisma/client.ts';
import { concatList, parseFps, PREVIEW_RECIPE_VERSION, videoArgs } from '../media/ffmpeg-args.ts';
import { frameDecoding } from '../media/frame-decoding.ts';
import { ensureCached, removeIfJobDeleted } from '../media/preview-cache.ts';
import { HttpError, sendFile } from './send.ts';
import type { OutputServices } from './output-services.ts';

/**
 * Generous: measured here (2 cores), 24 noisy 1920×1080 PNG frames (3.5 MB each) become an
 * MP4 in 2.5–3.2 s; an hour allows some 10,000 such frames.
 */
const VIDEO_TIMEOUT_MS = 60 * 60_000;

/** The frame files of a COMPLETED job's video and the key naming it, by job completion and fps. */
const videoKeys = new Map<string, { files: Array<{ file: string }>; key: string }>();
const VIDEO_KEYS_KEPT = 1000;

async function videoFrames(services: OutputServices, job: Job, fps: number): Promise<{ files: Array<{ file: string }>; key: string }> {
  const { db, storage, log } = services;
  const frames = await db.frame.findMany({
    where: { jobId: job.id, status: 'DONE', outputFile: { not: null } },
    orderBy: { number: 'asc' },
    select: { number: true, outputFile: true },
  });
  const files: Array<{ file: string; mtimeMs: number; size: number }> = [];
  for (const frame of frames) {
    const file = storage.framePath(job.id, frame.outputFile!);
    const stat = await fsp.stat(file).catch(() => null);
    if (stat?.isFile()) files.push({ file, mtimeMs: stat.mtimeMs, size: stat.size });
    else log.warn({ jobId: job.id, frame: frame.number, file }, 'frame is DONE but its file is missing: left out of the preview video');
  }
  if (files.length === 0) throw new HttpError(409, `Job "${job.name}" (${job.id}) has no frame files to make a video of`);

  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify({ v: PREVIEW_RECIPE_VERSION, fps, files: files.map((f) => [path.basename(f.file), f.mtimeMs, f.size]) }))
    .digest('hex')
    .slice(0, 16);
  return { files, key };
}

/**
 * GET|HEAD /files/jobs/<job>/preview.mp4[?fps=N]: the job's DONE frames in frame order as an
 * H.264 MP4, once the job is COMPLETED. Made by ffmpeg on first request and kept as
 * previews/<job>/preview.<fps>fps.<key>.mp4, where the key hashes every frame file's name,
 * mtime and size: frames requeued and rendered again give a new key, so a new video (and
 * the old one is removed). Served with ranges, so a browser's <video> can seek.
 */
export async function servePreviewVideo(
  services: OutputServices,
  req: IncomingMessage,
  res: ServerResponse,
  job: Job,
  url: URL,
): Promise<void> {
  const { storage, ffmpegVideo: ffmpeg, log } = services;
  const wanted = parseFps(url.searchParams.get('fps'));
  if ('error' in wanted) throw new HttpError(400, wanted.error);
  const { fps } = wanted;
  if (job.status !== 'COMPLETED') {
    throw new HttpError(409, `Job "${job.name}" is ${job.status}: a preview video is made once it is COMPLETED`);
  }
  // A <video> asks again for every range it seeks to: the frame list and its key are worked
  // out once per completion of the job (a requeue makes it RUNNING, so a new finishedAt).
  const stamp = `${storage.previewDir(job.id)}:${fps}:${job.finishedAt?.getTime()}:${job.framesDone}`;
  let known = videoKeys.get(stamp);
  if (!known) {
    known = await videoFrames(services, job, fps);
    if (videoKeys.size >= VIDEO_KEYS_KEPT) videoKeys.delete(videoKeys.keys().next().value!);
    videoKeys.set(stamp, known);
  }
  const { files, key } = known;
  const target = path.join(storage.previewDir(job.id), `preview.${fps}fps.${key}.mp4`);
  const { made } = await ensureCached(ffmpeg, {
    target,
    stalePrefix: `preview.${fps}fps.`,
    scratch: storage.incomingPath('.mp4'),
    make: async (scratch) => {
      const list = storage.incomingPath('.ffconcat');
      try {
        await fsp.writeFile(list, concatList(files.map((f) => f.file)));
        const startedAt = performance.now();
        await ffmpeg.run(videoArgs(list, scratch, { fps, decoding: await frameDecoding(files[0]!.file) }), { timeoutMs: VIDEO_TIMEOUT_MS });
        log.info({ jobId: job.id, frames: files.length, fps, ms: Math.round(performance.now() - startedAt) }, 'preview video made');
      } finally {
        await fsp.rm(list, { force: true });
      }
    },
  });
  if (made && (await removeIfJobDeleted(services, job.id))) throw new HttpError(404, `Job ${job.id} was deleted`);
  await sendFile(req, res, target, { contentType: 'video/mp4', cacheControl: 'no-cache', etag: `"${path.basename(target)}"` });
}
