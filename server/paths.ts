import fs from 'node:fs';
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
