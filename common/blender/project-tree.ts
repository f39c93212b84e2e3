/**
 * Where each traced file goes in a job's project tree: the tree a worker lays out so that
 * the .blend finds its files as it did on the artist's machine.
 *
 * The tree's root is the .blend's folder. A file inside it keeps its place (`textures/grid.png`),
 * so a `//textures/grid.png` needs no change on the worker. A file outside it (an absolute
 * `/home/artist/tex/wood.png`, a `C:\tex\wood.png`, a `//../shared/x.png`) goes under
 * `_external/<root>/…`, the same place on every submission, and its stored path must be
 * rewritten on the worker: `mappings` says to what.
 *
 * Paths are read in the flavour they were written in (Windows when they start with a drive
 * letter or `\\`), whatever machine runs this: a manifest traced on Windows is laid out on Linux.
 */
import path from 'node:path';
import type { FileManifest, TracedFile } from './trace.ts';

/** Files from outside the .blend's folder live under here in the project tree. */
export const EXTERNAL_FOLDER = '_external';

export interface ProjectFile {
  /** Where the file is on the submitting machine. */
  path: string;
  /** Its place in the project tree: relative to the root, `/`-separated, no `..`. */
  projectPath: string;
  /** Every datablock that uses it (a texture may be shared). */
  usedBy: string[];
}

/** What one stored path (of the .blend or of a library) becomes in the project tree. */
export interface StoredPathMapping {
  /** The library whose datablock stores it, as in the manifest; null for the .blend itself. */
  library: string | null;
  stored: string;
  /**
   * The stored path's own target in the tree: the file, the cache folder, or the pattern of
   * a sequence or of UDIM tiles (`udim/tiles.<UDIM>.png`, `seq/frame_0001.png`).
   */
  projectPath: string;
  /**
   * The worker rewrites it: it is absolute, or it leads outside the .blend's folder. (A
   * relative path of a library that itself lies under _external/ would still work as it is;
   * rewriting it points at the same file, so one rule serves.)
   */
  remap: boolean;
}

export interface ProjectTree {
  /** The .blend's own place: its name, at the root. */
  blend: string;
  /** The files to ship (those that exist), each once. */
  files: ProjectFile[];
  /** One per distinct (library, stored path), missing files included. */
  mappings: StoredPathMapping[];
}

type Flavour = typeof path.posix;

function flavourOf(p: string): Flavour {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') ? path.win32 : path.posix;
}

function isAbsoluteAnywhere(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p);
}

function segments(p: string): string[] {
  return p.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
}

/** `/home/me/x.png` → `_external/root/home/me/x.png`; `C:\x.png` → `_external/C/x.png`; `\\srv\share\x` → `_external/unc/srv/share/x`. */
function externalPath(location: string): string {
  const flavour = flavourOf(location);
  const { root } = flavour.parse(location);
  let top: string[];
  if (flavour === path.posix) top = ['root'];
  else if (/^[A-Za-z]:/.test(root)) top = [root.charAt(0).toUpperCase()];
  else top = ['unc', ...segments(root)]; // win32's root of a UNC path is `\\server\share\`
  return [EXTERNAL_FOLDER, ...top, ...segments(location.slice(root.length))].join('/');
}

/** `location` (absolute, on the submitting machine) in the project tree rooted at `rootDir`. */
export function projectPathOf(location: string, rootDir: string): string {
  const flavour = flavourOf(location);
  if (flavour === flavourOf(rootDir)) {
    const relative = flavour.relative(rootDir, flavour.normalize(location));
    const escapes = relative === '..' || relative.startsWith(`..${flavour.sep}`) || flavour.isAbsolute(relative);
    if (relative !== '' && !escapes) return segments(relative).join('/');
  }
  return externalPath(flavour.normalize(location));
}

/** Does `p` end with these path segments? */
function endsWith(p: string, tail: readonly string[]): boolean {
  const own = segments(p);
  return tail.length <= own.length && tail.every((segment, i) => own[own.length - tail.length + i] === segment);
}

/**
 * Where a stored path itself points, given one file the tracer expanded it to. For one file
 * that is the file; for a cache folder, the ancestor of the file the path names; for a
 * sequence or UDIM tiles, the stored name in the file's folder.
 */
export function storedLocation(file: TracedFile): string {
  if (isAbsoluteAnywhere(file.stored) && !file.stored.startsWith('//')) return flavourOf(file.stored).normalize(file.stored);
  const relative = path.posix.normalize(file.stored.replace(/^\/\//, '').replace(/\\/g, '/'));
  const tail = segments(relative).filter((segment) => segment !== '..');
  const flavour = flavourOf(file.path);
  for (let p = file.path; ; p = flavour.dirname(p)) {
    if (endsWith(p, tail)) return p;
    if (flavour.dirname(p) === p) break;
  }
  const folder = flavour.dirname(file.path);
  const name = tail.at(-1);
  return name !== undefined && endsWith(folder, tail.slice(0, -1)) ? flavour.join(folder, name) : file.path;
}

/** The project tree for `manifest`, rooted at the folder of `blendPath`. */
export function projectPaths(manifest: FileManifest, blendPath: string): ProjectTree {
  const flavour = flavourOf(blendPath);
  const rootDir = flavour.dirname(flavour.normalize(blendPath));
  const files = new Map<string, ProjectFile>();
  const mappings = new Map<string, StoredPathMapping>();
  for (const file of manifest.files) {
    if (file.exists) {
      const known = files.get(file.path);
      if (!known) files.set(file.path, { path: file.path, projectPath: projectPathOf(file.path, rootDir), usedBy: [file.usedBy] });
      else if (!known.usedBy.includes(file.usedBy)) known.usedBy.push(file.usedBy);
    }
    const key = JSON.stringify([file.library, file.stored]);
    if (!mappings.has(key)) {
      const projectPath = projectPathOf(storedLocation(file), rootDir);
      const remap = !file.stored.startsWith('//') || projectPath.startsWith(`${EXTERNAL_FOLDER}/`);
      mappings.set(key, { library: file.library, stored: file.stored, projectPath, remap });
    }
  }
  return { blend: flavour.basename(blendPath), files: [...files.values()], mappings: [...mappings.values()] };
}

/**
 * Where a job's path mappings travel: a file of the job's project like any other (shipped by
 * its SHA-256, laid out in the tree), read by the worker (worker/path-mappings.ts). Carried in
 * the project rather than in new job fields so that every server that stores projects
 * carries it unchanged.
 */
export const PATH_MAPPINGS_FILE = '_farm/path-mappings.json';

/** One entry of PATH_MAPPINGS_FILE: a stored path and its place in the project tree. */
export interface PathMapping {
  library: string | null;
  stored: string;
  /** A project path, as in StoredPathMapping.projectPath. */
  path: string;
}

/** The entries of PATH_MAPPINGS_FILE: the stored paths the worker must rewrite. */
export function pathMappingsOf(tree: ProjectTree): PathMapping[] {
  return tree.mappings.filter((m) => m.remap).map((m) => ({ library: m.library, stored: m.stored, path: m.projectPath }));
}
