import type { Db } from '../db.ts';
import type { Logger } from '../logger.ts';
import type { FfmpegRunner } from '../media/ffmpeg.ts';
import type { FarmStorage } from '../storage/files.ts';

/**
 * What the output routes need from the running server. Its own module, so the router
 * (outputs.ts) and the routes it hands requests to (frames-zip.ts, previews.ts,
 * preview-video.ts) all import it and none imports the router.
 */
export interface OutputServices {
  db: Db;
  storage: FarmStorage;
  log: Logger;
  /** For thumbnails and previews: quick, two at a time. */
  ffmpeg: FfmpegRunner;
  /** For preview videos: long, one at a time, apart from the images. */
  ffmpegVideo: FfmpegRunner;
}
