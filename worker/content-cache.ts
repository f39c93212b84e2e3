import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** Fetches the bytes at a URL: plain HTTP in the worker, a fake in the unit tests. */
export type ContentDownloader = (url: string, headers: Record<string, string>) => Promise<Readable>;

export const httpDownloader: ContentDownloader = async (url, headers) => {
  const response = await fetch(url, { headers });
  if (!response.ok || !response.body) throw new Error(`downloading ${url} failed: HTTP ${response.status}`);
  return Readable.fromWeb(response.body as WebReadableStream);
};

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The worker's local copies of files by SHA-256, shared by the slots of a worker: each
 * content is downloaded once, however many frames, jobs or slots want it, streamed to a
 * temporary file, checked against its hash (and its size, when known) and only then renamed
 * into place, so a file under its hash's name is always whole and right.
 */
export class ContentCache {
  private readonly downloads = new Map<string, Promise<string>>();

  constructor(
    readonly dir: string,
    /** How the cached files' names end (".blend" for the .blend cache): Blender reads a library by its name. */
    private readonly extension = '',
    private readonly download: ContentDownloader = httpDownloader,
  ) {}

  pathFor(sha256: string): string {
    return path.join(this.dir, `${sha256}${this.extension}`);
  }

  /** The local path of the content with this hash, downloading it from `url` if need be. */
  get(url: string, sha256: string, size: number | null = null, headers: Record<string, string> = {}): Promise<string> {
    if (!SHA256.test(sha256)) return Promise.reject(new Error(`not a SHA-256: ${sha256}`));
    let pending = this.downloads.get(sha256);
    if (!pending) {
      pending = this.fetchOnce(url, sha256, size, headers).finally(() => this.downloads.delete(sha256));
      this.downloads.set(sha256, pending);
    }
    return pending;
  }

  private async fetchOnce(url: string, sha256: string, size: number | null, headers: Record<string, string>): Promise<string> {
    const target = this.pathFor(sha256);
    if (await fsp.stat(target).then((s) => s.isFile(), () => false)) return target;
    await fsp.mkdir(this.dir, { recursive: true });
    const partial = `${target}.${process.pid}.${crypto.randomUUID()}.part`;
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(await this.download(url, headers), hasher, fs.createWriteStream(partial));
      const actual = hash.digest('hex');
      if (actual !== sha256) throw new Error(`downloaded ${url} has SHA-256 ${actual}, expected ${sha256}`);
      if (size !== null && bytes !== size) throw new Error(`downloaded ${url} has ${bytes} bytes, expected ${size}`);
      // Read-only: a job's tree hard-links this very file, so a render writing to its copy
      // must fail rather than change the content for every job that shares it.
      await fsp.chmod(partial, 0o444);
      await fsp.rename(partial, target);
    } catch (error) {
      await fsp.rm(partial, { force: true });
      throw error;
    }
    return target;
  }
}
