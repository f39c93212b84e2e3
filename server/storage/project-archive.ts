import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { InputError } from '../errors.ts';

/**
 * A project sent as one .zip (for clients without Blender, and the dashboard): the project
 * folder, with the path of the .blend inside it. Read with yauzl (a well-kept reader that
 * streams entries and checks each entry's real size against its header) and refused whole,
 * before anything is stored, when an entry would land outside the project (`../`, an
 * absolute path, a drive letter), is a link, or the archive is a bomb: too many entries, too
 * many bytes once unpacked, or a compression ratio no real project has.
 */

export interface ArchiveLimits {
  maxEntries: number;
  /** Bytes of all files once unpacked. */
  maxTotalBytes: number;
  /** Unpacked bytes per packed byte, for an entry or the whole archive. */
  maxRatio: number;
}

/**
 * Real projects: textures and caches compress 1–10×, a .blend up to ~20× (measured on the
 * test scenes: 1.1 MB → 95 KB deflated, 11.6×). A zip bomb's entries reach 1,000× and more.
 */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 200,
};

/** Ratios are judged only past this size: a tiny text file of spaces compresses 1,000× innocently. */
const RATIO_MIN_BYTES = 1024 * 1024;

export interface ArchiveFile {
  /** Its path in the project, forward slashes, as the archive names it. */
  path: string;
  size: number;
}

export interface ProjectArchive {
  /** The .blend to render, a path among `files`. */
  blendPath: string;
  files: ArchiveFile[];
  totalBytes: number;
}

/** S_IFMT / S_IFLNK in the upper half of the external attributes (Unix zip makers set them). */
const FILE_TYPE_MASK = 0o170000;
const SYMLINK = 0o120000;

/**
 * The archive's table of contents, checked: every file, and the .blend (`blendPath`, or the
 * only .blend in it). Throws InputError naming `field` and the entry at fault.
 */
export async function readProjectArchive(
  zipFile: string,
  opts: { field: string; blendPath?: string | null; limits?: ArchiveLimits },
): Promise<ProjectArchive> {
  const limits = opts.limits ?? DEFAULT_ARCHIVE_LIMITS;
  const refuse = (problem: string): never => {
    throw new InputError(opts.field, problem);
  };
  const zip = await open(zipFile, opts.field);
  try {
    if (zip.entryCount > limits.maxEntries) {
      refuse(`the archive has ${zip.entryCount} entries, more than the ${limits.maxEntries} a project may have`);
    }
    const files: ArchiveFile[] = [];
    const seen = new Set<string>();
    let totalBytes = 0;
    let packedBytes = 0;
    for await (const entry of entries(zip, opts.field)) {
      const mode = (entry.externalFileAttributes >>> 16) & FILE_TYPE_MASK;
      if (mode === SYMLINK) refuse(`"${entry.fileName}" is a symbolic link: put the file itself in the archive`);
      if (entry.fileName.endsWith('/')) continue;
      if (entry.fileName.split('/').some((part) => part === '' || part === '.')) refuse(`"${entry.fileName}" is not a clean path`);
      if (seen.has(entry.fileName)) refuse(`"${entry.fileName}" is in the archive twice`);
      seen.add(entry.fileName);
      if (entry.uncompressedSize >= RATIO_MIN_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        refuse(`"${entry.fileName}" unpacks ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}× its packed size: refused as an archive bomb`);
      }
      totalBytes += entry.uncompressedSize;
      packedBytes += entry.compressedSize;
      if (totalBytes > limits.maxTotalBytes) refuse(`the archive unpacks to more than ${limits.maxTotalBytes} bytes`);
      files.push({ path: entry.fileName, size: entry.uncompressedSize });
    }
    if (totalBytes >= RATIO_MIN_BYTES && totalBytes > limits.maxRatio * Math.max(1, packedBytes)) {
      refuse(`the archive unpacks ${Math.round(totalBytes / Math.max(1, packedBytes))}× its packed size: refused as an archive bomb`);
    }
    return { blendPath: chooseBlend(files, opts.blendPath ?? null, refuse), files, totalBytes };
  } finally {
    zip.close();
  }
}

function chooseBlend(files: readonly ArchiveFile[], wanted: string | null, refuse: (problem: string) => never): string {
  const blends = files.map((file) => file.path).filter((name) => name.toLowerCase().endsWith('.blend'));
  if (wanted !== null) {
    if (!blends.includes(wanted)) {
      refuse(`"${wanted}" is not a .blend in the archive${blends.length ? ` (it has ${blends.slice(0, 5).map((b) => `"${b}"`).join(', ')})` : ''}`);
    }
    return wanted;
  }
  if (blends.length === 1) return blends[0]!;
  if (blends.length === 0) refuse('the archive has no .blend file');
  return refuse(`the archive has ${blends.length} .blend files (${blends.slice(0, 5).map((b) => `"${b}"`).join(', ')}): say which one to render`);
}

/**
 * Streams each file of a checked archive to `take`, one at a time. yauzl stops a stream
 * whose bytes exceed its header's size, so an archive lying about its sizes cannot
 * outgrow the limits readProjectArchive checked.
 */
export async function eachArchiveFile(
  zipFile: string,
  archive: ProjectArchive,
  field: string,
  take: (file: ArchiveFile, content: Readable) => Promise<void>,
): Promise<void> {
  const wanted = new Map(archive.files.map((file) => [file.path, file]));
  const zip = await open(zipFile, field);
  try {
    for await (const entry of entries(zip, field)) {
      const file = wanted.get(entry.fileName);
      if (!file || file.size !== entry.uncompressedSize) continue;
      try {
        await take(file, await zip.openReadStreamPromise(entry));
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(field, `"${entry.fileName}" could not be unpacked: ${(error as Error).message}`);
      }
    }
  } finally {
    zip.close();
  }
}

async function open(zipFile: string, field: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(zipFile, { autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw new InputError(field, `not a readable .zip archive (${(error as Error).message})`);
  }
}

/** The entries, with yauzl's own refusals (absolute paths, `..`) in our words. */
async function* entries(zip: yauzl.ZipFile, field: string): AsyncGenerator<yauzl.Entry> {
  try {
    yield* zip.eachEntry();
  } catch (error) {
    const message = (error as Error).message;
    const where = /^(?:absolute path|invalid relative path|invalid characters in fileName): (.*)$/.exec(message);
    if (where) throw new InputError(field, `"${where[1]}" would land outside the project folder: entries must be relative paths inside it`);
    throw new InputError(field, `not a readable .zip archive (${message})`);
  }
}
