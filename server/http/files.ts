import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FarmStorage } from '../storage/files.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.exr': 'image/x-exr',
  '.tif': 'image/tiff',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.tga': 'image/x-tga',
  '.jp2': 'image/jp2',
  '.hdr': 'image/vnd.radiance',
  '.dpx': 'image/x-dpx',
  '.rgb': 'image/x-rgb',
  '.blend': 'application/x-blender',
};

// Only names the farm itself writes: no path separators, no dot-dot.
const FRAME_ROUTE = /^\/files\/jobs\/([0-9a-f-]{36})\/(\d{4,}\.[a-z0-9]{2,4})$/;
const BLEND_ROUTE = /^\/files\/blends\/([0-9a-f]{64})\.blend$/;
const CONTENT_ROUTE = /^\/files\/contents\/([0-9a-f]{64})$/;

/**
 * Serves rendered frames, uploaded .blend files and the contents of project files (what a
 * worker fetches to lay a job's project tree out), streamed from disk. Returns false
 * when the URL is not a file route, so the caller can hand the request on.
 */
export async function serveFile(storage: FarmStorage, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://farm');
  if (!url.pathname.startsWith('/files/')) return false;
  const pathname = decodeURIComponent(url.pathname);
  let file: string | null = null;
  const frame = FRAME_ROUTE.exec(pathname);
  const blend = BLEND_ROUTE.exec(pathname);
  const content = CONTENT_ROUTE.exec(pathname);
  if (frame?.[1] && frame[2]) file = storage.framePath(frame[1], frame[2]);
  else if (blend?.[1]) file = storage.blendPath(blend[1]);
  else if (content?.[1]) file = storage.contentPath(content[1]);

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n');
    return true;
  }
  const stat = file ? await fs.promises.stat(file).catch(() => null) : null;
  if (!file || !stat?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
    return true;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': 'no-cache',
    'last-modified': stat.mtime.toUTCString(),
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await pipeline(fs.createReadStream(file), res).catch(() => res.destroy());
  return true;
}
