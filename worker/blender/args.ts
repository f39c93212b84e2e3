import { fileURLToPath } from 'node:url';
import { blenderFormatArg, type OutputFormat } from '../../common/blender/formats.ts';

/** Points the artist's paths at the job's local copies inside Blender, in both modes. */
export const REMAP_SCRIPT = fileURLToPath(new URL('./remap_paths.py', import.meta.url));

/** The job's path mappings (worker/path-mappings.ts): what each of the artist's paths is here. */
export interface PathMappingsArg {
  /** Absolute; omitted when the job has none. */
  pathMappings?: string | undefined;
}

/**
 * `-f` takes 0..1048574 (Blender's MAXFRAME). Above it Blender silently clamps and renders
 * frame 1048574 instead; a negative number counts back from the scene's end frame. Neither is
 * the frame that was asked for, so both are refused before Blender runs.
 */
export const MAX_FRAME = 1_048_574;

export interface RenderArgsInput extends PathMappingsArg {
  blendFile: string;
  /** Omitted, null or empty: the scene that was active when the file was saved. */
  sceneName?: string | null | undefined;
  format: OutputFormat;
  outputDir: string;
  frame: number;
}

export function assertRenderableFrame(frame: number): void {
  if (!Number.isInteger(frame) || frame < 0 || frame > MAX_FRAME) {
    throw new RangeError(`Frame ${frame} cannot be rendered: Blender renders whole frames from 0 to ${MAX_FRAME}`);
  }
}

export function assertUsableOutputDir(outputDir: string): void {
  if (outputDir.includes('#')) {
    // Blender would read any `#` in the directory as a frame-number placeholder.
    throw new Error(`Output folder "${outputDir}" contains "#", which Blender replaces with the frame number`);
  }
}

/**
 * The argv for rendering one frame with Blender 3.4:
 *
 *   -b -noaudio --disable-autoexec FILE [--python REMAP] [-S SCENE] -o DIR/#### -F FORMAT -x 1 -f N
 *       [-- --path-mappings MAPPINGS]
 *
 * Order matters: Blender handles arguments left to right, so `-noaudio` and
 * `--disable-autoexec` must precede the file they apply to, and `-S`, `-o`, `-F`, `-x` are
 * silently ignored when they come after `-f`.
 *
 * - `-noaudio`: without it Blender probes PulseAudio/JACK/OpenAL at start (seen with strace:
 *   it tries the pulse sockets). A render never plays sound, and a broken sound server on a
 *   worker then cannot stall or fail a render.
 * - `--disable-autoexec`: .blend files come from whoever submits a job; Python embedded in
 *   them must not run on every worker. Blender's default preferences already refuse it, so this
 *   only matters on a machine whose user turned auto-run on, and keeps such a worker's pixels
 *   equal to a default `blender -b FILE -f N`.
 * - `-x 1`: the file's own "File Extensions" setting could be off; the farm needs the name to
 *   be predictable (`framePath`). Pixels do not depend on it.
 * - No `--factory-startup`: a worker's installed add-ons may be what the scene needs.
 * - `--python REMAP` (when the job has path mappings): Blender runs it when it reaches it, so
 *   after FILE is loaded and before `-f` renders; its mapping file goes after `--`, which
 *   ends Blender's own arguments and so must come last.
 */
export function buildRenderArgs(input: RenderArgsInput): string[] {
  assertRenderableFrame(input.frame);
  assertUsableOutputDir(input.outputDir);
  const args = ['-b', '-noaudio', '--disable-autoexec', input.blendFile];
  if (input.pathMappings) args.push('--python', REMAP_SCRIPT);
  if (input.sceneName) args.push('-S', input.sceneName);
  args.push(
    '-o',
    `${input.outputDir.replace(/\/+$/, '')}/####`,
    '-F',
    blenderFormatArg(input.format),
    '-x',
    '1',
    '-f',
    String(input.frame),
  );
  if (input.pathMappings) args.push('--', '--path-mappings', input.pathMappings);
  return args;
}

export interface SessionArgsInput extends PathMappingsArg {
  blendFile: string;
  /** Omitted, null or empty: the scene that was active when the file was saved. */
  sceneName?: string | null | undefined;
  /** worker/blender/bridge.py */
  bridgeScript: string;
  /** The bridge checks the files the .blend uses before it says READY (worker/blender/missing-files.ts). */
  checkFiles?: boolean | undefined;
}

/**
 * The argv for a persistent Blender session (worker/blender/blender-session.ts):
 *
 *   -b -noaudio --disable-autoexec FILE --python-exit-code 1 --python BRIDGE -- [--check-files] [--scene SCENE]
 *       [--path-mappings MAPPINGS]
 *
 * The same flags as buildRenderArgs before the file, for the same reasons; output folder,
 * format and frame then come with each command on stdin. `--python-exit-code 1` makes a
 * bridge that fails to load exit 1 instead of 0, which reads better in a log. The scene is
 * selected by the bridge, not `-S`: `-S` with a missing name goes on with the active scene.
 */
export function buildSessionArgs(input: SessionArgsInput): string[] {
  const args = ['-b', '-noaudio', '--disable-autoexec', input.blendFile, '--python-exit-code', '1', '--python', input.bridgeScript, '--'];
  if (input.checkFiles) args.push('--check-files');
  if (input.sceneName) args.push('--scene', input.sceneName);
  if (input.pathMappings) args.push('--path-mappings', input.pathMappings);
  return args;
}

/**
 * The argv for listing the files a .blend uses (spawn mode's check before a job's first frame):
 *
 *   -b -noaudio --disable-autoexec FILE --python-exit-code 1 [--python REMAP] --python TRACER -- --out OUT
 *       [--path-mappings MAPPINGS]
 *
 * The same flags before the file as a render, so the file is loaded as the render loads it,
 * and remapped as the render remaps it: what is checked is what the frame will use.
 */
export function buildFileCheckArgs(input: { blendFile: string; tracerScript: string; outFile: string } & PathMappingsArg): string[] {
  const remap = input.pathMappings ? ['--python', REMAP_SCRIPT] : [];
  const mappings = input.pathMappings ? ['--path-mappings', input.pathMappings] : [];
  const before = ['-b', '-noaudio', '--disable-autoexec', input.blendFile, '--python-exit-code', '1', ...remap];
  return [...before, '--python', input.tracerScript, '--', '--out', input.outFile, ...mappings];
}
