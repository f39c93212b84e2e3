import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedJobActions, type JobFacts } from '../../server/scheduler/state-machine.ts';

const job = (over: Partial<JobFacts>): JobFacts => ({
  status: 'QUEUED',
  started: false,
  totalFrames: 10,
  framesDone: 0,
  framesFailed: 0,
  framesCanceled: 0,
  ...over,
});

describe('what a job allows', () => {
  it('a new job: pause, cancel and the always-allowed ones; nothing to requeue', () => {
    assert.deepEqual(allowedJobActions(job({})), ['PAUSE', 'CANCEL', 'REQUEUE_FRAMES', 'SET_PRIORITY', 'DELETE']);
  });

  it('a running job with a failed frame may be requeued, failed frames or all', () => {
    assert.deepEqual(allowedJobActions(job({ status: 'RUNNING', started: true, framesDone: 3, framesFailed: 1 })), [
      'PAUSE',
      'CANCEL',
      'REQUEUE_FAILED',
      'REQUEUE_ALL',
      'REQUEUE_FRAMES',
      'SET_PRIORITY',
      'DELETE',
    ]);
  });

  it('a started job with nothing ended yet is not offered a whole requeue (its counters cannot tell rendering frames from queued)', () => {
    assert.ok(!allowedJobActions(job({ status: 'RUNNING', started: true })).includes('REQUEUE_ALL'));
  });

  it('a paused job resumes instead of pausing', () => {
    const actions = allowedJobActions(job({ status: 'PAUSED', started: true }));
    assert.ok(actions.includes('RESUME') && actions.includes('CANCEL'));
    assert.ok(!actions.includes('PAUSE'));
  });

  it('a completed job: no pause, resume or cancel; all frames may render again', () => {
    assert.deepEqual(allowedJobActions(job({ status: 'COMPLETED', started: true, framesDone: 10 })), [
      'REQUEUE_ALL',
      'REQUEUE_FRAMES',
      'SET_PRIORITY',
      'DELETE',
    ]);
  });

  it('a canceled job offers its canceled frames back', () => {
    const actions = allowedJobActions(job({ status: 'CANCELED', started: true, framesDone: 4, framesCanceled: 6 }));
    assert.ok(actions.includes('REQUEUE_FAILED'));
    assert.ok(!actions.includes('CANCEL'));
  });
});
