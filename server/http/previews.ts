import fsp from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Job } from '../generated/prisma/client.ts';
import { PREVIEW_RECIPE_VERSION, previewArgs, previewBaseName, thumbnailArgs } from '../media/ffmpeg-args.ts';
import { frameDecoding } from '../media/frame-decoding.ts';
import { ensureCached, removeIfJobDeleted, versionStamp } from '../media/preview-cache.ts';
import { HttpError, sendFile } from './send.ts';
import type { OutputServices } from './output-services.ts';

export type PreviewKind = 'thumbs' | 'previews';

const WHAT: Record<PreviewKind, string> = { thumbs: 'thumbnail', previews: 'preview' };

/** One JPEG from one frame: well under a second, even for a 4K EXR; a minute means ffmpeg is stuck. */
const IMAGE_TIMEOUT_MS = 60_000;

/**
 * GET /files/jobs/<job>/thumbs/<0001>.jpg (fits 320×180) and /previews/<0001>.jpg (full size):
 * made by ffmpeg from the DONE frame's file on first request, then served from
 * previews/<job>/<kind>/<0001>.<frame file's mtime and size>.jpg. A frame rendered again
 * (requeued) has a new file, so a new name: the old JPEG is never served for it, and is
 * removed when the new one is made.
 */
export async function serveFramePreview(
  services: OutputServices,
  req: IncomingMessage,
  res: ServerResponse,
  job: Job,
  route: { kind: PreviewKind; frameBase: string },
): Promise<void> {
  const { db, storage, ffmpeg } = services;
  const what = WHAT[route.kind];
  const number = Number(route.frameBase);
  const frame = await db.frame.findUnique({ where: { jobId_number: { jobId: job.id, number } } });
  if (!frame) throw new HttpError(404, `Job "${job.name}" (${job.id}) has no frame ${number}`);
  if (frame.status !== 'DONE' || !frame.outputFile) {
    throw new HttpError(409, `Frame ${number} of job "${job.name}" is ${frame.status}: its ${what} is made once it is DONE`);
  }
  const base = previewBaseName(frame.outputFile);
  if (base === null) throw new HttpError(404, `Frame ${number} is ${frame.outputFile}: the server cannot read that format to make a ${what}`);
  if (base !== route.frameBase) throw new HttpError(404, `Frame ${number}'s ${what} is at ${route.kind}/${base}.jpg`);

  const source = storage.framePath(job.id, frame.outputFile);
  const stat = await fsp.stat(source).catch(() => null);
  if (!stat?.isFile()) throw new HttpError(404, `The file of frame ${number} (${frame.outputFile}) is missing on the server`);
  const version = `${versionStamp(stat)}.v${PREVIEW_RECIPE_VERSION}`;
  const target = path.join(storage.previewDir(job.id), route.kind, `${base}.${version}.jpg`);
  const { made } = await ensureCached(ffmpeg, {
    target,
    stalePrefix: `${base}.`,
    scratch: storage.incomingPath('.jpg'),
    make: async (scratch) => {
      const decoding = await frameDecoding(source);
      const args = route.kind === 'thumbs' ? thumbnailArgs(source, scratch, decoding) : previewArgs(source, scratch, decoding);
      await ffmpeg.run(args, { timeoutMs: IMAGE_TIMEOUT_MS });
    },
  });
  if (made && (await removeIfJobDeleted(services, job.id))) throw new HttpError(404, `Job ${job.id} was deleted`);
  await sendFile(req, res, target, { contentType: 'image/jpeg', cacheControl: 'no-cache', etag: `"${path.basename(target)}"` });
}
