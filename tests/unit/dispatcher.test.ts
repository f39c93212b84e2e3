import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dispatcher } from '../../server/scheduler/dispatcher.ts';
import { ProgressTracker } from '../../server/scheduler/progress-tracker.ts';

const never = new Promise<void>(() => {});

describe('Dispatcher', () => {
  it('wakes every waiting stream when work is announced', async () => {
    const dispatcher = new Dispatcher();
    const generation = dispatcher.current;
    let woken = 0;
    const waits = [dispatcher.waitSince(generation, never), dispatcher.waitSince(generation, never)].map((p) => p.then(() => woken++));
    assert.equal(woken, 0);
    dispatcher.workAvailable();
    await Promise.all(waits);
    assert.equal(woken, 2);
  });

  it('does not lose work announced between looking and waiting', async () => {
    const dispatcher = new Dispatcher();
    const generation = dispatcher.current; // read before looking for work
    dispatcher.workAvailable(); // announced while the stream was looking
    await dispatcher.waitSince(generation, never); // returns at once
  });

  it('stops waiting when the stream is stopped', async () => {
    const dispatcher = new Dispatcher();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const wait = dispatcher.waitSince(dispatcher.current, stopped);
    stop();
    await wait;
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
