/**
 * The rules for how frames and jobs change state. Pure: no database and no clock of its
 * own (the caller passes `now`). The persistence layer (frame-store.ts) asks these
 * functions before every write and writes only the patch they return, as a conditional
 * update on the statuses they allow, so the rules live here and nowhere else.
 *
 * Frame:
 *   QUEUED    --assign(worker)----------> ASSIGNED
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
 * Job:
 *   QUEUED    --first frame assigned---> RUNNING
 *   QUEUED, RUNNING --pause------------> PAUSED     (no new frames go out; frames rendering finish)
 *   PAUSED    --resume-----------------> QUEUED / RUNNING (RUNNING once any frame was handed out)
 *   QUEUED, RUNNING, PAUSED --cancel---> CANCELED   (open frames CANCELED, workers told to stop)
 *   QUEUED, RUNNING, PAUSED --fail-----> FAILED     (job-wide error)
 *   any       --requeue----------------> QUEUED / RUNNING, or PAUSED when it was PAUSED
 *   QUEUED, RUNNING, PAUSED --settle---> COMPLETED  when every frame is DONE
 *                                     -> FAILED     when nothing is open and some frame FAILED
 *                                     -> CANCELED   when nothing is open and the rest were CANCELED
 *   COMPLETED, FAILED --settle---------> the same rule again once nothing is open (a late upload can turn
 *                                        FAILED into COMPLETED); unchanged while frames are still out
 *   CANCELED --settle------------------> CANCELED
 *
 * Worker:
 *   IDLE, BUSY --heartbeats stopped or signed off--> OFFLINE (its frames: lose / handBack)
 *   OFFLINE    --heartbeat--> IDLE / BUSY
 *   IDLE <-> BUSY as it holds frames; an OFFLINE worker is given no frames.
 */

import {
  CLAIMABLE_JOB_STATUSES,
  FINISHED_JOB_STATUSES,
  FRAME_STATUSES,
  type FrameStatus,
  HELD_FRAME_STATUSES,
  isFrameHeld,
  isFrameOpen,
  isJobFinished,
  JOB_STATUSES,
  type JobStatus,
  OPEN_FRAME_STATUSES,
} from '../../common/job-status.ts';

// The status sets are the farm's common facts; the rules below are built from them.
export {
  CLAIMABLE_JOB_STATUSES,
  FINISHED_JOB_STATUSES,
  FRAME_STATUSES,
  HELD_FRAME_STATUSES,
  isFrameHeld,
  isFrameOpen,
  isJobFinished,
  JOB_STATUSES,
  OPEN_FRAME_STATUSES,
};
export type { FrameStatus, JobStatus };

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

const OPEN: readonly FrameStatus[] = OPEN_FRAME_STATUSES;
const HELD: readonly FrameStatus[] = HELD_FRAME_STATUSES;

