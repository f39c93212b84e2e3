/**
 * Real-Blender helpers for integration tests: make a scene, render a frame the plain way a
 * user would, and compare two images pixel by pixel.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { blenderFormatArg, type OutputFormat } from '../../common/blender/formats.ts';
import { type Finished, lastLines, runToEnd } from './processes.ts';

export const BLENDER_PATH = process.env.BLENDER_PATH ?? 'blender';

const SUPPORT_DIR = path.dirname(fileURLToPath(import.meta.url));
const MAKE_SCENE_PY = path.join(SUPPORT_DIR, 'make_scene.py');
const COMPARE_IMAGES_PY = path.join(SUPPORT_DIR, 'compare_images.py');
const COMPARE_RESULT_PREFIX = 'COMPARE_IMAGES_RESULT ';
const COMPARE_ERROR_PREFIX = 'COMPARE_IMAGES_ERROR ';

/** Far above any single call here (~0.6–4 s), low enough that a hung Blender fails the test. */
const BLENDER_TIMEOUT_MS = 60_000;

/** Blender run to its end (at most `timeoutMs`): its exit status and output. */
export function runBlender(args: string[], timeoutMs = BLENDER_TIMEOUT_MS): Promise<Finished> {
  return runToEnd(BLENDER_PATH, args, { timeoutMs });
}

export interface MakeSceneOptions {
  /** Where to write the .blend. */
  out: string;
  engine?: 'CYCLES' | 'BLENDER_EEVEE';
  /** Adds a second, differently coloured scene of this name; "Scene" stays the active one. */
  secondScene?: string;
  /** The second scene is the active one: the animated "Scene" must then be named to be rendered. */
  secondSceneActive?: boolean;
  /** Frame range 1..frames (default 10); the animated cube makes every frame different. */
  frames?: number;
  /** Save zstd-compressed (~120 KB instead of ~1.1 MB), as Blender's "Compress" option does. */
  compress?: boolean;
  /** Cycles samples (default 8): more makes each frame slower. */
  samples?: number;
  /** Resolution percentage of 64x36 (default 100). */
  scale?: number;
  /** Blender fails on this frame (Debian's Blender has no OpenImageDenoise; see make_scene.py). */
  failFrame?: number;
  /** The cube shows the image "grid" from this path, stored as given (`//textures/grid.png`, or absolute). */
  texture?: string;
}

/** Writes a small deterministic scene (64x36, Cycles 8 samples, no denoising); returns its path. */
export async function makeScene(options: MakeSceneOptions): Promise<string> {
  const out = path.resolve(options.out);
  await fsp.mkdir(path.dirname(out), { recursive: true });
  const args = ['-b', '--factory-startup', '-noaudio', '--python-exit-code', '1', '--python', MAKE_SCENE_PY, '--'];
  args.push('--out', out);
  if (options.engine) args.push('--engine', options.engine);
  if (options.secondScene) args.push('--second-scene', options.secondScene);
  if (options.secondSceneActive) args.push('--second-scene-active');
  if (options.frames !== undefined) args.push('--frames', String(options.frames));
  if (options.compress) args.push('--compress');
  if (options.samples !== undefined) args.push('--samples', String(options.samples));
  if (options.scale !== undefined) args.push('--scale', String(options.scale));
  if (options.failFrame !== undefined) args.push('--fail-frame', String(options.failFrame));
  if (options.texture !== undefined) args.push('--texture', options.texture);
  const run = await runBlender(args);
  if (run.exitCode !== 0 || !run.output.includes(`MAKE_SCENE_OK ${out}`)) {
    throw new Error(`make_scene.py failed (exit ${run.exitCode}):\n${lastLines(run.output)}`);
  }
  return out;
}

export interface RenderPlainOptions {
  blendFile: string;
  frame: number;
  sceneName?: string;
  format: OutputFormat;
  outDir: string;
}

/**
 * Renders one frame as a user would by hand — `blender -b FILE [-S SCENE] -o DIR/#### -F FMT -f N`,
 * none of the worker's extra flags — and returns the file Blender says it saved.
 */
export async function renderPlain(options: RenderPlainOptions): Promise<string> {
  const outDir = path.resolve(options.outDir);
  const args = ['-b', path.resolve(options.blendFile)];
  if (options.sceneName) args.push('-S', options.sceneName);
  args.push('-o', `${outDir}/####`, '-F', blenderFormatArg(options.format), '-f', String(options.frame));
  const run = await runBlender(args);
  const saved = [...run.output.matchAll(/^Saved: '(.*)'$/gm)].map((match) => match[1] ?? '');
  const problem = run.output.match(/^(Error:.*|Can't find scene.*)$/m)?.[0];
  if (run.exitCode !== 0 || saved.length !== 1 || problem) {
    throw new Error(`plain render of frame ${options.frame} failed (exit ${run.exitCode}):\n${lastLines(run.output)}`);
  }
  const file = saved[0] ?? '';
  await fsp.access(file);
  return file;
}

export interface ImageComparison {
  width: number;
  height: number;
  /** Largest per-channel difference in Blender's float units: 1/255 is one 8-bit step. */
  maxDiff: number;
}

/**
 * Decodes both images with Blender (so PNG, JPEG, OPEN_EXR, ... all work) and compares pixels,
 * not bytes: Blender writes the date and render time into PNGs. Throws if either image cannot be
 * read or their sizes differ.
 */
export async function compareImages(a: string, b: string): Promise<ImageComparison> {
  const run = await runBlender([
    '-b',
    '--factory-startup',
    '-noaudio',
    '--python-exit-code',
    '1',
    '--python',
    COMPARE_IMAGES_PY,
    '--',
    path.resolve(a),
    path.resolve(b),
  ]);
  const lines = run.output.split('\n');
  const error = lines.find((line) => line.startsWith(COMPARE_ERROR_PREFIX));
  if (error) {
    const { error: message } = JSON.parse(error.slice(COMPARE_ERROR_PREFIX.length)) as { error: string };
    throw new Error(`compareImages: ${message}`);
  }
  const result = lines.find((line) => line.startsWith(COMPARE_RESULT_PREFIX));
  if (run.exitCode !== 0 || !result) {
    throw new Error(`compare_images.py failed (exit ${run.exitCode}):\n${lastLines(run.output)}`);
  }
  return JSON.parse(result.slice(COMPARE_RESULT_PREFIX.length)) as ImageComparison;
}
