import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../server/errors.ts';
import { validateSubmission } from '../../server/jobs/validate-submission.ts';

function refusal(input: Parameters<typeof validateSubmission>[0]): InputError {
  try {
    validateSubmission(input);
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error;
  }
  assert.fail('expected the submission to be refused');
}

describe('validateSubmission', () => {
  it('totalFrames N means frames 1..N', () => {
    assert.deepEqual(validateSubmission({ name: ' Shot 1 ', totalFrames: 6 }), {
      name: 'Shot 1',
      frameStart: 1,
      frameEnd: 6,
      frameStep: 1,
      totalFrames: 6,
      sceneName: null,
      priority: 0,
      maxAttempts: 3,
      renderTimeoutS: null,
      requiredTags: [],
      allowMissingFiles: false,
    });
  });

  it('renders with missing files only when asked to', () => {
    assert.equal(validateSubmission({ name: 'a', totalFrames: 1, allowMissingFiles: true }).allowMissingFiles, true);
    assert.equal(validateSubmission({ name: 'a', totalFrames: 1, allowMissingFiles: null }).allowMissingFiles, false);
  });

  it('keeps scheduling settings, with tags deduplicated and sorted', () => {
    const valid = validateSubmission({
      name: 'a',
      totalFrames: 1,
      priority: -5,
      maxAttempts: 1,
      renderTimeoutSeconds: 60,
      requiredTags: ['gpu', 'linux', 'gpu'],
    });
    assert.deepEqual(
      [valid.priority, valid.maxAttempts, valid.renderTimeoutS, valid.requiredTags],
      [-5, 1, 60, ['gpu', 'linux']],
    );
  });

  it('a range with a step counts the frames it renders', () => {
    const valid = validateSubmission({ name: 'a', frameStart: 10, frameEnd: 20, frameStep: 3, sceneName: 'Alt' });
    assert.equal(valid.totalFrames, 4); // 10, 13, 16, 19
    assert.equal(valid.sceneName, 'Alt');
    assert.equal(validateSubmission({ name: 'a', frameStart: 5, frameEnd: 5 }).totalFrames, 1);
  });

  const cases: Array<[string, Parameters<typeof validateSubmission>[0], string, RegExp]> = [
    ['an empty name', { name: '   ', totalFrames: 1 }, 'name', /needs a name/],
    ['totalFrames 0', { name: 'a', totalFrames: 0 }, 'totalFrames', /at least 1, got 0/],
    ['negative totalFrames', { name: 'a', totalFrames: -3 }, 'totalFrames', /at least 1/],
    ['both forms', { name: 'a', totalFrames: 3, frameStart: 1, frameEnd: 3 }, 'totalFrames', /not both/],
    ['neither form', { name: 'a' }, 'totalFrames', /either/],
    ['a start without an end', { name: 'a', frameStart: 1 }, 'frameEnd', /required/],
    ['an end without a start', { name: 'a', frameEnd: 4 }, 'frameStart', /required/],
    ['frame 0', { name: 'a', frameStart: 0, frameEnd: 4 }, 'frameStart', /at least 1, got 0/],
    ['end before start', { name: 'a', frameStart: 10, frameEnd: 5 }, 'frameEnd', /not be before frameStart \(10\), got 5/],
    ['step 0', { name: 'a', frameStart: 1, frameEnd: 5, frameStep: 0 }, 'frameStep', /at least 1, got 0/],
    ['a million and one frames', { name: 'a', totalFrames: 1_000_001 }, 'totalFrames', /at most 1,000,000/],
    ['a range of a million and one', { name: 'a', frameStart: 1, frameEnd: 1_000_001 }, 'frameEnd', /1,000,001 frames/],
    ['an empty scene name', { name: 'a', totalFrames: 1, sceneName: ' ' }, 'sceneName', /name a scene/],
    ['a priority of two million', { name: 'a', totalFrames: 1, priority: 2_000_000 }, 'priority', /between -1000000 and 1000000/],
    ['maxAttempts 0', { name: 'a', totalFrames: 1, maxAttempts: 0 }, 'maxAttempts', /1 to 100, got 0/],
    ['a render timeout of 0 s', { name: 'a', totalFrames: 1, renderTimeoutSeconds: 0 }, 'renderTimeoutSeconds', /got 0/],
    ['a tag with a space', { name: 'a', totalFrames: 1, requiredTags: ['big gpu'] }, 'requiredTags', /"big gpu" is not a tag/],
    ['an empty tag', { name: 'a', totalFrames: 1, requiredTags: [''] }, 'requiredTags', /"" is not a tag/],
  ];
  for (const [what, input, field, message] of cases) {
    it(`refuses ${what}, naming ${field}`, () => {
      const error = refusal(input);
      assert.equal(error.field, field);
      assert.match(error.message, message);
      assert.match(error.message, new RegExp(`^Invalid ${field}:`));
    });
  }

  it('allows exactly a million frames', () => {
    assert.equal(validateSubmission({ name: 'a', totalFrames: 1_000_000 }).totalFrames, 1_000_000);
  });
});
