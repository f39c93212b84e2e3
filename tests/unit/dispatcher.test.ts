import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dispatcher } from '../../server/scheduler/dispatcher.ts';
import { ProgressTracker } from '../../server/scheduler/progress-tracker.ts';

const never = new Promise<void>(() => {});

/** Whether the promise has settled once everything already queued has run: no timers, no sleeps. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('Dispatcher', () => {
  it('wakes every waiting stream when work is announced', async () => {
    const dispatcher = new Dispatcher();
    let woken = 0;
    const waits = ['w1', 'w2'].map((w) => dispatcher.waitSince(w, dispatcher.snapshot(w), never).then(() => woken++));
    assert.equal(woken, 0);
    dispatcher.workAvailable();
    await Promise.all(waits);
    assert.equal(woken, 2);
  });

  it('wakes only the worker that is free for its next frame', async () => {
    const dispatcher = new Dispatcher();
    const woken: string[] = [];
    const waits = ['w1', 'w2'].map((w) => dispatcher.waitSince(w, dispatcher.snapshot(w), never).then(() => woken.push(w)));
    dispatcher.wake('w2');
    await waits[1];
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(woken, ['w2']);
    dispatcher.workAvailable();
    await waits[0];
    assert.deepEqual(woken, ['w2', 'w1']);
  });

  it('does not lose news announced between looking and waiting', async () => {
    const dispatcher = new Dispatcher();
    const before = dispatcher.snapshot('w1'); // taken before looking for work
    dispatcher.workAvailable(); // announced while the stream was looking
    assert.equal(await settled(dispatcher.waitSince('w1', before, never)), true, 'work announced after the snapshot: returns at once');
    const again = dispatcher.snapshot('w1');
    dispatcher.wake('w1'); // this worker is free, announced while it was looking
    assert.equal(await settled(dispatcher.waitSince('w1', again, never)), true, 'a wake after the snapshot: returns at once');
    const quiet = dispatcher.snapshot('w1');
    assert.equal(await settled(dispatcher.waitSince('w1', quiet, never)), false, 'no news since the snapshot: it waits');
  });

  it('an upload under way wakes its worker and is known until it ends', async () => {
    const dispatcher = new Dispatcher();
    const wait = dispatcher.waitSince('w1', dispatcher.snapshot('w1'), never);
    dispatcher.uploadStarted(7, 'w1');
    await wait;
    assert.equal(dispatcher.isUploading(7), true);
    dispatcher.uploadEnded(7);
    assert.equal(dispatcher.isUploading(7), false);
  });

  it('stops waiting when the stream is stopped', async () => {
    const dispatcher = new Dispatcher();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const wait = dispatcher.waitSince('w1', dispatcher.snapshot('w1'), stopped);
    assert.equal(await settled(wait), false, 'no news and not stopped: still waiting');
    stop();
    assert.equal(await settled(wait), true, 'stopped: it returns');
  });
});

describe('ProgressTracker', () => {
  it('sums the rendered part of frames in flight and forgets finished frames', () => {
    const progress = new ProgressTracker();
    progress.set('job', 1, 50);
    progress.set('job', 2, 25);
    progress.set('other', 1, 90);
    assert.equal(progress.partialFrames('job'), 0.75);
    assert.equal(progress.get('job', 2), 25);
    progress.clear('job', 1);
    assert.equal(progress.partialFrames('job'), 0.25);
    progress.set('job', 3, 180);
    assert.equal(progress.get('job', 3), 100);
    progress.clearJob('job');
    assert.equal(progress.partialFrames('job'), 0);
    assert.equal(progress.get('other', 1), 90);
  });
});
