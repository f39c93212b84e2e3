/**
 * `farm submit FILE …` turned into the server's SubmitJobInput, every option checked before
 * a byte is uploaded: one option per field of SubmitJobInput.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultJobName, planSubmission, SUBMIT_OPTIONS, type SubmitArgs } from '../../cli/commands/submit.ts';
import { parseCommandArgs } from '../../cli/context.ts';
import { UsageError } from '../../cli/errors.ts';

function plan(...argv: string[]) {
  const { values, positionals } = parseCommandArgs(argv, SUBMIT_OPTIONS);
  return planSubmission(values as SubmitArgs, positionals);
}

function usageError(pattern: RegExp) {
  return (error: unknown) => error instanceof UsageError && error.exitCode === 2 && pattern.test(error.message);
}

describe('farm submit arguments', () => {
  it('fills every SubmitJobInput field from its option', () => {
    const { file, input, wait } = plan(
      'shots/s010.blend', '--frames', '1-250x2', '--format', 'open_exr', '--scene', 'Main', '--name', 'Shot 010',
      '--priority', '10', '--tags', 'gpu, big-memory', '--max-attempts', '5', '--timeout', '600',
    );
    assert.equal(file, 'shots/s010.blend');
    assert.equal(wait, true);
    assert.deepEqual(input, {
      name: 'Shot 010',
      frameStart: 1,
      frameEnd: 250,
      frameStep: 2,
      outputFormat: 'OPEN_EXR',
      sceneName: 'Main',
      priority: 10,
      maxAttempts: 5,
      renderTimeoutSeconds: 600,
      requiredTags: ['gpu', 'big-memory'],
    });
  });

  it('leaves the server’s defaults alone: PNG, the file’s name, the active scene', () => {
    const { input } = plan('/tmp/shot.blend', '--frames', '7');
    assert.deepEqual(input, { name: 'shot', frameStart: 7, frameEnd: 7, frameStep: 1, outputFormat: 'PNG' });
    assert.equal(defaultJobName('a/b/Scene 2.blend1'), 'Scene 2');
    assert.equal(defaultJobName('noext'), 'noext');
  });

  it('--no-wait and --detach both mean: exit once queued', () => {
    assert.equal(plan('a.blend', '--frames', '1', '--no-wait').wait, false);
    assert.equal(plan('a.blend', '--frames', '1', '--detach').wait, false);
  });

  it('a negative priority needs the = form, as every parseArgs option value starting with a dash', () => {
    assert.equal(plan('a.blend', '--frames', '1', '--priority=-5').input.priority, -5);
    assert.throws(() => plan('a.blend', '--frames', '1', '--priority', '-5'), usageError(/argument is ambiguous/));
  });

  it('refuses bad values with the option’s name, as usage errors', () => {
    assert.throws(() => plan('a.blend'), usageError(/--frames is required/));
    assert.throws(() => plan('a.blend', 'b.blend', '--frames', '1'), usageError(/one \.blend file at a time/));
    assert.throws(() => plan('a.blend', '--frames', '1-x'), usageError(/^--frames: "1-x" is not a frame range/));
    assert.throws(() => plan('a.blend', '--frames', '1', '--format', 'GIF'), usageError(/--format must be one of PNG, JPEG, OPEN_EXR/));
    assert.throws(() => plan('a.blend', '--frames', '1', '--priority', 'high'), usageError(/--priority must be a whole number/));
    assert.throws(() => plan('a.blend', '--frames', '1', '--max-attempts', '0'), usageError(/--max-attempts must be a whole number of at least 1, got "0"/));
    assert.throws(() => plan('a.blend', '--frames', '1', '--timeout', '1.5'), usageError(/--timeout must be a whole number/));
    assert.throws(() => plan('a.blend', '--frames', '1', '--tags', 'g p u'), usageError(/--tags: "g p u" is not a tag/));
    assert.throws(() => plan('a.blend', '--frames', '1', '--scene', ' '), usageError(/--scene must name a scene/));
    assert.throws(() => plan('a.blend', '--frames', '1', '--name', ''), usageError(/--name must not be empty/));
    assert.throws(() => plan('a.blend', '--frames'), usageError(/argument missing/));
  });
});
