/**
 * What a person may ask of a job now, as the API's `Job.allowedActions` tells every client
 * (the dashboard's buttons, the `farm` command), so none keeps a table of its own:
 *   PAUSE           QUEUED, RUNNING
 *   RESUME          PAUSED
 *   CANCEL          QUEUED, RUNNING, PAUSED
 *   REQUEUE_FAILED  any status, while some frame is FAILED or CANCELED
 *   REQUEUE_ALL     any status, once some frame is DONE, FAILED or CANCELED
 *   REQUEUE_FRAMES, SET_PRIORITY, DELETE   always
 * The first three are the job events of the same names (jobs.ts), so a button is offered
 * exactly when the event would be taken. The requeues are offered only when the server
 * would find frames to move (job-control.ts refuses a requeue that moves none): a job's
 * counters tell FAILED, CANCELED and DONE frames, not frames merely handed out, so a
 * job whose frames are all queued or rendering is not offered REQUEUE_ALL.
 */

import { jobAllows, type JobFacts } from './jobs.ts';

export const JOB_ACTIONS = ['PAUSE', 'RESUME', 'CANCEL', 'REQUEUE_FAILED', 'REQUEUE_ALL', 'REQUEUE_FRAMES', 'SET_PRIORITY', 'DELETE'] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export function allowedJobActions(job: JobFacts): JobAction[] {
  const ended = job.framesDone + job.framesFailed + job.framesCanceled;
  return JOB_ACTIONS.filter((action) => {
    switch (action) {
      case 'PAUSE':
        return jobAllows(job.status, 'pause');
      case 'RESUME':
        return jobAllows(job.status, 'resume');
      case 'CANCEL':
        return jobAllows(job.status, 'cancel');
      case 'REQUEUE_FAILED':
        return job.framesFailed + job.framesCanceled > 0;
      case 'REQUEUE_ALL':
        return ended > 0;
      case 'REQUEUE_FRAMES':
      case 'SET_PRIORITY':
      case 'DELETE':
        return true;
    }
  });
}
