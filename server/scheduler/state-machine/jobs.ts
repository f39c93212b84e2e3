/**
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
 */

import { CLAIMABLE_JOB_STATUSES, isJobFinished, JOB_STATUSES, type JobStatus } from '../../../common/job-status.ts';

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

/** Jobs not yet ended: QUEUED, RUNNING, PAUSED. */
const UNFINISHED: readonly JobStatus[] = JOB_STATUSES.filter((status) => !isJobFinished(status));

const JOB_FROM: Record<JobEvent, readonly JobStatus[]> = {
  start: ['QUEUED'],
  pause: CLAIMABLE_JOB_STATUSES,
  resume: ['PAUSED'],
  cancel: UNFINISHED,
  fail: UNFINISHED,
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

/** Whether a job in `status` may take `event` at all (what the counters say comes after). */
export function jobAllows(status: JobStatus, event: JobEvent): boolean {
  return JOB_FROM[event].includes(status);
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
  if (!jobAllows(job.status, event)) {
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
