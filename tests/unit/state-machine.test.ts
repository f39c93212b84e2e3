import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideFrame,
  decideJob,
  deliveryEvent,
  FRAME_EVENTS,
  FRAME_STATUSES,
  type FrameEvent,
  type FrameEventInput,
  type FrameFacts,
  type FrameStatus,
  JOB_EVENTS,
  JOB_STATUSES,
  type JobEvent,
  type JobFacts,
  type JobStatus,
  ONLINE_WORKER_STATUSES,
  WORKER_STATUSES,
  workerStatusFor,
} from '../../server/scheduler/state-machine.ts';

// The injected clock: every timestamp the machine writes is this one.
const NOW = new Date('2026-11-24T12:00:00Z');

/** Everything any event may need, so a refusal is about the state, not a missing input. */
function input(overrides: Partial<FrameEventInput> = {}): FrameEventInput {
  return { now: NOW, workerId: 'w1', maxAttempts: 3, error: 'boom', outputFile: '0001.png', renderTimeMs: 900, ...overrides };
}

/** The rows of one line of the spec, `QUEUED, ASSIGNED --cancel--> CANCELED`: one test each. */
function fromEach<Row extends [string, string, string, ...unknown[]]>(froms: Row[0][], event: Row[1], to: Row[2], facts?: Row[3]): Row[] {
  return froms.map((from) => [from, event, to, facts] as unknown as Row);
}

type FrameRow = [FrameStatus, FrameEvent, FrameStatus, Partial<FrameFacts>?, Partial<FrameEventInput>?];
type JobRow = [JobStatus, JobEvent, JobStatus, Partial<JobFacts>?];

/**
 * Every pair of status and event that `allowed` does not list (nor `skip`s) is refused, with a
 * reason that names the status: `a QUEUED frame cannot be started`.
 */
function assertRefusesTheRest<S extends string, E extends string>(
  noun: 'frame' | 'job',
  table: { statuses: readonly S[]; events: readonly E[]; allowed: ReadonlyArray<readonly [S, E, ...unknown[]]> },
  decide: (from: S, event: E) => { ok: true } | { ok: false; reason: string },
  skip: (event: E) => boolean = () => false,
): void {
  for (const from of table.statuses) {
    for (const event of table.events) {
      if (skip(event) || table.allowed.some(([f, e]) => f === from && e === event)) continue;
      const decision = decide(from, event);
      assert.equal(decision.ok, false, `${from} --${event}--> must be refused`);
      if (!decision.ok) assert.match(decision.reason, new RegExp(`a ${from} ${noun} cannot be`));
    }
  }
}

function frame(status: FrameStatus, overrides: Partial<FrameFacts> = {}): FrameFacts {
  const held = status === 'ASSIGNED' || status === 'RENDERING';
  return { status, workerId: held || status === 'DONE' ? 'w1' : null, failures: 0, ...overrides };
}

