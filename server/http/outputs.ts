import type { IncomingMessage, ServerResponse } from 'node:http';
import { FfmpegFailed, FfmpegMissing } from '../media/ffmpeg.ts';
import { serveFramesZip } from './frames-zip.ts';
import { servePreviewVideo } from './preview-video.ts';
import { type PreviewKind, serveFramePreview } from './previews.ts';
import type { OutputServices } from './output-services.ts';
import { HttpError, refuseOtherMethods, sendText } from './send.ts';

/** The URLs the GraphQL API hands out for a job's output (Job.framesZipUrl, Frame.thumbnailUrl, ...). */
export type OutputRoute =
  | { kind: 'zip'; jobId: string }
  | { kind: 'video'; jobId: string }
  | { kind: PreviewKind; jobId: string; frameBase: string };

// Job ids are UUIDs; frame names are what frameFileName writes (4 or more digits), so a
// path with separators or dot-dot never matches.
const OUTPUT_ROUTE = /^\/files\/jobs\/([0-9a-f-]{36})\/(?:(frames\.zip)|(preview\.mp4)|(thumbs|previews)\/(\d{4,})\.jpg)$/;

/** The output route a path names, or null (then it may still be a frame or .blend file: see files.ts). */
export function parseOutputRoute(pathname: string): OutputRoute | null {
  const match = OUTPUT_ROUTE.exec(pathname);
  if (!match?.[1]) return null;
  const jobId = match[1];
  if (match[2]) return { kind: 'zip', jobId };
  if (match[3]) return { kind: 'video', jobId };
  return { kind: match[4] as PreviewKind, jobId, frameBase: match[5]! };
}

function routeDescription(route: OutputRoute): string {
  if (route.kind === 'zip') return 'the frames zip';
  if (route.kind === 'video') return 'the preview video';
  return `the ${route.kind === 'thumbs' ? 'thumbnail' : 'preview'} of frame ${route.frameBase}`;
}

/**
 * Serves a job's frames zip, frame thumbnails and previews and preview video. Returns false
 * when the URL is none of those, so the caller hands the request on. Refusals are plain text
 * a person can read: 404 unknown job or frame, 409 not ready yet, 400 bad fps, 503 no ffmpeg.
 */
export async function serveOutput(services: OutputServices, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://farm');
  const route = parseOutputRoute(url.pathname);
  if (!route) return false;
  if (refuseOtherMethods(req, res)) return true;
  try {
    const job = await services.db.job.findUnique({ where: { id: route.jobId } });
    if (!job) throw new HttpError(404, `No job with id "${route.jobId}"`);
    if (route.kind === 'zip') await serveFramesZip(services, req, res, job);
    else if (route.kind === 'video') await servePreviewVideo(services, req, res, job, url);
    else await serveFramePreview(services, req, res, job, route);
  } catch (error) {
    if (res.headersSent) throw error;
    if (error instanceof HttpError) {
      sendText(res, error.status, error.message);
    } else if (error instanceof FfmpegMissing) {
      services.log.warn({ command: error.command, url: req.url }, error.message);
      sendText(res, 503, error.message);
    } else if (error instanceof FfmpegFailed) {
      services.log.warn({ url: req.url, err: error.message }, 'ffmpeg failed');
      sendText(res, 500, `Could not make ${routeDescription(route)} of job ${route.jobId}: ${error.message}`);
    } else {
      throw error;
    }
  }
  return true;
}