const FRAME_FROM: Record<FrameEvent, readonly FrameStatus[]> = {
  assign: ['QUEUED'],
  start: ['ASSIGNED'],
  complete: HELD,
  lateComplete: ['QUEUED', 'ASSIGNED', 'RENDERING', 'FAILED'],
  fail: HELD,
  lose: HELD,
  handBack: HELD,
  cancel: OPEN,
  requeue: ['FAILED', 'CANCELED'],
  reset: ['ASSIGNED', 'RENDERING', 'DONE', 'FAILED', 'CANCELED'],
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

/** The columns to write; undefined leaves a column as it is, null clears it. */
export interface FramePatch {
  status: FrameStatus;
  workerId?: string | null;
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

/** The patch for `event`, given that it is allowed from `frame.status`. */
function patchFor(frame: FrameFacts, event: FrameEvent, input: FrameEventInput): FramePatch {
  const { now } = input;
  switch (event) {
    case 'assign':
      return {
        status: 'ASSIGNED',
        workerId: required(input.workerId, 'workerId', event),
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
        error: null,
        logTail: null,
        outputFile: required(input.outputFile, 'outputFile', event),
        renderTimeMs: input.renderTimeMs ?? null,
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
        error: required(input.error, 'error', event),
        logTail: input.logTail ?? null,
        renderTimeMs: input.renderTimeMs ?? null,
        finishedAt: exhausted ? now : null,
      };
    }
    case 'handBack':
      return { status: 'QUEUED', workerId: null, startedAt: null };
    case 'cancel':
      return { status: 'CANCELED', finishedAt: now };
    case 'requeue':
    case 'reset':
      return {
        status: 'QUEUED',
        workerId: null,
        failures: 0,
        assignedAt: null,
        startedAt: null,
        finishedAt: null,
        error: null,
        logTail: null,
        outputFile: null,
        renderTimeMs: null,
      };
    case 'jobFailed':
      return { status: 'FAILED', finishedAt: now, error: `Not rendered: ${required(input.error, 'error', event)}` };
  }
}

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

// ---------------------------------------------------------------------------------------
// Jobs

export const JOB_EVENTS = ['start', 'pause', 'resume', 'cancel', 'fail', 'requeue', 'settle'] as const;
export type JobEvent = (typeof JOB_EVENTS)[number];

export interface JobFacts {
  status: JobStatus;
  /** Has any frame been handed out yet (startedAt is set)? */
  started: boolean;
  totalFrames: number;
  framesDone: number;
  framesFailed: number;
  framesCanceled: number;
}

export interface JobPatch {
  status: JobStatus;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  error?: string | null;
}

export type JobDecision = { ok: true; from: JobStatus; patch: JobPatch } | { ok: false; reason: string };

const JOB_FROM: Record<JobEvent, readonly JobStatus[]> = {
  start: ['QUEUED'],
  pause: CLAIMABLE_JOB_STATUSES,
  resume: ['PAUSED'],
  cancel: ['QUEUED', 'RUNNING', 'PAUSED'],
  fail: ['QUEUED', 'RUNNING', 'PAUSED'],
  requeue: JOB_STATUSES,
  settle: JOB_STATUSES,
};

const JOB_PAST: Record<JobEvent, string> = {
  start: 'started',
  pause: 'paused',
  resume: 'resumed',
  cancel: 'canceled',
  fail: 'failed',
  requeue: 'requeued',
  settle: 'settled',
};

export function jobsThatAllow(event: JobEvent): JobStatus[] {
  return [...JOB_FROM[event]];
}

function openFrames(job: JobFacts): number {
  return job.totalFrames - job.framesDone - job.framesFailed - job.framesCanceled;
}

/** The status a job's frame counters imply, for a job that is not PAUSED or CANCELED by hand. */
function statusFromFrames(job: JobFacts, current: JobStatus): JobStatus {
  if (openFrames(job) > 0) {
    if (current === 'PAUSED') return 'PAUSED';
    return job.started ? 'RUNNING' : 'QUEUED';
  }
  if (job.framesDone === job.totalFrames) return 'COMPLETED';
  if (job.framesFailed > 0) return 'FAILED';
  return 'CANCELED';
}

function finishedPatch(status: JobStatus, job: JobFacts, now: Date, error?: string | null): JobPatch {
  if (!isJobFinished(status)) return { status, finishedAt: null, error: null };
  const failedError = status === 'FAILED' ? `${job.framesFailed} of ${job.totalFrames} frames failed` : null;
  return { status, finishedAt: now, error: error ?? failedError };
}

/** Decides what `event` does to a job, or why it makes no sense now. */
export function decideJob(job: JobFacts, event: JobEvent, input: { now: Date; error?: string }): JobDecision {
  if (!JOB_FROM[event].includes(job.status)) {
    const hint = event === 'resume' ? ' (only a PAUSED job can be resumed)' : '';
    return { ok: false, reason: `a ${job.status} job cannot be ${JOB_PAST[event]}${hint}` };
  }
  const { now } = input;
  const decided = (patch: JobPatch): JobDecision => ({ ok: true, from: job.status, patch });
  switch (event) {
    case 'start':
      return decided({ status: 'RUNNING', startedAt: now });
    case 'pause':
      return decided({ status: 'PAUSED' });
    case 'resume':
      return decided(finishedPatch(statusFromFrames(job, 'RUNNING'), job, now));
    case 'cancel':
      return decided({ status: 'CANCELED', finishedAt: now });
    case 'fail':
      return decided({ status: 'FAILED', finishedAt: now, error: input.error ?? 'the job failed' });
    case 'requeue':
      // The caller reopened frames first; the counters say where the job now stands.
      return decided(finishedPatch(statusFromFrames(job, job.status === 'PAUSED' ? 'PAUSED' : 'QUEUED'), job, now));
    case 'settle': {
      if (job.status === 'CANCELED') return decided({ status: 'CANCELED' });
      // A job failed as a whole (missing scene) may still have frames out on workers; it stays FAILED.
      if (isJobFinished(job.status) && openFrames(job) > 0) return decided({ status: job.status });
      const next = statusFromFrames(job, job.status);
      if (next === job.status) return decided({ status: next });
      // A job that failed as a whole (missing scene) keeps its own error.
      return decided(finishedPatch(next, job, now, job.status === 'FAILED' ? undefined : null));
    }
  }
}

/**
 * What a person may ask of a job now, as the API's `Job.allowedActions` tells every client
 * (the dashboard's buttons, the `farm` command), so none keeps a table of its own:
 *   PAUSE           QUEUED, RUNNING
 *   RESUME          PAUSED
 *   CANCEL          QUEUED, RUNNING, PAUSED
 *   REQUEUE_FAILED  any status, while some frame is FAILED or CANCELED
 *   REQUEUE_ALL     any status, once a frame was handed out or ended
 *   REQUEUE_FRAMES, SET_PRIORITY, DELETE   always
 */
export const JOB_ACTIONS = ['PAUSE', 'RESUME', 'CANCEL', 'REQUEUE_FAILED', 'REQUEUE_ALL', 'REQUEUE_FRAMES', 'SET_PRIORITY', 'DELETE'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export function allowedJobActions(job: JobFacts): JobAction[] {
  const allows = (event: JobEvent) => JOB_FROM[event].includes(job.status);
  const ended = job.framesDone + job.framesFailed + job.framesCanceled;
  return JOB_ACTIONS.filter((action) => {
    switch (action) {
      case 'PAUSE':
        return allows('pause');
      case 'RESUME':
        return allows('resume');
      case 'CANCEL':
        return allows('cancel');
      case 'REQUEUE_FAILED':
        return job.framesFailed + job.framesCanceled > 0;
      case 'REQUEUE_ALL':
        return job.started || ended > 0;
      case 'REQUEUE_FRAMES':
      case 'SET_PRIORITY':
      case 'DELETE':
        return true;
    }
  });
}

// ---------------------------------------------------------------------------------------
// Workers

export type WorkerStatus = 'IDLE' | 'BUSY' | 'OFFLINE';

/** BUSY while it holds frames, else IDLE; OFFLINE stays OFFLINE until the worker is heard from. */
export function workerStatusFor(current: WorkerStatus, heldFrames: number, heardFrom: boolean): WorkerStatus {
  if (current === 'OFFLINE' && !heardFrom) return 'OFFLINE';
  return heldFrames > 0 ? 'BUSY' : 'IDLE';
}
