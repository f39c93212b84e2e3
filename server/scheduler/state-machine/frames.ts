/**
 * Frame:
 *   QUEUED    --assign(worker)----------> ASSIGNED   (attempts + 1: one more hand-out)
 *   ASSIGNED  --start (first progress)--> RENDERING
 *   ASSIGNED  --complete----------------> DONE       (a fast frame may finish before its first progress line)
 *   RENDERING --complete----------------> DONE
 *   QUEUED, ASSIGNED, RENDERING, FAILED --lateComplete--> DONE
 *                                         (a worker whose lease was lost delivers after all: its frame is kept)
 *   ASSIGNED, RENDERING --fail----------> QUEUED     (failures + 1 < maxAttempts: another worker tries)
 *   ASSIGNED, RENDERING --fail----------> FAILED     (failures + 1 = maxAttempts: the last error stays)
 *   ASSIGNED, RENDERING --lose----------> QUEUED / FAILED  (the worker's heartbeats stopped; counted like a failure,
 *                                         so a frame that kills every machine it lands on cannot loop for ever)
 *   ASSIGNED, RENDERING --handBack------> QUEUED     (the worker is shutting down; not a failure)
 *   QUEUED, ASSIGNED, RENDERING --cancel--> CANCELED
 *   FAILED, CANCELED --requeue----------> QUEUED     (failures forgotten)
 *   any but QUEUED --reset--------------> QUEUED     (requeue of chosen frames, or of a whole job: DONE frames too)
 *   QUEUED --jobFailed------------------> FAILED     (a job-wide error such as a missing scene)
 *
 * Two counts, two meanings: `attempts` counts hand-outs and never goes back (a worker tells a new
 * assignment of a frame from the same one sent again by it); `failures` counts the hand-outs that
 * ended in a failure or a lost worker, and is what the job's `maxAttempts` limits.
 */

import {
  FRAME_STATUSES,
  type FrameStatus,
  HELD_FRAME_STATUSES,
  isFrameHeld,
  isFrameOpen,
  OPEN_FRAME_STATUSES,
} from '../../../common/job-status.ts';

export const FRAME_EVENTS = [
  'assign',
  'start',
  'complete',
  'lateComplete',
  'fail',
  'lose',
  'handBack',
  'cancel',
  'requeue',
  'reset',
  'jobFailed',
] as const;
export type FrameEvent = (typeof FRAME_EVENTS)[number];

/** Frames that went as far as they will: DONE, FAILED, CANCELED. */
const ENDED: readonly FrameStatus[] = FRAME_STATUSES.filter((status) => !isFrameOpen(status));

const FRAME_FROM: Record<FrameEvent, readonly FrameStatus[]> = {
  assign: ['QUEUED'],
  start: ['ASSIGNED'],
  complete: HELD_FRAME_STATUSES,
  lateComplete: [...OPEN_FRAME_STATUSES, 'FAILED'],
  fail: HELD_FRAME_STATUSES,
  lose: HELD_FRAME_STATUSES,
  handBack: HELD_FRAME_STATUSES,
  cancel: OPEN_FRAME_STATUSES,
  requeue: ['FAILED', 'CANCELED'],
  reset: [...HELD_FRAME_STATUSES, ...ENDED],
  jobFailed: ['QUEUED'],
};

/** The statuses from which `event` is allowed: what a conditional UPDATE must match. */
export function framesThatAllow(event: FrameEvent): FrameStatus[] {
  return [...FRAME_FROM[event]];
}

/** What the state machine knows of a frame. */
export interface FrameFacts {
  status: FrameStatus;
  workerId: string | null;
  failures: number;
}

/**
 * A column counted up where it stands rather than set: the shape Prisma's update takes, so a
 * patch goes to `updateMany` as it is, and claim.ts writes it as `"column" = "column" + n`.
 */
export interface Increment {
  increment: number;
}

/** The columns to write; undefined leaves a column as it is, null clears it. */
export interface FramePatch {
  status: FrameStatus;
  workerId?: string | null;
  /** Hand-outs: only `assign` counts one more. */
  attempts?: Increment;
  failures?: number;
  assignedAt?: Date | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  error?: string | null;
  logTail?: string | null;
  outputFile?: string | null;
  renderTimeMs?: number | null;
}

/** Changes to the job's counters that go with a frame's change: applied in the same transaction. */
export interface CounterDelta {
  framesDone: number;
  framesFailed: number;
  framesCanceled: number;
}

export interface FrameChange {
  from: FrameStatus;
  to: FrameStatus;
  patch: FramePatch;
  counters: CounterDelta;
  /** The worker that held the frame and must stop rendering it, if any. */
  revokeWorker: string | null;
  /** The frame went (back) to the queue: idle workers should look for work. */
  queued: boolean;
}

export type FrameDecision = { ok: true; change: FrameChange } | { ok: false; reason: string };

/** What an event carries, beyond the frame itself. */
export interface FrameEventInput {
  now: Date;
  /** assign, complete, lateComplete: the worker acting. */
  workerId?: string;
  /** fail, lose: how many failures make the frame FAILED (the job's maxAttempts). */
  maxAttempts?: number;
  /** fail, lose, jobFailed: what went wrong, for the user. */
  error?: string;
  logTail?: string | null;
  /** complete, lateComplete: the stored file's name. */
  outputFile?: string;
  renderTimeMs?: number | null;
}

const NO_COUNTERS: CounterDelta = { framesDone: 0, framesFailed: 0, framesCanceled: 0 };

