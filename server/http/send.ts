import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

/** A request refused with a status and a sentence saying why; answered as plain text. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A plain-text answer a person can read in a browser or in curl's output. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = `${text}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

/** GET and HEAD only: anything else gets 405 (and true). */
export function refuseOtherMethods(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  sendText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
  return true;
}

export type ByteRange = { start: number; end: number };

/**
 * A `Range` header against a file of `size` bytes (RFC 9110 §14.1.2): one range
 * (`bytes=0-99`, `bytes=100-`, `bytes=-100`), clipped to the file; 'unsatisfiable' for a
 * range starting past the end (answered 416); null for no header, another unit, several
 * ranges or anything malformed (answered with the whole file, which a client must accept).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  if (size === 0) return 'unsatisfiable';
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (to !== '' && Number(to) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/**
 * Streams a finished file: content-length, HEAD, an ETag answered with 304, and single byte
 * ranges (206), which a browser's <video> uses to seek and to read an MP4's index.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  headers: { contentType: string; cacheControl: string; etag?: string },
): Promise<void> {
  // Gone since the caller looked (an older cached preview removed meanwhile): not found.
  const stat = await fs.promises.stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new HttpError(404, 'Not found');
    throw error;
  });
  const common: Record<string, string> = {
    'content-type': headers.contentType,
    'cache-control': headers.cacheControl,
    'last-modified': stat.mtime.toUTCString(),
    'accept-ranges': 'bytes',
    ...(headers.etag ? { etag: headers.etag } : {}),
  };
  // A dashboard showing the same thumbnails again revalidates them with one small request each.
  if (headers.etag && req.headers['if-none-match'] === headers.etag) {
    res.writeHead(304, common).end();
    return;
  }
  const range = parseRange(req.headers.range, stat.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'content-range': `bytes */${stat.size}`, 'content-length': 0 }).end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: stat.size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...common,
    'content-length': Math.max(0, end - start + 1),
    ...(range ? { 'content-range': `bytes ${start}-${end}/${stat.size}` } : {}),
  });
  if (req.method === 'HEAD' || stat.size === 0) {
    res.end();
    return;
  }
  await pipeline(fs.createReadStream(file, { start, end }), res).catch(() => res.destroy());
}
