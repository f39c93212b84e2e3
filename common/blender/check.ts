import { SpawnProcessRunner, type ProcessRunner } from './runner.ts';

/** `blender --version` answers in ~0.2 s; a slow disk or first start of a big build needs more. */
const VERSION_TIMEOUT_MS = 30_000;

const HOW_TO_FIX =
  'Install Blender (`sudo apt-get install blender` on Debian/Ubuntu, or download it from https://www.blender.org/download/), ' +
  'or tell the worker where it is with `--blender /path/to/blender` or the BLENDER_PATH environment variable.';

export class BlenderNotUsableError extends Error {
  override readonly name = 'BlenderNotUsableError';
}

/**
 * Makes sure `blenderPath` is a working Blender before a worker takes any frame, and returns
 * its version line (e.g. "Blender 3.4.1"). Throws BlenderNotUsableError saying how to fix it.
 */
export async function checkBlender(
  blenderPath: string,
  runner: ProcessRunner = new SpawnProcessRunner(),
  timeoutMs = VERSION_TIMEOUT_MS,
): Promise<string> {
  const lines: string[] = [];
  const timeout = AbortSignal.timeout(timeoutMs);
  let result;
  try {
    result = await runner.run(blenderPath, ['--version'], { onLine: (line) => lines.push(line), signal: timeout });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `Blender was not found at "${blenderPath}".`
        : code === 'EACCES'
          ? `"${blenderPath}" is not an executable program.`
          : `Blender at "${blenderPath}" could not be started: ${(error as Error).message}.`;
    throw new BlenderNotUsableError(`${reason} ${HOW_TO_FIX}`, { cause: error });
  }

  const output = lines.join('\n').trim();
  if (timeout.aborted) {
    throw new BlenderNotUsableError(
      `"${blenderPath} --version" did not answer within ${Math.round(timeoutMs / 1000)} s. ${HOW_TO_FIX}`,
    );
  }
  if (result.exitCode !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`;
    throw new BlenderNotUsableError(
      `"${blenderPath} --version" ${how}${output ? ` after printing "${excerpt(output, 'last')}"` : ''}. ${HOW_TO_FIX}`,
    );
  }
  const version = lines.map((line) => line.trim()).find((line) => /^Blender \d+\.\d+/.test(line));
  if (!version) {
    throw new BlenderNotUsableError(
      `"${blenderPath}" does not look like Blender: "--version" printed ${output ? `"${excerpt(output, 'first')}"` : 'nothing'}. ${HOW_TO_FIX}`,
    );
  }
  return version;
}

/** Another program's own version line comes first; a crashing program's reason comes last. */
function excerpt(text: string, end: 'first' | 'last'): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return (end === 'first' ? lines.slice(0, 3) : lines.slice(-3)).join(' / ').slice(0, 500);
}