/** How the job's counters move when a frame goes from `from` to `to`. */
export function counterDelta(from: FrameStatus, to: FrameStatus): CounterDelta {
  const delta = { ...NO_COUNTERS };
  const key = (status: FrameStatus): keyof CounterDelta | null =>
    status === 'DONE' ? 'framesDone' : status === 'FAILED' ? 'framesFailed' : status === 'CANCELED' ? 'framesCanceled' : null;
  const left = key(from);
  const entered = key(to);
  if (left) delta[left] -= 1;
  if (entered) delta[entered] += 1;
  return delta;
}

function required<T>(value: T | undefined, what: string, event: FrameEvent): T {
  if (value === undefined) throw new TypeError(`frame event ${event} needs ${what}`);
  return value;
}

/** How a run ended, as the frame keeps it: its render time and, for a failure, the error and Blender's last lines. */
function runEnd(input: FrameEventInput, error: string | null): Pick<FramePatch, 'error' | 'logTail' | 'renderTimeMs'> {
  return { error, logTail: error === null ? null : (input.logTail ?? null), renderTimeMs: input.renderTimeMs ?? null };
}

/** A frame as if never handed out (but for its attempts, which only grow): what requeue and reset write. */
const NEVER_RENDERED = {
  workerId: null,
  failures: 0,
  assignedAt: null,
  startedAt: null,
  finishedAt: null,
  error: null,
  logTail: null,
  outputFile: null,
  renderTimeMs: null,
} as const satisfies Omit<FramePatch, 'status' | 'attempts'>;

/** The patch for `event`, given that it is allowed from `frame.status`. */
function patchFor(frame: FrameFacts, event: FrameEvent, input: FrameEventInput): FramePatch {
  const { now } = input;
  switch (event) {
    case 'assign':
      return {
        status: 'ASSIGNED',
        workerId: required(input.workerId, 'workerId', event),
        attempts: { increment: 1 },
        assignedAt: now,
        startedAt: null,
        finishedAt: null,
      };
    case 'start':
      return { status: 'RENDERING', startedAt: now };
    case 'complete':
    case 'lateComplete':
      return {
        status: 'DONE',
        workerId: required(input.workerId, 'workerId', event),
        finishedAt: now,
        outputFile: required(input.outputFile, 'outputFile', event),
        ...runEnd(input, null),
      };
    case 'fail':
    case 'lose': {
      const failures = frame.failures + 1;
      const exhausted = failures >= required(input.maxAttempts, 'maxAttempts', event);
      return {
        status: exhausted ? 'FAILED' : 'QUEUED',
        // The worker stays on a FAILED frame (who failed it last); a queued frame has none.
        workerId: exhausted ? frame.workerId : null,
        failures,
        finishedAt: exhausted ? now : null,
        ...runEnd(input, required(input.error, 'error', event)),
      };
    }
    case 'handBack':
      return { status: 'QUEUED', workerId: null, startedAt: null };
    case 'cancel':
      return { status: 'CANCELED', finishedAt: now };
    case 'requeue':
    case 'reset':
      return { status: 'QUEUED', ...NEVER_RENDERED };
    case 'jobFailed':
      return { status: 'FAILED', finishedAt: now, error: `Not rendered: ${required(input.error, 'error', event)}` };
  }
}

const PAST: Record<FrameEvent, string> = {
  assign: 'assigned',
  start: 'started',
  complete: 'completed',
  lateComplete: 'delivered late',
  fail: 'failed',
  lose: 'lost',
  handBack: 'handed back',
  cancel: 'canceled',
  requeue: 'requeued',
  reset: 'requeued',
  jobFailed: 'failed with its job',
};

function refusal(frame: FrameFacts, event: FrameEvent, input: FrameEventInput): string | null {
  if (!FRAME_FROM[event].includes(frame.status)) {
    return `a ${frame.status} frame cannot be ${PAST[event]}`;
  }
  if ((event === 'complete' || event === 'start' || event === 'fail') && frame.workerId !== input.workerId) {
    return 'the frame is not held by this worker';
  }
  if (event === 'lateComplete' && isFrameHeld(frame.status) && frame.workerId === input.workerId) {
    return 'the frame is held by this worker: complete it instead';
  }
  return null;
}

/** Decides what `event` does to `frame`: the patch to write and its effects, or why it is refused. */
export function decideFrame(frame: FrameFacts, event: FrameEvent, input: FrameEventInput): FrameDecision {
  const reason = refusal(frame, event, input);
  if (reason) return { ok: false, reason };
  const patch = patchFor(frame, event, input);
  const heldBySomeoneElse = isFrameHeld(frame.status) && frame.workerId !== null && frame.workerId !== input.workerId;
  const revokes = event === 'cancel' || event === 'reset' || event === 'lateComplete';
  return {
    ok: true,
    change: {
      from: frame.status,
      to: patch.status,
      patch,
      counters: counterDelta(frame.status, patch.status),
      revokeWorker: revokes && heldBySomeoneElse ? frame.workerId : null,
      queued: patch.status === 'QUEUED',
    },
  };
}

/** How to complete a frame for the uploading worker: its own lease, a late upload, or a duplicate. */
export function deliveryEvent(frame: FrameFacts, workerId: string): 'complete' | 'lateComplete' | 'duplicate' | 'refused' {
  if (frame.status === 'DONE') return 'duplicate';
  if (isFrameHeld(frame.status) && frame.workerId === workerId) return 'complete';
  if (FRAME_FROM.lateComplete.includes(frame.status)) return 'lateComplete';
  return 'refused';
}
