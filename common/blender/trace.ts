/**
 * Which external files a .blend uses, asked of Blender itself: external_files.py runs inside
 * a headless Blender and writes a manifest (see that file for each entry), read back here.
 * Used by `farm submit` on the artist's machine; the parsing and checks are pure.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpawnProcessRunner, type ProcessRunner } from './runner.ts';

/** Shipped beside this file, so every program that has common/ has the tracer. */
export const EXTERNAL_FILES_SCRIPT = fileURLToPath(new URL('./external_files.py', import.meta.url));

/**
 * The generated test projects trace in ~1.1 s (one Blender start, 10 files, one library). A
 * production shot with hundreds of libraries loads for minutes; past this something is stuck.
 */
export const TRACE_TIMEOUT_MS = 5 * 60_000;

/** How many of Blender's last lines an error quotes: its own error is near the end. */
const QUOTED_LINES = 8;

/** One external file a datablock uses (external_files.py writes these). */
export interface TracedFile {
  /** The path as Blender stores it: `//textures/grid.png`, `/abs/…`, `C:\…`. */
  stored: string;
  /** Where it resolves on the machine that traced it: absolute, normalised. */
  path: string;
  exists: boolean;
  /** What uses it, for people: `image "grid"`, `library "props.blend"`. */
  usedBy: string;
  /** null for the .blend itself, else the stored path of the library whose datablock uses it. */
  library: string | null;
}

export interface FileManifest {
  /** The traced .blend, absolute. */
  blend: string;
  blenderVersion: string;
  files: TracedFile[];
}

/** Tracing did not give a manifest; the message says why, in the user's terms. */
export class TraceError extends Error {
  override readonly name: string = 'TraceError';
}

/** There is no Blender to trace with (not installed, or not at the path given). */
export class BlenderMissingError extends TraceError {
  override readonly name = 'BlenderMissingError';
}

/** The manifest's JSON is not what external_files.py writes. */
export class ManifestError extends TraceError {
  override readonly name = 'ManifestError';
}

export interface TraceOptions {
  /** The Blender to run (`blender` on the PATH by default). */
  blenderPath?: string;
  runner?: ProcessRunner;
  timeoutMs?: number;
  /** Stops Blender (Ctrl-C): the trace then fails with a TraceError saying so. */
  signal?: AbortSignal;
}

/** Blender's command line for tracing `blendPath` into `outPath`. */
export function traceArgs(blendPath: string, outPath: string): string[] {
  return [
    '-b',
    blendPath,
    '--factory-startup',
    '-noaudio',
    // Tracing only reads paths; a script saved in the file has no business running here.
    '--disable-autoexec',
    // A Python error must fail the run: without this Blender exits 0 after a traceback.
    '--python-exit-code',
    '1',
    '--python',
    EXTERNAL_FILES_SCRIPT,
    '--',
    '--out',
    outPath,
  ];
}

/**
 * Runs Blender on `blendPath` and returns the files it uses. Throws BlenderMissingError when
 * Blender cannot be started, TraceError when it crashes, times out or writes no manifest.
 */
export async function traceBlendFile(blendPath: string, options: TraceOptions = {}): Promise<FileManifest> {
  const blender = options.blenderPath ?? 'blender';
  const runner = options.runner ?? new SpawnProcessRunner();
  const timeoutMs = options.timeoutMs ?? TRACE_TIMEOUT_MS;
  const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'farm-trace-'));
  const outPath = path.join(workDir, 'manifest.json');
  const lines: string[] = [];
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const stop = (): void => timeout.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) stop();
  try {
    let result;
    try {
      result = await runner.run(blender, traceArgs(path.resolve(blendPath), outPath), {
        onLine: (line) => lines.push(line),
        signal: timeout.signal,
      });
    } catch (error) {
      throw startError(blender, error);
    }
    const said = quote(lines);
    if (options.signal?.aborted) throw new TraceError(`Listing the files of ${blendPath} was stopped`);
    if (timeout.signal.aborted) {
      throw new TraceError(`Blender did not finish listing the files of ${blendPath} within ${timeoutMs / 1000} s${said}`);
    }
    if (result.exitCode !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`;
      throw new TraceError(`Blender ${how} while listing the files of ${blendPath}${said}`);
    }
    const text = await fsp.readFile(outPath, 'utf8').catch(() => null);
    if (text === null) throw new TraceError(`Blender wrote no list of the files of ${blendPath}${said}`);
    return parseManifest(text);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}

function startError(blender: string, error: unknown): TraceError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BlenderMissingError(`Blender was not found at "${blender}"`, { cause: error });
  if (code === 'EACCES') return new BlenderMissingError(`"${blender}" is not an executable program`, { cause: error });
  return new BlenderMissingError(`Blender at "${blender}" could not be started: ${(error as Error).message}`, { cause: error });
}

/** Blender's last lines, for an error message: its own complaint is usually among them. */
function quote(lines: readonly string[]): string {
  const last = lines.filter((line) => line.trim() !== '').slice(-QUOTED_LINES);
  return last.length === 0 ? ' (it printed nothing)' : `; it printed:\n  ${last.join('\n  ')}`;
}

/** The manifest external_files.py writes, checked field by field; ManifestError names the first bad one. */
export function parseManifest(text: string): FileManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`the list of files is not JSON: ${(error as Error).message}`);
  }
  const manifest = record(value, 'the list of files');
  const files = manifest.files;
  if (!Array.isArray(files)) throw new ManifestError('the list of files has no "files" array');
  return {
    blend: requiredString(manifest, 'blend', 'the list of files'),
    blenderVersion: requiredString(manifest, 'blenderVersion', 'the list of files'),
    files: files.map((file, index) => tracedFile(file, `files[${index}]`)),
  };
}

function tracedFile(value: unknown, where: string): TracedFile {
  const file = record(value, where);
  if (typeof file.exists !== 'boolean') throw new ManifestError(`${where}.exists must be true or false`);
  if (file.library !== null && typeof file.library !== 'string') throw new ManifestError(`${where}.library must be a path or null`);
  return {
    stored: requiredString(file, 'stored', where),
    path: requiredString(file, 'path', where),
    exists: file.exists,
    usedBy: requiredString(file, 'usedBy', where),
    library: file.library,
  };
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ManifestError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function requiredString(object: Record<string, unknown>, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new ManifestError(`${where}.${key} must be a non-empty string`);
  return value;
}

/** The files Blender would not find: each would render as magenta, or not at all. */
export function missingFiles(manifest: FileManifest): TracedFile[] {
  return manifest.files.filter((file) => !file.exists);
}

/** A missing file as a person reads it: `//textures/grid.png (image "grid") — not found at /home/me/shot/textures/grid.png`. */
export function describeMissingFile(file: TracedFile): string {
  const owner = file.library === null ? file.usedBy : `${file.usedBy} in library ${file.library}`;
  return `${file.stored} (${owner}) — not found at ${file.path}`;
}
