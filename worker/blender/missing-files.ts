/**
 * The check before a job's first frame: every external file its .blend uses (textures,
 * libraries, caches: common/blender/external_files.py lists them inside Blender) must be there
 * on this worker. Blender renders a missing texture magenta, prints no error and exits 0, so
 * without this check a job with a missing file COMPLETES with wrong frames. A missing file is
 * missing for every frame: the failure is MISSING_FILES, which fails the whole job (unless the
 * job has allowMissingFiles, in which case nothing is checked).
 */
import { fileURLToPath } from 'node:url';
import { failed, type RenderFrameResult } from './frame-verdict.ts';
import type { BlenderOutputParser } from './output-parser.ts';

/** The tracer, imported by the session bridge and run as a script in spawn mode. */
export const EXTERNAL_FILES_SCRIPT = fileURLToPath(new URL('../../common/blender/external_files.py', import.meta.url));

/** One file as external_files() reports it. */
export interface ExternalFile {
  /** As the datablock stores it: `//textures/grid.png`, or an absolute path. */
  stored: string;
  /** Where it resolves on this worker, absolute. */
  path: string;
  exists: boolean;
  /** What uses it, for people: `image "grid"`. */
  usedBy: string;
  /** The stored path of the linked library whose datablock uses it; null: the .blend itself. */
  library: string | null;
}

/** An error message names at most this many files; a job missing hundreds says how many more. */
const FILES_NAMED = 20;

/** The files of a tracer's answer (a JSON array of its dicts); throws when it is not one. */
export function parseExternalFiles(value: unknown): ExternalFile[] {
  if (!Array.isArray(value)) throw new Error(`expected a list of files, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value.map((entry: unknown, index) => {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof fields.stored !== 'string' || typeof fields.exists !== 'boolean') {
      throw new Error(`file ${index} of the list has no stored path or exists flag: ${JSON.stringify(entry)?.slice(0, 200)}`);
    }
    return {
      stored: fields.stored,
      path: typeof fields.path === 'string' ? fields.path : '',
      exists: fields.exists,
      usedBy: typeof fields.usedBy === 'string' && fields.usedBy ? fields.usedBy : 'the .blend',
      library: typeof fields.library === 'string' ? fields.library : null,
    };
  });
}

/** The files that are not there. */
export function missingOf(files: readonly ExternalFile[]): ExternalFile[] {
  return files.filter((file) => !file.exists);
}

/**
 * One line per missing file, e.g.
 * `image "grid" → //textures/grid.png (not found at /work/blends/textures/grid.png)`, and
 * `image "wood" of library //lib/props.blend → //tex/wood.png (not found at ...)`.
 */
export function describeMissingFile(file: ExternalFile): string {
  const user = file.library ? `${file.usedBy} of library ${file.library}` : file.usedBy;
  const where = file.path && file.path !== file.stored ? ` (not found at ${file.path})` : ' (not found)';
  return `${user} → ${file.stored}${where}`;
}

/**
 * The error of a job whose files are missing: `Missing files: <one per file>; <...>`.
 * `count`: how many are missing in all, when `missing` holds only the first of them.
 */
export function describeMissingFiles(missing: readonly ExternalFile[], count = missing.length): string {
  const named = missing.slice(0, FILES_NAMED);
  const more = count > named.length ? `; and ${count - named.length} more` : '';
  return `Missing files: ${named.map(describeMissingFile).join('; ')}${more}`;
}

/** The frame's result when files are missing: MISSING_FILES, each file also in the frame's log. */
export function missingFiles(
  missing: readonly ExternalFile[],
  parser: BlenderOutputParser,
  renderTimeMs: number | null,
  count = missing.length,
): RenderFrameResult {
  for (const file of missing) parser.feed(`Missing file: ${describeMissingFile(file)}`);
  return failed('MISSING_FILES', describeMissingFiles(missing, count), parser, renderTimeMs);
}