describe('frame state machine', () => {
  // [from, event, to, facts, input]: every allowed transition.
  const allowed: FrameRow[] = [
    ['QUEUED', 'assign', 'ASSIGNED'],
    ['ASSIGNED', 'start', 'RENDERING'],
    ...fromEach<FrameRow>(['ASSIGNED', 'RENDERING'], 'complete', 'DONE'),
    ['QUEUED', 'lateComplete', 'DONE'],
    ...fromEach<FrameRow>(['ASSIGNED', 'RENDERING'], 'lateComplete', 'DONE', { workerId: 'w2' }),
    ['FAILED', 'lateComplete', 'DONE'],
    ...fromEach<FrameRow>(['ASSIGNED', 'RENDERING'], 'fail', 'QUEUED'),
    ['RENDERING', 'fail', 'FAILED', { failures: 2 }],
    ...fromEach<FrameRow>(['ASSIGNED', 'RENDERING'], 'lose', 'QUEUED'),
    ['RENDERING', 'lose', 'FAILED', { failures: 2 }],
    ['ASSIGNED', 'handBack', 'QUEUED'],
    ['RENDERING', 'handBack', 'QUEUED', { failures: 2 }],
    ...fromEach<FrameRow>(['QUEUED', 'ASSIGNED', 'RENDERING'], 'cancel', 'CANCELED'),
    ...fromEach<FrameRow>(['FAILED', 'CANCELED'], 'requeue', 'QUEUED'),
    ...fromEach<FrameRow>(['ASSIGNED', 'RENDERING', 'DONE', 'FAILED', 'CANCELED'], 'reset', 'QUEUED'),
    ['QUEUED', 'jobFailed', 'FAILED'],
  ];

  for (const [from, event, to, facts, extra] of allowed) {
    it(`${from} --${event}--> ${to}${facts?.failures ? ` (after ${facts.failures} failures)` : ''}`, () => {
      const decision = decideFrame(frame(from, facts), event, input(extra));
      assert.ok(decision.ok, decision.ok ? '' : decision.reason);
      assert.equal(decision.change.to, to);
      assert.equal(decision.change.patch.status, to);
    });
  }

  it('refuses every other transition, saying what the frame is', () => {
    assertRefusesTheRest('frame', { statuses: FRAME_STATUSES, events: FRAME_EVENTS, allowed }, (from, event) =>
      decideFrame(frame(from), event, input()),
    );
  });

  it('refuses start, complete and fail from a worker that does not hold the frame', () => {
    for (const event of ['start', 'complete', 'fail'] as const) {
      const decision = decideFrame(frame('ASSIGNED', { workerId: 'w2' }), event, input());
      assert.deepEqual(decision, { ok: false, reason: 'the frame is not held by this worker' });
    }
  });

  it('refuses lateComplete by the holder itself: that is a plain complete', () => {
    assert.equal(decideFrame(frame('RENDERING'), 'lateComplete', input()).ok, false);
  });

  it('stamps assign with the clock and the worker, and clears the previous run', () => {
    const decision = decideFrame(frame('QUEUED'), 'assign', input({ workerId: 'w7' }));
    assert.ok(decision.ok);
    assert.deepEqual(decision.change.patch, {
      status: 'ASSIGNED',
      workerId: 'w7',
      attempts: { increment: 1 },
      assignedAt: NOW,
      startedAt: null,
      finishedAt: null,
    });
  });

  it('counts a hand-out in the assign patch only; requeue and reset keep the count', () => {
    const assigned = decideFrame(frame('QUEUED'), 'assign', input());
    assert.ok(assigned.ok);
    assert.deepEqual(assigned.change.patch.attempts, { increment: 1 });
    for (const from of FRAME_STATUSES) {
      for (const event of FRAME_EVENTS.filter((e) => e !== 'assign')) {
        const decision = decideFrame(frame(from), event, input({ workerId: from === 'ASSIGNED' || from === 'RENDERING' ? 'w1' : 'w9' }));
        if (decision.ok) assert.equal(decision.change.patch.attempts, undefined, `${from} --${event}--> must not touch attempts`);
      }
    }
  });

  it('stamps start and complete with the clock', () => {
    const start = decideFrame(frame('ASSIGNED'), 'start', input());
    assert.ok(start.ok);
    assert.equal(start.change.patch.startedAt, NOW);
    const done = decideFrame(frame('RENDERING'), 'complete', input());
    assert.ok(done.ok);
    assert.equal(done.change.patch.finishedAt, NOW);
    assert.equal(done.change.patch.outputFile, '0001.png');
    assert.deepEqual(done.change.counters, { framesDone: 1, framesFailed: 0, framesCanceled: 0 });
  });

  it('retries a failed frame until maxAttempts, then keeps it FAILED with its last error', () => {
    let facts = frame('RENDERING');
    const seen: FrameStatus[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const decision = decideFrame(facts, 'fail', input({ error: `error ${attempt}`, logTail: 'tail' }));
      assert.ok(decision.ok);
      seen.push(decision.change.to);
      assert.equal(decision.change.patch.failures, attempt);
      assert.equal(decision.change.patch.error, `error ${attempt}`);
      facts = { status: 'RENDERING', workerId: 'w1', failures: attempt };
      if (decision.change.to === 'FAILED') {
        assert.equal(decision.change.patch.finishedAt, NOW);
        assert.equal(decision.change.patch.workerId, 'w1');
        assert.deepEqual(decision.change.counters, { framesDone: 0, framesFailed: 1, framesCanceled: 0 });
      } else {
        assert.equal(decision.change.patch.workerId, null);
        assert.equal(decision.change.queued, true);
      }
    }
    assert.deepEqual(seen, ['QUEUED', 'QUEUED', 'FAILED']);
  });

  it('maxAttempts 1 fails at the first failure', () => {
    const decision = decideFrame(frame('RENDERING'), 'fail', input({ maxAttempts: 1 }));
    assert.ok(decision.ok);
    assert.equal(decision.change.to, 'FAILED');
  });

  it('a worker handing a frame back costs it no attempt', () => {
    const decision = decideFrame(frame('RENDERING', { failures: 1 }), 'handBack', input());
    assert.ok(decision.ok);
    assert.equal(decision.change.patch.failures, undefined);
    assert.equal(decision.change.patch.workerId, null);
  });

  it('a late upload of a frame another worker now holds tells that worker to stop', () => {
    const decision = decideFrame(frame('RENDERING', { workerId: 'w2' }), 'lateComplete', input({ workerId: 'w1' }));
    assert.ok(decision.ok);
    assert.equal(decision.change.revokeWorker, 'w2');
    assert.equal(decision.change.patch.workerId, 'w1');
  });

  it('a late upload of a FAILED frame moves it from failed to done in the counters', () => {
    const decision = decideFrame(frame('FAILED', { workerId: 'w2', failures: 3 }), 'lateComplete', input());
    assert.ok(decision.ok);
    assert.deepEqual(decision.change.counters, { framesDone: 1, framesFailed: -1, framesCanceled: 0 });
  });

  it('cancel of a frame on a worker tells the worker; of a queued frame, nobody', () => {
    const held = decideFrame(frame('RENDERING'), 'cancel', input({ workerId: undefined }));
    assert.ok(held.ok);
    assert.equal(held.change.revokeWorker, 'w1');
    assert.deepEqual(held.change.counters, { framesDone: 0, framesFailed: 0, framesCanceled: 1 });
    const queued = decideFrame(frame('QUEUED'), 'cancel', input({ workerId: undefined }));
    assert.ok(queued.ok);
    assert.equal(queued.change.revokeWorker, null);
  });

  it('reset of a DONE frame forgets its file and uncounts it', () => {
    const decision = decideFrame(frame('DONE', { failures: 1 }), 'reset', input({ workerId: undefined }));
    assert.ok(decision.ok);
    assert.equal(decision.change.patch.outputFile, null);
    assert.equal(decision.change.patch.failures, 0);
    assert.deepEqual(decision.change.counters, { framesDone: -1, framesFailed: 0, framesCanceled: 0 });
  });

  it('sorts uploads into complete, lateComplete, duplicate and refused', () => {
    assert.equal(deliveryEvent(frame('RENDERING'), 'w1'), 'complete');
    assert.equal(deliveryEvent(frame('RENDERING', { workerId: 'w2' }), 'w1'), 'lateComplete');
    assert.equal(deliveryEvent(frame('QUEUED'), 'w1'), 'lateComplete');
    assert.equal(deliveryEvent(frame('FAILED'), 'w1'), 'lateComplete');
    assert.equal(deliveryEvent(frame('DONE'), 'w1'), 'duplicate');
    assert.equal(deliveryEvent(frame('DONE', { workerId: 'w2' }), 'w1'), 'duplicate');
    assert.equal(deliveryEvent(frame('CANCELED'), 'w1'), 'refused');
  });
});

