/**
 * Builds the dashboard into dashboard/dist when it is missing or older than any of its
 * sources, so `npm start` serves a current dashboard without a separate build step and
 * without rebuilding on every start. `npm run build:dashboard` builds unconditionally.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestFileMs } from '../common/newest-file.ts';

const DASHBOARD_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DASHBOARD_DIST = path.join(DASHBOARD_DIR, 'dist');
const BUILT_MARKER = path.join(DASHBOARD_DIST, 'index.html');

/** Everything the build reads: index.html, the Vite config, src/, and the shared common/ (client factory, typed documents, formatters). */
function newestSourceMs(): Promise<number> {
  return newestFileMs([
    ...['index.html', 'vite.config.ts', 'tsconfig.json', 'src'].map((name) => path.join(DASHBOARD_DIR, name)),
    path.join(DASHBOARD_DIR, '..', 'common'),
  ]);
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
