/**
 * `farm submit`'s look at the files a .blend uses, before any upload: a texture missing here
 * renders magenta on every frame with no error (Blender exits 0), so the farm would call the
 * job COMPLETED. Blender on this machine does the looking; without one, the bare .blend is
 * submitted with a warning, so Blender stays optional for submitting.
 */
import { BlenderMissingError, describeMissingFile, type FileManifest, missingFiles, traceBlendFile, type TraceOptions } from '../../common/blender/trace.ts';
import type { CliContext } from '../context.ts';
import { CliError, UsageError } from '../errors.ts';

export interface FileCheckOptions {
  /** --blender, else BLENDER_PATH, else `blender` on the PATH. */
  blenderPath: string;
  /** --allow-missing: warn about missing files and submit anyway. */
  allowMissing: boolean;
}

/** Runs the tracer; tests pass a fake. */
export type Tracer = (blendPath: string, options: TraceOptions) => Promise<FileManifest>;

/** The Blender to trace with, from --blender or the environment. */
export function blenderForSubmit(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--blender must be the path of a Blender program');
  return flag ?? (env.BLENDER_PATH || 'blender');
}

/** What the look found: the manifest (null when it could not be made here), or a stop by Ctrl-C. */
export type CheckedFiles = { stopped: true } | { stopped: false; manifest: FileManifest | null };

/**
 * Checks the files `blendFile` uses. Throws a CliError (exit 1) listing the missing ones unless
 * allowed; `stopped` when Ctrl-C stopped it (nothing is to be uploaded then).
 */
export async function checkFilesBeforeUpload(
  ctx: CliContext,
  blendFile: string,
  options: FileCheckOptions,
  trace: Tracer = traceBlendFile,
): Promise<CheckedFiles> {
  const startedAt = ctx.io.now();
  let manifest;
  try {
    manifest = await trace(blendFile, { blenderPath: options.blenderPath, signal: ctx.io.interrupted });
  } catch (error) {
    if (ctx.io.interrupted.aborted) return { stopped: true };
    if (error instanceof BlenderMissingError) {
      ctx.say(`Warning: ${error.message}, so the files the .blend uses are not checked here. Install Blender or pass --blender PATH (or BLENDER_PATH) to check them.`);
    } else {
      ctx.say(`Warning: the files the .blend uses could not be checked: ${(error as Error).message}`);
    }
    return { stopped: false, manifest: null };
  }
  const missing = missingFiles(manifest);
  const took = `${((ctx.io.now() - startedAt) / 1000).toFixed(1)} s`;
  if (missing.length === 0) {
    const count = manifest.files.length;
    ctx.say(count === 0 ? `The .blend uses no external files (checked in ${took})` : `Checked the ${count} file${count === 1 ? '' : 's'} the .blend uses: all found (${took})`);
    return { stopped: false, manifest };
  }
  const lines = missing.map((file) => `Missing file: ${describeMissingFile(file)}`);
  const count = `${missing.length} file${missing.length === 1 ? '' : 's'} the .blend uses ${missing.length === 1 ? 'is' : 'are'} missing`;
  if (options.allowMissing) {
    for (const line of lines) ctx.say(`Warning: ${line}`);
    ctx.say(`Warning: ${count}; submitting anyway (--allow-missing): frames render without them.`);
    return { stopped: false, manifest };
  }
  for (const line of lines) ctx.say(line);
  ctx.printJson({ submitted: false, missingFiles: missing });
  throw new CliError(`${count}, so nothing was uploaded. Put ${missing.length === 1 ? 'it' : 'them'} back (or pack ${missing.length === 1 ? 'it' : 'them'} into the .blend), or submit anyway with --allow-missing.`);
}
