import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * Rendered frames not yet delivered, remembered on disk so that a worker stopped (or killed)
 * before the server took them delivers them when it starts again. Each frame's file gets a
 * small JSON note beside it (`0001.png.undelivered.json`), written before the upload starts
 * and removed once the server took the frame or said it is not wanted.
 */
export interface RenderedFrame {
  jobId: string;
  frameNumber: number;
  renderTimeMs: number | null;
  /** The rendered image, in the worker's frames folder. */
  file: string;
}

const NOTE_SUFFIX = '.undelivered.json';

export function notePath(file: string): string {
  return `${file}${NOTE_SUFFIX}`;
}

export async function rememberUndelivered(frame: RenderedFrame): Promise<void> {
  const note = notePath(frame.file);
  // Written whole, then renamed: a worker killed mid-write leaves no half a note.
  await fsp.writeFile(`${note}.part`, JSON.stringify(frame));
  await fsp.rename(`${note}.part`, note);
}

/** The frame was delivered or is not wanted: its file goes, then its note. */
export async function forgetUndelivered(frame: RenderedFrame): Promise<void> {
  // In this order: a note whose file is gone is cleared by the next scan, whereas a file
  // without its note would stay on disk for ever.
  await fsp.rm(frame.file, { force: true });
  await fsp.rm(notePath(frame.file), { force: true });
}

/**
 * A note's content, or null when it is not one. The frame's file is the one beside the note,
 * whatever path the note recorded, so a work dir that was moved still delivers its frames.
 */
export function parseNote(text: string, note: string): RenderedFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !note.endsWith(NOTE_SUFFIX)) return null;
  const { jobId, frameNumber, renderTimeMs } = value as Record<string, unknown>;
  if (typeof jobId !== 'string' || jobId === '' || !Number.isInteger(frameNumber)) return null;
  if (renderTimeMs !== null && !Number.isInteger(renderTimeMs)) return null;
  return {
    jobId,
    frameNumber: frameNumber as number,
    renderTimeMs: renderTimeMs as number | null,
    file: note.slice(0, -NOTE_SUFFIX.length),
  };
}

/**
 * Every undelivered frame under `framesDir`, by job and frame number. Notes whose file is gone
 * are removed; notes that cannot be read are reported in `unreadable` and left alone.
 */
export async function findUndelivered(framesDir: string): Promise<{ frames: RenderedFrame[]; unreadable: string[] }> {
  const names = await fsp.readdir(framesDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const frames: RenderedFrame[] = [];
  const unreadable: string[] = [];
  for (const name of names.filter((n) => n.endsWith(NOTE_SUFFIX)).sort()) {
    const note = path.join(framesDir, name);
    const frame = parseNote(await fsp.readFile(note, 'utf8').catch(() => ''), note);
    if (!frame) {
      unreadable.push(note);
    } else if (await fsp.stat(frame.file).then((s) => s.isFile(), () => false)) {
      frames.push(frame);
    } else {
      await fsp.rm(note, { force: true });
    }
  }
  frames.sort((a, b) => a.jobId.localeCompare(b.jobId) || a.frameNumber - b.frameNumber);
  return { frames, unreadable };
}
