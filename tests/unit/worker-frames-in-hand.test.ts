/**
 * What a worker does with assignments and revocations that arrive while it has frames in
 * hand: nothing taken twice, nothing left that the server believes the worker holds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Assignment, FramesInHand } from '../../worker/frames-in-hand.ts';
import { assignment } from './fakes/assignments.ts';

const rendered = (frameNumber: number) => ({ jobId: 'job-a', frameNumber, renderTimeMs: 900, file: `/w/frames/job-a/${frameNumber}.png` });

/** Assigns `a` and starts work on it, as the worker does, up to `stage`. */
function workingOn(frames: FramesInHand, a: Assignment, stage: 'rendering' | 'reporting') {
  frames.assign(a);
  const frame = frames.next();
  assert.ok(frame);
  frame.stage = stage;
  return frame;
}

/** The frames in work order, as `job:frame` (and `@attempt` for assignments). */
function drain(frames: FramesInHand): string[] {
  const order: string[] = [];
  for (let next = frames.next(); next; next = frames.next()) {
    order.push('assignment' in next.work ? `${next.key}@${next.work.assignment.frame.attempts}` : `${next.key} rendered`);
  }
  return order;
}

describe('frames in hand', () => {
  it('queues assignments in order and ignores the same attempt sent again', () => {
    const frames = new FramesInHand();
    assert.ok(frames.assign(assignment(1)).queued);
    assert.ok(frames.assign(assignment(2)).queued);
    assert.deepEqual(frames.assign(assignment(1)), { queued: null, revoked: null });
    assert.deepEqual(drain(frames), ['job-a:1@1', 'job-a:2@1']);
  });

  it('ignores a re-sent attempt while the frame renders, takes it again once finished', () => {
    const frames = new FramesInHand();
    const rendering = workingOn(frames, assignment(1), 'rendering');
    assert.equal(frames.assign(assignment(1)).queued, null);
    assert.equal(frames.finish(rendering, false), null);
    // A later attempt at the same frame, after this worker's failure report: rendered again.
    assert.ok(frames.assign(assignment(1, 2)).queued);
    assert.deepEqual(drain(frames), ['job-a:1@2']);
  });

  it('a revocation stops the frame rendering and drops one queued; both can be assigned again', () => {
    const frames = new FramesInHand();
    const rendering = workingOn(frames, assignment(1), 'rendering');
    frames.assign(assignment(2));

    assert.equal(frames.revoke('job-a', 1), rendering);
    assert.ok(rendering.revoked.signal.aborted);
    assert.ok(frames.revoke('job-a', 2)?.revoked.signal.aborted);
    assert.equal(frames.revoke('job-a', 3), null);

    // Requeued and handed back to this worker: a new attempt, while the stopped Blender is still exiting.
    assert.ok(frames.assign(assignment(1, 2)).queued);
    assert.equal(frames.finish(rendering, false), null);
    assert.deepEqual(drain(frames), ['job-a:1@2']);
  });

  it('leaves a frame being reported to the server: its upload decides', () => {
    const frames = new FramesInHand();
    const uploading = workingOn(frames, assignment(1), 'reporting');
    assert.equal(frames.revoke('job-a', 1), null);
    assert.ok(!uploading.revoked.signal.aborted);
  });

  it('a newer attempt at a frame still rendering replaces it', () => {
    const frames = new FramesInHand();
    const rendering = workingOn(frames, assignment(1), 'rendering');
    const { queued, revoked } = frames.assign(assignment(1, 2));
    assert.equal(revoked, rendering);
    assert.ok(rendering.revoked.signal.aborted);
    assert.ok(queued);
    assert.deepEqual(drain(frames), ['job-a:1@2']);
  });

  it('a frame assigned again while it is reported is rendered only if it was not delivered', () => {
    const frames = new FramesInHand();
    const failing = workingOn(frames, assignment(1), 'reporting');
    assert.equal(frames.assign(assignment(1, 2)).queued, null);
    assert.deepEqual(frames.finish(failing, false), assignment(1, 2));

    const uploading = workingOn(frames, assignment(2), 'reporting');
    frames.assign(assignment(2, 2));
    assert.equal(frames.finish(uploading, true), null);
  });

  it('delivers frames from an earlier run first, and does not render them again when the server re-sends them', () => {
    const frames = new FramesInHand();
    frames.addRendered(rendered(1));
    frames.assign(assignment(1));
    frames.assign(assignment(2));
    assert.equal(frames.revoke('job-a', 1), null, 'a rendered frame is delivered all the same');

    const first = frames.next()!;
    assert.equal(first.key, 'job-a:1');
    assert.equal(frames.finish(first, true), null);
    assert.deepEqual(drain(frames), ['job-a:2@1']);

    frames.addRendered(rendered(3));
    frames.assign(assignment(3, 4));
    const notTaken = frames.next()!;
    assert.deepEqual(frames.finish(notTaken, false), assignment(3, 4));
  });
});
