/**
 * The `farm` command's pure text: what --frames means, and how times, rates, ETAs and sizes
 * read on the progress line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeFrameRange,
  describeProgress,
  describeTransfer,
  formatAgo,
  formatBytes,
  formatDuration,
  formatEta,
  formatPercent,
  formatRate,
  formatTable,
  formatThroughput,
  frameCount,
  framesPerMinute,
  parseFrameRange,
  withoutTypename,
} from '../../cli/format.ts';
import { jobClocks } from '../../common/format.ts';

describe('--frames', () => {
  it('reads a single frame, a range and a range with a step', () => {
    assert.deepEqual(parseFrameRange('7'), { frameStart: 7, frameEnd: 7, frameStep: 1 });
    assert.deepEqual(parseFrameRange('1-250'), { frameStart: 1, frameEnd: 250, frameStep: 1 });
    assert.deepEqual(parseFrameRange('1-250x2'), { frameStart: 1, frameEnd: 250, frameStep: 2 });
    assert.deepEqual(parseFrameRange(' 10-10 '), { frameStart: 10, frameEnd: 10, frameStep: 1 });
  });

  it('counts the frames a step renders, the last one only when the step lands on it', () => {
    assert.equal(frameCount(parseFrameRange('1-250')), 250);
    assert.equal(frameCount(parseFrameRange('1-250x2')), 125);
    assert.equal(frameCount(parseFrameRange('1-10x3')), 4); // 1 4 7 10
    assert.equal(frameCount(parseFrameRange('1-9x3')), 3); // 1 4 7
    assert.equal(frameCount(parseFrameRange('7')), 1);
    assert.equal(describeFrameRange(parseFrameRange('1-250x2')), 'frames 1-250 every 2');
    assert.equal(describeFrameRange(parseFrameRange('5')), 'frame 5');
  });

  it('refuses what is not a range, saying what is wrong', () => {
    assert.throws(() => parseFrameRange('abc'), /"abc" is not a frame range: use N, START-END or START-ENDxSTEP/);
    assert.throws(() => parseFrameRange('1-'), /not a frame range/);
    assert.throws(() => parseFrameRange('-5'), /not a frame range/);
    assert.throws(() => parseFrameRange('1.5'), /not a frame range/);
    assert.throws(() => parseFrameRange('7x2'), /not a frame range/);
    assert.throws(() => parseFrameRange('1,2,3'), /not a frame range/);
    assert.throws(() => parseFrameRange('0-10'), /frames start at 1/);
    assert.throws(() => parseFrameRange('250-1'), /the last frame 1 is before the first 250/);
    assert.throws(() => parseFrameRange('1-10x0'), /the step must be at least 1/);
    assert.throws(() => parseFrameRange('1-99999999999999999999'), /too large|not supported/);
  });
});

describe('durations, rates and ETAs', () => {
  it('formats durations from seconds to days', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(42.4), '42s');
    assert.equal(formatDuration(59.6), '1m 00s');
    assert.equal(formatDuration(185), '3m 05s');
    assert.equal(formatDuration(3725), '1h 02m');
    assert.equal(formatDuration(180_000), '2d 02h');
    assert.equal(formatDuration(-3), '0s');
  });

  it('gives frames per minute only once there is something to go by', () => {
    assert.equal(framesPerMinute(0, 30), null);
    assert.equal(framesPerMinute(5, null), null);
    assert.equal(framesPerMinute(5, 0.5), null);
    assert.equal(framesPerMinute(10, 60), 10);
    assert.equal(framesPerMinute(1, 120), 0.5);
  });

  it('writes rates with about three significant figures', () => {
    assert.equal(formatRate(null), '-- frames/min');
    assert.equal(formatRate(0.5), '0.50 frames/min');
    assert.equal(formatRate(12.345), '12.3 frames/min');
    assert.equal(formatRate(189.47), '189 frames/min');
  });

  it('writes the ETA, or that there is none yet', () => {
    assert.equal(formatEta(null), 'ETA --');
    assert.equal(formatEta(0), 'ETA 0s');
    assert.equal(formatEta(1368), 'ETA 22m 48s');
  });

  it('percent never shows 100 before it is', () => {
    assert.equal(formatPercent(99.99), '99.9%');
    assert.equal(formatPercent(100), '100.0%');
    assert.equal(formatPercent(42.55), '42.5%');
    assert.equal(formatPercent(-1), '0.0%');
  });
});

describe('the progress line', () => {
  const running = {
    status: 'RUNNING',
    percent: 48.5,
    framesDone: 12,
    framesFailed: 1,
    totalFrames: 25,
    framesRendering: 2,
    elapsedSeconds: 72,
    etaSeconds: 60,
  };

  it('shows status, counts, rate, ETA and elapsed time, most telling first', () => {
    const view = describeProgress(running);
    assert.equal(view.text, 'RUNNING · 12/25 frames (2 rendering, 1 failed) · 10.0 frames/min · ETA 1m 00s · 1m 12s elapsed');
    assert.equal(view.percent, 48.5);
  });

  it('counts the ETA down and the elapsed time up between the server’s updates, the rate steady', () => {
    const later = describeProgress(running, 15);
    assert.equal(later.text, 'RUNNING · 12/25 frames (2 rendering, 1 failed) · 10.0 frames/min · ETA 45s · 1m 27s elapsed');
    assert.equal(later.key, describeProgress(running).key, 'a ticking clock is no change worth a new plain line');
    assert.match(describeProgress(running, 600).text, /ETA 0s/, 'an overdue estimate stays at 0');
  });

  it('shows no ETA once the job has ended, and no clock running on', () => {
    const done = { ...running, status: 'COMPLETED', percent: 100, framesDone: 25, framesFailed: 0, framesRendering: 0, etaSeconds: null };
    assert.equal(describeProgress(done, 30).text, 'COMPLETED · 25/25 frames · 20.8 frames/min · 1m 12s elapsed');
  });

  it('before the first frame goes out: counts only', () => {
    const queued = { status: 'QUEUED', percent: 0, framesDone: 0, framesFailed: 0, totalFrames: 3, framesRendering: 0, elapsedSeconds: null, etaSeconds: null };
    assert.equal(describeProgress(queued, 5).text, 'QUEUED · 0/3 frames · -- frames/min');
  });
});

describe('job clocks between snapshots (common/format.ts, the dashboard counts with it too)', () => {
  it('runs elapsed up and the ETA down only while the job is RUNNING, never below 0', () => {
    const running = { status: 'RUNNING', elapsedSeconds: 72, etaSeconds: 60 };
    assert.deepEqual(jobClocks(running, 15), { elapsedSeconds: 87, etaSeconds: 45 });
    assert.deepEqual(jobClocks(running, 600), { elapsedSeconds: 672, etaSeconds: 0 });
    assert.deepEqual(jobClocks(running, -5), { elapsedSeconds: 72, etaSeconds: 60 }, 'a clock behind the snapshot does not run back');
    assert.deepEqual(jobClocks({ ...running, status: 'PAUSED' }, 15), { elapsedSeconds: 72, etaSeconds: 60 });
    assert.deepEqual(jobClocks({ status: 'RUNNING', elapsedSeconds: null, etaSeconds: undefined }, 15), { elapsedSeconds: null, etaSeconds: null });
  });
});

describe('sizes and transfers', () => {
  it('uses decimal units like the MB/s beside them', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1500), '1.5 KB');
    assert.equal(formatBytes(1_021_480), '1.0 MB');
    assert.equal(formatBytes(250e6), '250 MB');
    assert.equal(formatBytes(8.6e9), '8.6 GB');
  });

  it('gives throughput once a tenth of a second has passed', () => {
    assert.equal(formatThroughput(1e6, 50), '-- MB/s');
    assert.equal(formatThroughput(0, 5000), '-- MB/s');
    assert.equal(formatThroughput(81e6, 10_000), '8.1 MB/s');
    assert.equal(describeTransfer(12e6, 50e6, 2000), '12.0 MB/50.0 MB · 6.0 MB/s');
  });
});

describe('tables and JSON', () => {
  it('pads columns to the widest cell, leaving the last one ragged', () => {
    assert.equal(
      formatTable(['ID', 'NAME', 'STATUS'], [['1', 'Shot 010', 'RUNNING'], ['22', 'x', 'QUEUED']]),
      'ID  NAME      STATUS\n1   Shot 010  RUNNING\n22  x         QUEUED',
    );
  });

  it('says how long ago, from an injected now', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    assert.equal(formatAgo('2026-11-24T11:59:55Z', now), '5s ago');
    assert.equal(formatAgo('2026-11-24T11:57:00Z', now), '3m ago');
    assert.equal(formatAgo('2026-11-24T09:00:00Z', now), '3h ago');
    assert.equal(formatAgo('2026-11-20T12:00:00Z', now), '4d ago');
    assert.equal(formatAgo(null, now), '-');
  });

  it('drops urql’s __typename at every depth and nothing else', () => {
    const data = { __typename: 'Job', id: '1', tags: ['a'], progress: { __typename: 'JobProgress', percent: 5 }, frames: [{ __typename: 'Frame', number: 1 }], error: null };
    assert.deepEqual(withoutTypename(data), { id: '1', tags: ['a'], progress: { percent: 5 }, frames: [{ number: 1 }], error: null });
  });
});
