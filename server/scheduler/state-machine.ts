/**
 * The rules for how frames, jobs and workers change state. Pure: no database and no clock of
 * its own (the caller passes `now`). The persistence layer (frame-transitions.ts, job-transitions.ts, worker-leases.ts) asks these
 * functions before every write and writes only the patch they return, as a conditional
 * update on the statuses they allow, so the rules live here and nowhere else; the SQL that
 * cannot ask at run time (claim.ts, worker-status-sql.ts) is built from the same sets and patches.
 *
 * One file per thing that has a state, each opening with its transitions written as a spec:
 * state-machine/frames.ts, jobs.ts (and job-actions.ts, what a person may ask of a job),
 * workers.ts. This file is their one door: the rest of the server imports from here.
 */

// The status sets are the farm's common facts; the rules are built from them.
export {
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

export {
  type CounterDelta,
  decideFrame,
  deliveryEvent,
  FRAME_EVENTS,
  type FrameChange,
  type FrameEvent,
  type FrameEventInput,
  type FrameFacts,
  type FramePatch,
  framesThatAllow,
  type Increment,
} from './state-machine/frames.ts';

export {
  decideJob,
  JOB_EVENTS,
  jobAllows,
  type JobEvent,
  type JobFacts,
} from './state-machine/jobs.ts';

export { JOB_ACTIONS, type JobAction, allowedJobActions } from './state-machine/job-actions.ts';

export { ONLINE_WORKER_STATUSES, WORKER_STATUSES, type WorkerStatus, workerStatusFor } from './state-machine/workers.ts';
