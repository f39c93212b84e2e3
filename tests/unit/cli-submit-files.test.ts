/**
 * `farm submit`'s check of the files a .blend uses, with a fake tracer: missing files stop
 * it (exit 1, each named with what uses it), --allow-missing warns, and no Blender here or a
 * Blender that fails only warns, so submitting never needs Blender.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlenderMissingError, type FileManifest, type TracedFile, TraceError } from '../../common/blender/trace.ts';
import { blenderForSubmit, checkFilesBeforeUpload, type Tracer } from '../../cli/commands/submit-files.ts';
import { CliContext } from '../../cli/context.ts';
import { CliError, UsageError } from '../../cli/errors.ts';

function fakeContext(interrupted = new AbortController().signal, json = false) {
  let stderr = '';
  let stdout = '';
  const stream = (append: (text: string) => void) =>
    ({ isTTY: false, write: (text: string) => (append(text), true) }) as unknown as NodeJS.WriteStream;
  let clock = 1_000;
  const ctx = new CliContext(
    { stdout: stream((text) => (stdout += text)), stderr: stream((text) => (stderr += text)), env: {}, interrupted, now: () => (clock += 550) },
    'http://farm.test',
    json,
  );
  return { ctx, stderr: () => stderr, stdout: () => stdout };
}

const file = (stored: string, exists: boolean, usedBy: string): TracedFile => ({ stored, path: `/home/me/shot/${stored.slice(2)}`, exists, usedBy, library: null });

const manifestWith = (...files: TracedFile[]): Tracer => async () => ({ blend: '/home/me/shot/shot.blend', blenderVersion: '3.4.1', files }) satisfies FileManifest;
const failing = (error: Error): Tracer => async () => {
  throw error;
};

const GRID_MISSING = file('//textures/grid.png', false, 'image "grid"');
const OPTIONS = { blenderPath: 'blender', allowMissing: false };

describe('farm submit: the files the .blend uses', () => {
  it('stops before any upload when files are missing, naming each and what uses it', async () => {
    const { ctx, stderr } = fakeContext();
    const tracer = manifestWith(file('//textures/wood.png', true, 'image "wood"'), GRID_MISSING, file('//sounds/x.wav', false, 'sound "x"'));
    await assert.rejects(checkFilesBeforeUpload(ctx, 'shot.blend', OPTIONS, tracer), (error: Error) => {
      assert.ok(error instanceof CliError && !(error instanceof UsageError));
      assert.equal(error.exitCode, 1);
      assert.match(error.message, /^2 files the \.blend uses are missing, so nothing was uploaded\. .* --allow-missing\.$/);
      return true;
    });
    assert.equal(
      stderr(),
      'Missing file: //textures/grid.png (image "grid") — not found at /home/me/shot/textures/grid.png\n' +
        'Missing file: //sounds/x.wav (sound "x") — not found at /home/me/shot/sounds/x.wav\n',
    );
  });

  it('with --json, the missing files are also one JSON document on stdout', async () => {
    const { ctx, stdout } = fakeContext(undefined, true);
    await assert.rejects(checkFilesBeforeUpload(ctx, 'shot.blend', OPTIONS, manifestWith(GRID_MISSING)), CliError);
    assert.deepEqual(JSON.parse(stdout()), { submitted: false, missingFiles: [GRID_MISSING] });
  });

  it('--allow-missing warns about each and goes on', async () => {
    const { ctx, stderr } = fakeContext();
    assert.equal((await checkFilesBeforeUpload(ctx, 'shot.blend', { ...OPTIONS, allowMissing: true }, manifestWith(GRID_MISSING))).stopped, false);
    assert.match(stderr(), /^Warning: Missing file: \/\/textures\/grid\.png \(image "grid"\) — not found at /);
    assert.match(stderr(), /^Warning: 1 file the \.blend uses is missing; submitting anyway \(--allow-missing\)/m);
  });

  it('says how many files it checked, and how long that took', async () => {
    const { ctx, stderr } = fakeContext();
    assert.equal((await checkFilesBeforeUpload(ctx, 'shot.blend', OPTIONS, manifestWith(file('//a.png', true, 'image "a"')))).stopped, false);
    assert.equal(stderr(), 'Checked the 1 file the .blend uses: all found (0.6 s)\n');
    const bare = fakeContext();
    await checkFilesBeforeUpload(bare.ctx, 'shot.blend', OPTIONS, manifestWith());
    assert.equal(bare.stderr(), 'The .blend uses no external files (checked in 0.6 s)\n');
  });

  it('without a Blender here, or with one that fails on the file, warns and goes on: Blender is not needed to submit', async () => {
    const missing = fakeContext();
    const noBlender = failing(new BlenderMissingError('Blender was not found at "blender"'));
    assert.equal((await checkFilesBeforeUpload(missing.ctx, 'shot.blend', OPTIONS, noBlender)).stopped, false);
    assert.match(missing.stderr(), /^Warning: Blender was not found at "blender", so the files the \.blend uses are not checked here\. .*--blender PATH/);
    const broken = fakeContext();
    assert.equal((await checkFilesBeforeUpload(broken.ctx, 'x.txt', OPTIONS, failing(new TraceError('Blender exited with status 1')))).stopped, false);
    assert.equal(broken.stderr(), 'Warning: the files the .blend uses could not be checked: Blender exited with status 1\n');
  });

  it('Ctrl-C while checking: nothing to upload, nothing said about the files', async () => {
    const controller = new AbortController();
    const { ctx, stderr } = fakeContext(controller.signal);
    const stopped: Tracer = async () => {
      controller.abort();
      throw new TraceError('Listing the files of shot.blend was stopped');
    };
    assert.deepEqual(await checkFilesBeforeUpload(ctx, 'shot.blend', OPTIONS, stopped), { stopped: true });
    assert.equal(stderr(), '');
  });

  it('traces with --blender, else BLENDER_PATH, else blender on the PATH', () => {
    assert.equal(blenderForSubmit('/opt/b/blender', { BLENDER_PATH: '/usr/bin/blender' }), '/opt/b/blender');
    assert.equal(blenderForSubmit(undefined, { BLENDER_PATH: '/usr/bin/blender' }), '/usr/bin/blender');
    assert.equal(blenderForSubmit(undefined, { BLENDER_PATH: '' }), 'blender');
    assert.throws(() => blenderForSubmit(' ', {}), UsageError);
  });
});
