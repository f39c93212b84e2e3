/**
 * `npm start` runs the server as one JavaScript file, server/dist/main.mjs, bundled from
 * server/main.ts by esbuild (the TypeScript compiler tsx itself uses), rather than through
 * tsx: tsx keeps a loader thread and the source maps of every module it compiled (the
 * generated Prisma client is large), which cost ~100 MiB of the server's resident memory
 * (measured: 327 MiB idle under tsx, 223 MiB bundled). npm packages stay outside the
 * bundle. Built when missing or older than any source it contains; `node --import tsx
 * server/bundle.ts --force` rebuilds.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { newestFileMs } from '../common/newest-file.ts';
import { REPO_ROOT } from './paths.ts';

export const SERVER_BUNDLE = path.join(REPO_ROOT, 'server', 'dist', 'main.mjs');
/** Folders whose TypeScript the server imports: its own (with the generated Prisma client) and the shared common/. */
const SOURCE_DIRS = ['server', 'common'].map((dir) => path.join(REPO_ROOT, dir));

async function newestSourceMs(): Promise<number> {
  const bundleDir = path.dirname(SERVER_BUNDLE) + path.sep;
  return newestFileMs(SOURCE_DIRS, (file) => /\.(ts|mts|js|mjs|json)$/.test(file) && !file.startsWith(bundleDir));
}

/** Why the bundle must be built, or null when it is current. */
export async function bundleStaleReason(): Promise<string | null> {
  const built = await fsp.stat(SERVER_BUNDLE).catch(() => null);
  if (!built) return 'server/dist/main.mjs is missing';
  if ((await newestSourceMs()) > built.mtimeMs) return 'a server source file is newer than server/dist/main.mjs';
  return null;
}

export async function bundleServerIfNeeded(opts: { force?: boolean; log?: (message: string) => void } = {}): Promise<{ built: boolean }> {
  const reason = opts.force ? 'asked to' : await bundleStaleReason();
  if (!reason) return { built: false };
  const started = Date.now();
  await build({
    entryPoints: [path.join(REPO_ROOT, 'server', 'main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Stack traces point into the bundle; NODE_OPTIONS=--enable-source-maps maps them back.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  opts.log?.(`Bundled the server (${reason}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { built: true };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleServerIfNeeded({ force: process.argv.includes('--force'), log: console.log });
}
