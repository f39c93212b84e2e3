import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Paths that belong to the server itself: never the dashboard's, even as an SPA fallback. */
const SERVER_PATHS = [/^\/graphql(\/|$)/, /^\/files\//, /^\/healthz$/];

/**
 * Vite names everything under assets/ by content hash (index-3f2a1b.js): a new build gets new
 * names, so browsers may keep these for a year without asking again. Everything else
 * (index.html above all) is revalidated, so a new build shows on the next reload.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export type DashboardAnswer =
  | { kind: 'file'; file: string; cacheControl: string }
  | { kind: 'index' }
  | { kind: 'not-found' }
  | { kind: 'pass' };

/**
 * What a GET of `pathname` is, given the dashboard's built folder (pure, no file access):
 * a file in it (if `isFile` says so), the SPA's index.html for a client-side route such as
 * /jobs/abc, 404 for a missing file-like path (/assets/gone.js, /favicon.ico) or `pass` for
 * the server's own paths (/graphql, /files/, /healthz) and for paths that leave the folder.
 */
export function resolveDashboardPath(distDir: string, pathname: string, isFile: (file: string) => boolean): DashboardAnswer {
  if (SERVER_PATHS.some((p) => p.test(pathname))) return { kind: 'pass' };
  if (pathname === '/' || pathname === '/index.html') return { kind: 'index' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'not-found' };
  }
  const root = path.resolve(distDir);
  const file = path.resolve(root, `.${decoded}`);
  if (!file.startsWith(root + path.sep) || decoded.includes('\0')) return { kind: 'pass' };
  if (isFile(file)) {
    return { kind: 'file', file, cacheControl: decoded.startsWith('/assets/') ? IMMUTABLE : REVALIDATE };
  }
  // A name with an extension is a file the browser wanted, not a route of the app: a 404
  // (not index.html served as JavaScript, which fails with a confusing MIME error).
  if (path.extname(decoded) !== '' || decoded.startsWith('/assets/')) return { kind: 'not-found' };
  return { kind: 'index' };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the React dashboard's Vite build (dashboard/dist) at /, with index.html for the
 * app's own routes. Returns false when there is nothing to serve: not a GET or HEAD, one of
 * the server's own paths, or no build at all (no index.html), in which case / keeps
 * redirecting to GraphiQL. Checked on every request, so a build made while the server runs
 * is picked up.
 */
export async function serveDashboard(distDir: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const index = path.join(distDir, 'index.html');
  if (!isFile(index)) return false;
  const pathname = new URL(req.url ?? '/', 'http://farm').pathname;
  const answer = resolveDashboardPath(distDir, pathname, isFile);
  if (answer.kind === 'pass') return false;
  if (answer.kind === 'not-found') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return true;
  }
  const file = answer.kind === 'file' ? answer.file : index;
  const cacheControl = answer.kind === 'file' ? answer.cacheControl : REVALIDATE;
  const stat = await fs.promises.stat(file);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': cacheControl,
    'last-modified': stat.mtime.toUTCString(),
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await pipeline(fs.createReadStream(file), res).catch(() => res.destroy());
  return true;
}
