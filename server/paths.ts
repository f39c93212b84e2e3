import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root folder (where package.json and prisma/ are), found from this module
 * wherever it runs: as server/paths.ts under tsx, or bundled into server/dist/main.mjs by
 * `npm start`. Paths the server reads from the checkout (migrations, the dashboard's
 * build, the worker it starts) are made from it, not from each module's own location.
 */
export const REPO_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'prisma', 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no checkout (package.json beside prisma/migrations) above ${from}`);
  }
}

/**
 * The newest modification time (ms) among `paths`: files, and the files under folders
 * (recursively) that `include` accepts. For build steps that run only when a source is
 * newer than what they built. A path that does not exist counts as nothing.
 */
export async function newestFileMs(paths: string[], include: (file: string) => boolean = () => true): Promise<number> {
  let newest = 0;
  for (const start of paths) {
    const stat = await fsp.stat(start).catch(() => null);
    if (!stat) continue;
    if (!stat.isDirectory()) {
      newest = Math.max(newest, stat.mtimeMs);
      continue;
    }
    for (const entry of await fsp.readdir(start, { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && include(file)) newest = Math.max(newest, (await fsp.stat(file)).mtimeMs);
    }
  }
  return newest;
}
