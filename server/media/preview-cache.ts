import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db.ts';
import type { FarmStorage } from '../storage/files.ts';
import type { FfmpegRunner } from './ffmpeg.ts';

export interface CachedFile {
  /** Where the finished file lives, e.g. previews/<job>/thumbs/0001.<key>.jpg. */
  target: string;
  /** Other files in the same folder whose names start with this are older versions, removed once target is made. */
  stalePrefix: string;
  /** A fresh path in incoming/ (same file system as target, so the rename is atomic). */
  scratch: string;
  /** Writes the file at `scratch`. */
  make(scratch: string): Promise<void>;
}

async function exists(file: string): Promise<boolean> {
  return fsp.stat(file).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
}

/**
 * Makes `target` unless it is already there. The file is written under incoming/ and renamed
 * into place, so a reader never sees it half-written, and a crash mid-way leaves nothing in
 * the cache (incoming/ is emptied at start). Concurrent requests for the same target share
 * one make. The cache key is in the file name (the frames' mtime and size), so a frame
 * rendered again gets a new name; older names with the same prefix are removed then.
 * `made`: it was not there (the caller checks the job was not deleted meanwhile).
 */
export async function ensureCached(ffmpeg: FfmpegRunner, file: CachedFile): Promise<{ made: boolean }> {
  if (await exists(file.target)) return { made: false };
  await ffmpeg.once(file.target, async () => {
    if (await exists(file.target)) return;
    try {
      await file.make(file.scratch);
      await fsp.mkdir(path.dirname(file.target), { recursive: true });
      await fsp.rename(file.scratch, file.target);
    } finally {
      await fsp.rm(file.scratch, { force: true });
    }
    const dir = path.dirname(file.target);
    const mine = path.basename(file.target);
    for (const name of await fsp.readdir(dir).catch(() => [])) {
      if (name !== mine && name.startsWith(file.stalePrefix)) await fsp.rm(path.join(dir, name), { force: true });
    }
  });
  return { made: true };
}

/** A short stamp of a file's version: its mtime (µs) and size. A frame rendered again changes both or at least the mtime. */
export function versionStamp(stat: { mtimeMs: number; size: number }): string {
  return `${Math.round(stat.mtimeMs * 1000).toString(36)}-${stat.size.toString(36)}`;
}

/**
 * A job deleted while its preview was being made: deleteJob removed previews/<job>/ before
 * the rename put a file back in it. Removes the folder again; true when the job is gone.
 */
export async function removeIfJobDeleted(
  services: { db: Db; storage: FarmStorage },
  jobId: string,
): Promise<boolean> {
  if (await services.db.job.findUnique({ where: { id: jobId }, select: { id: true } })) return false;
  await fsp.rm(services.storage.previewDir(jobId), { recursive: true, force: true });
  return true;
}