describe('job state machine', () => {
  function job(status: JobStatus, counts: Partial<JobFacts> = {}): JobFacts {
    return { status, started: status !== 'QUEUED', totalFrames: 10, framesDone: 0, framesFailed: 0, framesCanceled: 0, ...counts };
  }
  const decide = (facts: JobFacts, event: JobEvent) => decideJob(facts, event, { now: NOW, error: 'scene missing' });

  const allowed: JobRow[] = [
    ['QUEUED', 'start', 'RUNNING'],
    ...fromEach<JobRow>(['QUEUED', 'RUNNING'], 'pause', 'PAUSED'),
    ['PAUSED', 'resume', 'RUNNING'],
    ['PAUSED', 'resume', 'QUEUED', { started: false }],
    ...fromEach<JobRow>(['QUEUED', 'RUNNING', 'PAUSED'], 'cancel', 'CANCELED'),
    ...fromEach<JobRow>(['QUEUED', 'RUNNING', 'PAUSED'], 'fail', 'FAILED'),
    ['COMPLETED', 'requeue', 'RUNNING', { framesDone: 5 }],
    ['FAILED', 'requeue', 'RUNNING', { framesDone: 9 }],
    ['CANCELED', 'requeue', 'QUEUED', { started: false }],
    ['PAUSED', 'requeue', 'PAUSED', { framesDone: 2 }],
    ['RUNNING', 'requeue', 'RUNNING'],
    ['QUEUED', 'requeue', 'QUEUED', { started: false }],
    ['RUNNING', 'settle', 'COMPLETED', { framesDone: 10 }],
    ['RUNNING', 'settle', 'FAILED', { framesDone: 9, framesFailed: 1 }],
    ['RUNNING', 'settle', 'CANCELED', { framesDone: 9, framesCanceled: 1 }],
    ['RUNNING', 'settle', 'RUNNING', { framesDone: 9 }],
    ['PAUSED', 'settle', 'PAUSED', { framesDone: 9 }],
    ['PAUSED', 'settle', 'COMPLETED', { framesDone: 10 }],
    ['FAILED', 'settle', 'COMPLETED', { framesDone: 10 }],
    ['FAILED', 'settle', 'FAILED', { framesFailed: 1 }],
    ['COMPLETED', 'settle', 'COMPLETED', { framesDone: 10 }],
    ['CANCELED', 'settle', 'CANCELED', { framesDone: 10 }],
  ];

  for (const [from, event, to, counts] of allowed) {
    it(`${from} --${event}--> ${to}${counts ? ` ${JSON.stringify(counts)}` : ''}`, () => {
      const decision = decide(job(from, counts), event);
      assert.ok(decision.ok, decision.ok ? '' : decision.reason);
      assert.equal(decision.patch.status, to);
    });
  }

  it('refuses every other event, saying what the job is', () => {
    assertRefusesTheRest(
      'job',
      { statuses: JOB_STATUSES, events: JOB_EVENTS, allowed },
      (from, event) => decide(job(from), event),
      // settle and requeue apply to a job in any state (requeue is refused by the caller when no frame moves).
      (event) => event === 'settle' || event === 'requeue',
    );
  });

  it('tells why a job that is not PAUSED cannot be resumed', () => {
    const decision = decide(job('RUNNING'), 'resume');
    assert.deepEqual(decision, { ok: false, reason: 'a RUNNING job cannot be resumed (only a PAUSED job can be resumed)' });
  });

  it('stamps start and finish with the clock and names the failed frames', () => {
    const start = decide(job('QUEUED'), 'start');
    assert.ok(start.ok);
    assert.equal(start.patch.startedAt, NOW);
    const failed = decide(job('RUNNING', { framesDone: 8, framesFailed: 2 }), 'settle');
    assert.ok(failed.ok);
    assert.deepEqual(failed.patch, { status: 'FAILED', finishedAt: NOW, error: '2 of 10 frames failed' });
  });

  it('a job failed as a whole keeps its error and stays FAILED while frames are still out', () => {
    const out = decide(job('FAILED', { framesFailed: 8 }), 'settle');
    assert.ok(out.ok);
    assert.deepEqual(out.patch, { status: 'FAILED' });
    const failed = decide(job('RUNNING'), 'fail');
    assert.ok(failed.ok);
    assert.equal(failed.patch.error, 'scene missing');
  });

  it('a requeued finished job is open again, with no finish time or error', () => {
    const decision = decide(job('FAILED', { framesDone: 9 }), 'requeue');
    assert.ok(decision.ok);
    assert.deepEqual(decision.patch, { status: 'RUNNING', finishedAt: null, error: null });
  });
});

describe('worker status', () => {
  it('is BUSY while it holds frames and IDLE otherwise', () => {
    assert.equal(workerStatusFor('IDLE', 1, false), 'BUSY');
    assert.equal(workerStatusFor('BUSY', 0, false), 'IDLE');
  });

  it('stays OFFLINE until the worker is heard from', () => {
    assert.equal(workerStatusFor('OFFLINE', 0, false), 'OFFLINE');
    assert.equal(workerStatusFor('OFFLINE', 0, true), 'IDLE');
    assert.equal(workerStatusFor('OFFLINE', 1, true), 'BUSY');
  });

  it('being heard from changes nothing for a worker that is online', () => {
    for (const current of ONLINE_WORKER_STATUSES) {
      for (const held of [0, 1, 4]) assert.equal(workerStatusFor(current, held, true), workerStatusFor(current, held, false));
    }
  });

  it('online means IDLE or BUSY: every status but OFFLINE', () => {
    assert.deepEqual(
      [...ONLINE_WORKER_STATUSES],
      WORKER_STATUSES.filter((status) => status !== 'OFFLINE'),
    );
  });
});
