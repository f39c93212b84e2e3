/**
 * The job's path mappings on the worker: PATH_MAPPINGS_FILE of the project (written by
 * `farm submit`, common/blender/project-tree.ts) checked here; worker/project-trees.ts makes
 * its targets absolute in the job's tree for worker/blender/remap_paths.py to apply in Blender.
 *
 * Checked because it comes with the job: a mapping may only point at the job's own files (a
 * file, a folder holding some, or a sequence or UDIM pattern in a folder holding some), never
 * elsewhere on the worker; and its library must be the open .blend (null) or one of its libraries.
 */
import path from 'node:path';
import { PATH_MAPPINGS_FILE, type PathMapping } from '../common/blender/project-tree.ts';

export { PATH_MAPPINGS_FILE };

function problemOf(entry: unknown, files: ReadonlySet<string>, folders: ReadonlySet<string>, libraries: ReadonlySet<string>): string | null {
  if (typeof entry !== 'object' || entry === null) return 'not an object';
  const { library, stored, path: target } = entry as Record<string, unknown>;
  if (typeof stored !== 'string' || stored === '') return '"stored" must be a non-empty string';
  if (typeof target !== 'string' || target === '') return '"path" must be a non-empty string';
  if (library !== null && (typeof library !== 'string' || !libraries.has(library))) {
    return `"library" must be null or a library of the job (one whose path is mapped, or a //relative one among its files): ${JSON.stringify(library)}`;
  }
  const folder = path.posix.dirname(target);
  const isPattern = /<UDIM>|<UVTILE>|\d/.test(path.posix.basename(target)) && (folder === '.' || folders.has(folder));
  if (!files.has(target) && !folders.has(target) && !isPattern) return `"path" ${JSON.stringify(target)} is none of the job's files or folders`;
  return null;
}

/** Every folder holding one of `files`, at any depth (`a/b/c.png` → `a`, `a/b`). */
function foldersOf(files: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    for (let folder = path.posix.dirname(file); folder !== '.' && !folders.has(folder); folder = path.posix.dirname(folder)) folders.add(folder);
  }
  return folders;
}

/**
 * The mappings of `raw` (PATH_MAPPINGS_FILE's parsed content), each checked against the
 * job's project paths; throws, naming the entry, when one is not the job's to make.
 */
export function checkPathMappings(raw: unknown, projectFiles: readonly string[]): PathMapping[] {
  if (!Array.isArray(raw)) throw new Error(`${PATH_MAPPINGS_FILE} must hold a list`);
  const files = new Set(projectFiles);
  const folders = foldersOf(files);
  // A library's own datablocks name it as Blender shows it: by its stored path once mapped...
  const libraries = new Set(raw.map((entry) => (entry as { stored?: unknown } | null)?.stored).filter((s): s is string => typeof s === 'string'));
  // ...or relative to the open .blend, at the tree's root.
  for (const file of files) libraries.add(`//${file}`);
  return raw.map((entry, i) => {
    const problem = problemOf(entry, files, folders, libraries);
    if (problem) throw new Error(`${PATH_MAPPINGS_FILE}, entry ${i + 1}: ${problem}`);
    const mapping = entry as PathMapping;
    return { library: mapping.library, stored: mapping.stored, path: mapping.path };
  });
}
