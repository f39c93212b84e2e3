import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FRAME_STATUSES,
  type FrameEvent,
  frameEventTarget,
  framesThatAllow,
  frameTransition,
  type FrameStatus,
  jobStatusFor,
} from '../../server/scheduler/state-machine.ts';

describe('frame state machine', () => {
  const allowed: Array<[FrameStatus, FrameEvent, FrameStatus]> = [
    ['QUEUED', 'assign', 'ASSIGNED'],
    ['ASSIGNED', 'start', 'RENDERING'],
    ['ASSIGNED', 'complete', 'DONE'],
    ['RENDERING', 'complete', 'DONE'],
    ['ASSIGNED', 'fail', 'FAILED'],
    ['RENDERING', 'fail', 'FAILED'],
    ['QUEUED', 'jobFailed', 'FAILED'],
  ];

  for (const [from, event, to] of allowed) {
    it(`${from} --${event}--> ${to}`, () => {
      assert.equal(frameTransition(from, event), to);
      assert.ok(framesThatAllow(event).includes(from));
      assert.equal(frameEventTarget(event), to);
    });
  }

  it('refuses every other transition', () => {
    const events: FrameEvent[] = ['assign', 'start', 'complete', 'fail', 'jobFailed'];
    for (const from of FRAME_STATUSES) {
      for (const event of events) {
        if (allowed.some(([f, e]) => f === from && e === event)) continue;
        assert.equal(frameTransition(from, event), null, `${from} --${event}--> must be refused`);
      }
    }
  });

  it('keeps DONE and FAILED final', () => {
    for (const event of ['assign', 'start', 'complete', 'fail', 'jobFailed'] as const) {
      assert.equal(frameTransition('DONE', event), null);
      assert.equal(frameTransition('FAILED', event), null);
    }
  });
});

describe('job status from frame counts', () => {
  const counts = (done: number, failed: number, total = 4, active = 0) => ({
    total,
    done,
    failed,
    open: total - done - failed,
    active,
  });

  it('QUEUED stays QUEUED until a frame is taken', () => {
    assert.equal(jobStatusFor('QUEUED', counts(0, 0)), 'QUEUED');
    assert.equal(jobStatusFor('QUEUED', counts(0, 0, 4, 1)), 'RUNNING');
  });
  it('RUNNING becomes COMPLETED when every frame is DONE', () => {
    assert.equal(jobStatusFor('RUNNING', counts(3, 0, 4, 1)), 'RUNNING');
    assert.equal(jobStatusFor('RUNNING', counts(4, 0)), 'COMPLETED');
  });
  it('RUNNING becomes FAILED when nothing is left and a frame failed', () => {
    assert.equal(jobStatusFor('RUNNING', counts(2, 1, 4, 1)), 'RUNNING');
    assert.equal(jobStatusFor('RUNNING', counts(3, 1)), 'FAILED');
  });
  it('finished jobs stay finished', () => {
    assert.equal(jobStatusFor('FAILED', counts(4, 0)), 'FAILED');
    assert.equal(jobStatusFor('COMPLETED', counts(3, 1)), 'COMPLETED');
  });
});
