/**
 * The rules for how frames and jobs change state. Pure: no database, no clock of its
 * own. The persistence layer (frame-store.ts) asks these functions before every write
 * and writes only what they allow, so the rules live here and nowhere else.
 *
 * Frame:
 *   QUEUED    --assign(worker)------> ASSIGNED
 *   ASSIGNED  --start---------------> RENDERING
 *   ASSIGNED  --complete------------> DONE       (a fast frame may finish before its first progress line)
 *   RENDERING --complete------------> DONE
 *   ASSIGNED  --fail----------------> FAILED
 *   RENDERING --fail----------------> FAILED
 *   QUEUED    --jobFailed-----------> FAILED     (a job-wide error such as a missing scene)
 *   DONE and FAILED are final.
 *
 * Job (derived from its frames after every frame change):
 *   QUEUED    --first frame assigned--> RUNNING
 *   RUNNING   --every frame DONE------> COMPLETED
 *   RUNNING   --nothing left to render, some frame FAILED--> FAILED
 *   any open  --jobFailed-------------> FAILED
 */

export const FRAME_STATUSES = ['QUEUED', 'ASSIGNED', 'RENDERING', 'DONE', 'FAILED'] as const;
export type FrameStatus = (typeof FRAME_STATUSES)[number];

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type FrameEvent = 'assign' | 'start' | 'complete' | 'fail' | 'jobFailed';

const FRAME_EVENTS: Record<FrameEvent, { from: readonly FrameStatus[]; to: FrameStatus }> = {
  assign: { from: ['QUEUED'], to: 'ASSIGNED' },
  start: { from: ['ASSIGNED'], to: 'RENDERING' },
  complete: { from: ['ASSIGNED', 'RENDERING'], to: 'DONE' },
  fail: { from: ['ASSIGNED', 'RENDERING'], to: 'FAILED' },
  jobFailed: { from: ['QUEUED'], to: 'FAILED' },
};

/** The frame status after `event`, or null when the event does not apply to `from`. */
export function frameTransition(from: FrameStatus, event: FrameEvent): FrameStatus | null {
  const rule = FRAME_EVENTS[event];
  return rule.from.includes(from) ? rule.to : null;
}

/** The statuses from which `event` is allowed: what a conditional UPDATE must match. */
export function framesThatAllow(event: FrameEvent): FrameStatus[] {
  return [...FRAME_EVENTS[event].from];
}

/** Where `event` takes a frame. */
export function frameEventTarget(event: FrameEvent): FrameStatus {
  return FRAME_EVENTS[event].to;
}

export function isFrameOpen(status: FrameStatus): boolean {
  return status === 'QUEUED' || status === 'ASSIGNED' || status === 'RENDERING';
}

export interface FrameCounts {
  total: number;
  done: number;
  failed: number;
  /** QUEUED + ASSIGNED + RENDERING */
  open: number;
  /** ASSIGNED + RENDERING */
  active: number;
}

/**
 * The job's status implied by its frames. A job that has failed as a whole stays FAILED,
 * and a finished job stays finished.
 */
export function jobStatusFor(current: JobStatus, frames: FrameCounts): JobStatus {
  if (current === 'FAILED' || current === 'COMPLETED') return current;
  if (frames.total > 0 && frames.done === frames.total) return 'COMPLETED';
  if (frames.open === 0) return frames.failed > 0 ? 'FAILED' : 'COMPLETED';
  if (current === 'QUEUED' && (frames.active > 0 || frames.done > 0 || frames.failed > 0)) return 'RUNNING';
  return current;
}

export function isJobFinished(status: JobStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED';
}
