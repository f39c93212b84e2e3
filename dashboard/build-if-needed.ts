/**
 * Builds the dashboard into dashboard/dist when it is missing or older than any of its
 * sources, so `npm start` serves a current dashboard without a separate build step and
 * without rebuilding on every start. `npm run build:dashboard` builds unconditionally.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DASHBOARD_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DASHBOARD_DIST = path.join(DASHBOARD_DIR, 'dist');
const BUILT_MARKER = path.join(DASHBOARD_DIST, 'index.html');

/** Everything the build reads from this folder: index.html, the Vite config, src/. */
async function newestSourceMs(): Promise<number> {
  let newest = 0;
  for (const name of ['index.html', 'vite.config.ts', 'tsconfig.json']) {
    const stat = await fsp.stat(path.join(DASHBOARD_DIR, name)).catch(() => null);
    if (stat) newest = Math.max(newest, stat.mtimeMs);
  }
  const entries = await fsp.readdir(path.join(DASHBOARD_DIR, 'src'), { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const stat = await fsp.stat(path.join(entry.parentPath, entry.name));
    newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or null when dist is current. */
export async function staleReason(): Promise<string | null> {
  const built = await fsp.stat(BUILT_MARKER).catch(() => null);
  if (!built) return 'dashboard/dist is missing';
  if ((await newestSourceMs()) > built.mtimeMs) return 'a dashboard source file is newer than dashboard/dist';
  return null;
}

export async function buildDashboardIfNeeded(log: (message: string) => void = console.log): Promise<{ built: boolean }> {
  const reason = await staleReason();
  if (!reason) return { built: false };
  log(`Building the dashboard (${reason})…`);
  const started = Date.now();
  // Loaded only when needed: a server started with a current dist does not need Vite at all.
  const { build } = await import('vite');
  await build({ configFile: path.join(DASHBOARD_DIR, 'vite.config.ts'), logLevel: 'warn' });
  log(`Dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { built: true };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildDashboardIfNeeded();
}
