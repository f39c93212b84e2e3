import { ContentCache, type ContentDownloader } from './content-cache.ts';

/**
 * The worker's local copies of .blend files, one per SHA-256: a job's file is
 * downloaded once, streamed to disk and verified, however many frames it has.
 */
export class BlendCache extends ContentCache {
  constructor(dir: string, download?: ContentDownloader) {
    super(dir, '.blend', download);
  }
}
