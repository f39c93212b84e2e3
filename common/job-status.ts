/**
 * The statuses of frames and jobs, and the sets of them every program reasons with. The
 * server's state machine (server/scheduler/state-machine.ts) is the one judge of what moves
 * where; it builds its rules and its SQL from these sets, and the clients (the `farm`
 * command, the dashboard, the benchmarks) use the same sets instead of lists of their own.
 */

export const FRAME_STATUSES = ['QUEUED', 'ASSIGNED', 'RENDERING', 'DONE', 'FAILED', 'CANCELED'] as const;
export type FrameStatus = (typeof FRAME_STATUSES)[number];

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Frames a worker holds: handed out and not yet back. */
export const HELD_FRAME_STATUSES = ['ASSIGNED', 'RENDERING'] as const satisfies readonly FrameStatus[];
/** Frames still to be rendered: queued or held. */
export const OPEN_FRAME_STATUSES = ['QUEUED', ...HELD_FRAME_STATUSES] as const satisfies readonly FrameStatus[];

/** Jobs whose queued frames go out to workers (not PAUSED, not finished). */
export const CLAIMABLE_JOB_STATUSES = ['QUEUED', 'RUNNING'] as const satisfies readonly JobStatus[];
/** Jobs that have ended, until someone requeues them. */
export const FINISHED_JOB_STATUSES = ['COMPLETED', 'FAILED', 'CANCELED'] as const satisfies readonly JobStatus[];
export type FinishedJobStatus = (typeof FINISHED_JOB_STATUSES)[number];

export function isFrameHeld(status: string): boolean {
  return (HELD_FRAME_STATUSES as readonly string[]).includes(status);
}

export function isFrameOpen(status: string): boolean {
  return (OPEN_FRAME_STATUSES as readonly string[]).includes(status);
}

export function isJobFinished(status: string): status is FinishedJobStatus {
  return (FINISHED_JOB_STATUSES as readonly string[]).includes(status);
}
