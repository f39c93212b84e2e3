/**
 * Progress where stderr is not a terminal (a CI log, a pipe): plain lines, at most one every
 * two seconds while things change, at once when the job's status changes, and the final
 * state always. Clock injected.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLAIN_HEARTBEAT_MS, PLAIN_INTERVAL_MS, PlainProgress, type ProgressLine } from '../../cli/progress.ts';

function plain() {
  let now = 0;
  const lines: string[] = [];
  const display = new PlainProgress('render', (line) => lines.push(line), () => now);
  return {
    display,
    lines,
    at(ms: number) {
      now = ms;
    },
  };
}

const line = (done: number, status = 'RUNNING'): ProgressLine => ({
  percent: done * 10,
  text: `${status} · ${done}/10 frames`,
  key: `${status} ${done}`,
  milestone: status,
});

describe('plain progress lines', () => {
  it('prints the first state at once, then at most one line per interval while counts change', () => {
    const p = plain();
    p.display.update(line(0));
    p.at(500);
    p.display.update(line(1));
    p.at(1500);
    p.display.update(line(2));
    assert.deepEqual(p.lines, ['render 0.0% · RUNNING · 0/10 frames']);
    p.at(PLAIN_INTERVAL_MS);
    p.display.update(line(3));
    assert.deepEqual(p.lines, ['render 0.0% · RUNNING · 0/10 frames', 'render 30.0% · RUNNING · 3/10 frames']);
  });

  it('prints nothing while nothing changes, but a line per heartbeat so a log shows it is alive', () => {
    const p = plain();
    p.display.update(line(4));
    for (let t = 1000; t < PLAIN_HEARTBEAT_MS; t += 1000) {
      p.at(t);
      p.display.update(line(4));
    }
    assert.equal(p.lines.length, 1);
    p.at(PLAIN_HEARTBEAT_MS);
    p.display.update(line(4));
    assert.equal(p.lines.length, 2);
  });

  it('prints a new status at once, however recent the last line', () => {
    const p = plain();
    p.display.update(line(9));
    p.at(100);
    p.display.update(line(10, 'COMPLETED'));
    assert.deepEqual(p.lines, ['render 90.0% · RUNNING · 9/10 frames', 'render 100.0% · COMPLETED · 10/10 frames']);
  });

  it('stop() prints the last state when it was held back, and nothing twice', () => {
    const p = plain();
    p.display.update(line(1));
    p.at(300);
    p.display.update(line(2));
    p.display.stop();
    assert.deepEqual(p.lines, ['render 10.0% · RUNNING · 1/10 frames', 'render 20.0% · RUNNING · 2/10 frames']);
    p.display.stop();
    assert.equal(p.lines.length, 2);
  });

  it('does not print a stale state at stop() when the counts went back to what was printed', () => {
    const p = plain();
    p.display.update(line(1));
    p.at(300);
    p.display.update(line(2));
    p.display.update(line(1));
    p.display.stop();
    assert.deepEqual(p.lines, ['render 10.0% · RUNNING · 1/10 frames']);
  });

  it('notes go out as they come', () => {
    const p = plain();
    p.display.note('lost the connection to http://x; reconnecting');
    assert.deepEqual(p.lines, ['lost the connection to http://x; reconnecting']);
  });
});

describe('plain progress lines, repeated words', () => {
  it('never prints the same line twice in a row before the heartbeat, even when the key changed', () => {
    const p = plain();
    const same = (key: string): ProgressLine => ({ percent: 0, text: 'QUEUED · 0/1 frames', key, milestone: 'QUEUED' });
    p.display.update(same('a'));
    for (let t = PLAIN_INTERVAL_MS; t < PLAIN_HEARTBEAT_MS; t += PLAIN_INTERVAL_MS) {
      p.at(t);
      p.display.update(same(`k${t}`));
    }
    p.display.stop();
    assert.deepEqual(p.lines, ['render 0.0% · QUEUED · 0/1 frames']);
  });
});
