import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatBytes } from '../../common/format.ts';

/**
 * The farm's files under FARM_DATA_DIR:
 *   farm.db                     the SQLite database
 *   blends/<sha256>.blend       uploaded .blend files, stored once per content
 *   contents/<ab>/<sha256>      the files projects use (textures, libraries, caches), stored once
 *                               per content for every job (storage/contents.ts); the first two
 *                               hex digits split them into 256 folders, as git's objects/ does
 *   jobs/<jobId>/<0001>.<ext>   rendered frames
 *   previews/<jobId>/           JPEG thumbnails and previews and the preview video made from
 *                               those frames by ffmpeg; a cache, made again when missing
 *   incoming/                   uploads still streaming in, and ffmpeg output being written;
 *                               emptied at start
 */
export class FarmStorage {
  readonly dbFile: string;
  readonly blendsDir: string;
  readonly contentsDir: string;
  readonly jobsDir: string;
  readonly incomingDir: string;
  readonly previewsDir: string;

  constructor(readonly dataDir: string) {
    this.dbFile = path.join(dataDir, 'farm.db');
    this.blendsDir = path.join(dataDir, 'blends');
    this.contentsDir = path.join(dataDir, 'contents');
    this.jobsDir = path.join(dataDir, 'jobs');
    this.incomingDir = path.join(dataDir, 'incoming');
    this.previewsDir = path.join(dataDir, 'previews');
  }

  async prepare(): Promise<void> {
    // Whatever is in incoming/ was cut off by a crash or a stop: never part of a job.
    await fsp.rm(this.incomingDir, { recursive: true, force: true });
    for (const dir of [this.blendsDir, this.contentsDir, this.jobsDir, this.incomingDir]) await fsp.mkdir(dir, { recursive: true });
  }

  blendPath(sha256: string): string {
    return path.join(this.blendsDir, `${sha256}.blend`);
  }

  /** Where a project file's content is kept; `sha256` is 64 hex digits (checked by the caller). */
  contentPath(sha256: string): string {
    return path.join(this.contentsDir, sha256.slice(0, 2), sha256);
  }

  jobDir(jobId: string): string {
    return path.join(this.jobsDir, jobId);
  }

  framePath(jobId: string, fileName: string): string {
    return path.join(this.jobDir(jobId), fileName);
  }

  /** The job's cached thumbnails, previews and preview videos. */
  previewDir(jobId: string): string {
    return path.join(this.previewsDir, jobId);
  }

  /** A fresh path in incoming/ for a stream being received. */
  incomingPath(suffix: string): string {
    return path.join(this.incomingDir, `${crypto.randomUUID()}${suffix}`);
  }

  /** The job's frames and everything made from them. */
  async removeJobFiles(jobId: string): Promise<void> {
    await fsp.rm(this.jobDir(jobId), { recursive: true, force: true });
    await fsp.rm(this.previewDir(jobId), { recursive: true, force: true });
  }
}

/** An upload refused for its content; `field` names the input it came in. */
export class UploadRejected extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
}

export interface ReceiveOptions {
  field: string;
  maxBytes: number;
  /** Inspects the first bytes (at least `headerBytes` of them, fewer only if the file is that short). */
  checkHeader?: (head: Buffer) => string | null;
  headerBytes?: number;
  /** A project's files may be empty (an empty text file is still a file); a .blend never is. */
  allowEmpty?: boolean;
}

/**
 * Streams an upload to `dest`, hashing and counting it on the way, so a file of any
 * size never sits in memory. Anything refused or cut off leaves no file behind.
 */
export async function receiveFile(source: Readable, dest: string, opts: ReceiveOptions): Promise<ReceivedFile> {
  const hash = crypto.createHash('sha256');
  const headerBytes = opts.headerBytes ?? 16;
  let size = 0;
  let head = Buffer.alloc(0);
  let headerChecked = !opts.checkHeader;
  const checkHead = (): void => {
    headerChecked = true;
    const problem = opts.checkHeader?.(head);
    if (problem) throw new UploadRejected(opts.field, problem);
  };
  const inspector = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        size += chunk.length;
        if (size > opts.maxBytes) {
          throw new UploadRejected(opts.field, `the file is larger than the limit of ${sizeLimit(opts.maxBytes)}`);
        }
        if (!headerChecked) {
          head = Buffer.concat([head, chunk.subarray(0, headerBytes - head.length)]);
          if (head.length >= headerBytes) checkHead();
        }
        hash.update(chunk);
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (size === 0 && !opts.allowEmpty) throw new UploadRejected(opts.field, 'the file is empty');
        if (!headerChecked) checkHead();
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  try {
    await pipeline(source, inspector, fs.createWriteStream(dest, { flags: 'wx' }));
  } catch (error) {
    await fsp.rm(dest, { force: true });
    if (error instanceof UploadRejected) throw error;
    const status = (error as { status?: number }).status;
    if (status === 413) throw new UploadRejected(opts.field, `the file is larger than the limit of ${sizeLimit(opts.maxBytes)}`);
    throw new UploadRejected(opts.field, `the upload did not arrive whole (${(error as Error).message})`);
  }
  return { path: dest, size, sha256: hash.digest('hex') };
}

/** Moves a received file to its final place, replacing nothing that is already there. */
export async function commitFile(from: string, to: string): Promise<void> {
  await fsp.mkdir(path.dirname(to), { recursive: true });
  await fsp.rename(from, to);
}

/** A limit as people read it, and exact: `2.1 MB (2,097,152 bytes)`, in the farm's one byte format. */
function sizeLimit(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  return bytes < 1000 ? exact : `${formatBytes(bytes)} (${exact})`;
}
