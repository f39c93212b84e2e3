import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * The worker's local copies of .blend files, one per SHA-256: a job's file is
 * downloaded once, streamed to disk and verified, however many frames it has.
 */
export class BlendCache {
  private readonly downloads = new Map<string, Promise<string>>();

  constructor(readonly dir: string) {}

  pathFor(sha256: string): string {
    return path.join(this.dir, `${sha256}.blend`);
  }

  /** The local path of the .blend with this hash, downloading it from `url` if needed. */
  get(url: string, sha256: string, headers: Record<string, string> = {}): Promise<string> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return Promise.reject(new Error(`not a SHA-256: ${sha256}`));
    let pending = this.downloads.get(sha256);
    if (!pending) {
      pending = this.fetchOnce(url, sha256, headers).finally(() => this.downloads.delete(sha256));
      this.downloads.set(sha256, pending);
    }
    return pending;
  }

  private async fetchOnce(url: string, sha256: string, headers: Record<string, string>): Promise<string> {
    const target = this.pathFor(sha256);
    if (await fsp.stat(target).then((s) => s.isFile(), () => false)) return target;
    await fsp.mkdir(this.dir, { recursive: true });
    const response = await fetch(url, { headers });
    if (!response.ok || !response.body) throw new Error(`downloading ${url} failed: HTTP ${response.status}`);
    const partial = `${target}.${process.pid}.${crypto.randomUUID()}.part`;
    const hash = crypto.createHash('sha256');
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream), hasher, fs.createWriteStream(partial));
      const actual = hash.digest('hex');
      if (actual !== sha256) throw new Error(`downloaded .blend has SHA-256 ${actual}, expected ${sha256}`);
      await fsp.rename(partial, target);
    } catch (error) {
      await fsp.rm(partial, { force: true });
      throw error;
    }
    return target;
  }
}
