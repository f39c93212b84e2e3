/**
 * The rules for a project's manifest (each file's place in the job's project tree, its
 * SHA-256 and size), checked before anything is looked up or stored. Pure, so the path
 * rule is unit-tested without a server.
 *
 * A worker lays the tree out under a folder of its own and Blender resolves `//` paths
 * inside it, so a path must stay inside that folder on every worker, Linux or Windows:
 * relative, forward slashes only, no `.`/`..`, no empty segment.
 */
import { InputError } from '../errors.ts';

/**
 * Far more files than a real project has, few enough to answer at once. Measured here (2
 * cores): 100,000 files are checked in 0.7 s, and missingContents answers them in ~2 s
 * over HTTP (a 12.9 MB request); 10,000 files in 0.1 s and 0.25 s.
 */
export const MAX_PROJECT_FILES = 100_000;
/** Longer paths fail on Windows workers and in most archive tools. */
export const MAX_PROJECT_PATH_LENGTH = 1024;

export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
}

const SHA256 = /^[0-9a-f]{64}$/;
// Control characters: NUL ends a path in C, and none has a place in a file name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `p` is not a clean relative path in a project tree, or null when it is one. */
export function projectPathProblem(p: string): string | null {
  if (p === '') return 'the path is empty';
  if (p.length > MAX_PROJECT_PATH_LENGTH) return `the path is longer than ${MAX_PROJECT_PATH_LENGTH} characters`;
  if (CONTROL.test(p)) return 'the path has a control character in it';
  if (p.includes('\\')) return 'the path has a backslash: separate folders with forward slashes (/)';
  if (/^[A-Za-z]:/.test(p)) return 'the path starts with a drive letter: give it relative to the project folder';
  if (p.startsWith('/')) return 'the path is absolute: give it relative to the project folder';
  const segments = p.split('/');
  if (segments.includes('')) return 'the path has an empty segment (a doubled or trailing /)';
  if (segments.includes('..')) return 'the path climbs out of the project folder (..)';
  if (segments.includes('.')) return 'the path has a "." segment: write it without ./';
  return null;
}

/** `value` is a SHA-256 as the store names contents: 64 lowercase hexadecimal digits. */
export function sha256Problem(value: string): string | null {
  return SHA256.test(value) ? null : `"${value}" is not a SHA-256 (64 lowercase hexadecimal digits)`;
}

function sizeProblem(size: number, maxBytes: number): string | null {
  if (!Number.isSafeInteger(size) || size < 0) return `the size must be a whole number of bytes, got ${size}`;
  if (size > maxBytes) return `${size} bytes is more than the upload limit of ${maxBytes} bytes`;
  return null;
}

/**
 * Checks every entry and the tree as a whole: no path twice, no path that is both a file
 * and a folder (`textures` and `textures/wood.png`), nothing where the .blend goes. Throws
 * InputError naming the entry, as `files[3].path`; returns the entries as given.
 */
export function validateManifest(
  files: readonly ManifestEntry[],
  opts: { field: string; maxBytes: number; blendPath?: string },
): ManifestEntry[] {
  const { field } = opts;
  if (files.length > MAX_PROJECT_FILES) {
    throw new InputError(field, `at most ${MAX_PROJECT_FILES.toLocaleString('en')} files per project, got ${files.length.toLocaleString('en')}`);
  }
  const where = new Map<string, string>();
  if (opts.blendPath !== undefined) where.set(opts.blendPath, 'blendPath');
  files.forEach((file, i) => {
    const entry = `${field}[${i}]`;
    const problem = projectPathProblem(file.path);
    if (problem) throw new InputError(`${entry}.path`, `${JSON.stringify(file.path)}: ${problem}`);
    const shaProblem = sha256Problem(file.sha256);
    if (shaProblem) throw new InputError(`${entry}.sha256`, `${file.path}: ${shaProblem}`);
    const tooBig = sizeProblem(file.size, opts.maxBytes);
    if (tooBig) throw new InputError(`${entry}.size`, `${file.path}: ${tooBig}`);
    const earlier = where.get(file.path);
    if (earlier) throw new InputError(`${entry}.path`, `${file.path} is listed twice (also ${earlier})`);
    where.set(file.path, entry);
  });
  // A folder of one path that is another path's file: the tree cannot be laid out.
  for (const [p, entry] of where) {
    for (let cut = p.indexOf('/'); cut !== -1; cut = p.indexOf('/', cut + 1)) {
      const folder = p.slice(0, cut);
      const asFile = where.get(folder);
      if (asFile) throw new InputError(entryField(entry, field), `${folder} is a file (${asFile}) and the folder of ${p}`);
    }
  }
  return [...files];
}

/** The field to blame for a path: an entry's `path`, or the .blend's place. */
function entryField(entry: string, field: string): string {
  return entry.startsWith(`${field}[`) ? `${entry}.path` : entry;
}
