import fsp from 'node:fs/promises';
import path from 'node:path';

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
