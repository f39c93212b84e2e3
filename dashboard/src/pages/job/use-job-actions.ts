import { type ReactNode, useState } from 'react';
import { useMutation } from 'urql';
import { useConfirm } from '../../components/confirm.tsx';
import { graphql } from '../../../../common/graphql/generated/index.ts';
import type { JobAction } from '../../../../common/graphql/generated/graphql.ts';
import { navigate } from '../../router.tsx';
import { describeFrames } from './describe-frames.ts';

/**
 * What every action's answer selects: the job's status and what it allows now. The page's
 * own query is fetched again after each (urql refetches queries that hold a Job), so the
 * answer itself only has to name the job.
 */
export const JobActionResult = graphql(`
  fragment JobActionResult on Job {
    id
    status
    allowedActions
  }
`);

const PauseJob = graphql(`
  mutation DashboardPauseJob($jobId: ID!) {
    pauseJob(jobId: $jobId) {
      ...JobActionResult
    }
  }
`);

const ResumeJob = graphql(`
  mutation DashboardResumeJob($jobId: ID!) {
    resumeJob(jobId: $jobId) {
      ...JobActionResult
    }
  }
`);

const CancelJob = graphql(`
  mutation DashboardCancelJob($jobId: ID!) {
    cancelJob(jobId: $jobId) {
      ...JobActionResult
    }
  }
`);

const RequeueJob = graphql(`
  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {
    requeueJob(jobId: $jobId, allFrames: $allFrames) {
      ...JobActionResult
    }
  }
`);

const RequeueFrames = graphql(`
  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {
    requeueFrames(jobId: $jobId, frames: $frames) {
      ...JobActionResult
    }
  }
`);

const SetJobPriority = graphql(`
  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {
    setJobPriority(jobId: $jobId, priority: $priority) {
      ...JobActionResult
    }
  }
`);

const DeleteJob = graphql(`
  mutation DashboardDeleteJob($jobId: ID!) {
    deleteJob(jobId: $jobId) {
      ...JobActionResult
    }
  }
`);

/** What the confirmations say of the job: its name and its frame counts now. */
export interface ActionTarget {
  id: string;
  name: string;
  totalFrames: number;
  framesDone: number;
  framesFailed: number;
  framesCanceled: number;
}

export interface JobActions {
  /** The confirmation dialog while one is open: the page renders it. */
  confirmDialog: ReactNode;
  /** The last action's refusal, in the server's words, prefixed with the action's name. */
  error: string | null;
  fail(message: string): void;
  pause(): void;
  resume(): void;
  cancel(): Promise<void>;
  requeue(allFrames: boolean): Promise<void>;
  /** Resolves true once the frames are back in the queue. */
  requeueFrames(numbers: readonly number[]): Promise<boolean>;
  setPriority(priority: number): Promise<boolean>;
  remove(): Promise<void>;
}

/**
 * The job page's actions: one mutation each, behind a confirmation where it cannot be taken
 * back in a click. Which of them the page offers is the server's call (Job.allowedActions,
 * see `allows`); a refusal still shows as `error`.
 */
export function useJobActions(job: ActionTarget): JobActions {
  const jobId = job.id;
  const [confirmDialog, confirm] = useConfirm();
  const [error, setError] = useState<string | null>(null);
  const [, pause] = useMutation(PauseJob);
  const [, resume] = useMutation(ResumeJob);
  const [, cancel] = useMutation(CancelJob);
  const [, requeueJob] = useMutation(RequeueJob);
  const [, requeueFrames] = useMutation(RequeueFrames);
  const [, setPriority] = useMutation(SetJobPriority);
  const [, deleteJob] = useMutation(DeleteJob);

  const run = async (what: string, action: () => Promise<{ error?: { message: string } }>) => {
    setError(null);
    const outcome = await action();
    if (outcome.error) setError(`${what}: ${outcome.error.message.replace(/^\[GraphQL\] /, '')}`);
    return !outcome.error;
  };

  return {
    confirmDialog,
    error,
    fail: setError,
    pause: () => void run('Pause', () => pause({ jobId })),
    resume: () => void run('Resume', () => resume({ jobId })),
    async cancel() {
      const open = job.totalFrames - job.framesDone - job.framesFailed;
      const ok = await confirm({
        title: `Cancel “${job.name}”?`,
        message: `${open === 1 ? 'Its open frame is' : `Its ${open} open frames are`} canceled and workers rendering them stop. Rendered frames are kept; you can requeue the rest later.`,
        confirmLabel: 'Cancel job',
        danger: true,
      });
      if (ok) await run('Cancel', () => cancel({ jobId }));
    },
    async requeue(allFrames) {
      const requeueable = job.framesFailed + job.framesCanceled;
      const ok = await confirm({
        title: allFrames ? `Render all of “${job.name}” again?` : `Requeue the failed and canceled frames of “${job.name}”?`,
        message: allFrames
          ? `All ${job.totalFrames} frames go back to the queue, rendered ones too; their images are replaced as they render again.`
          : `${requeueable === 1 ? '1 frame goes' : `${requeueable} frames go`} back to the queue with fresh attempts, and the job's blocklist is cleared.`,
        confirmLabel: allFrames ? 'Render again' : 'Requeue frames',
      });
      if (ok) await run('Requeue', () => requeueJob({ jobId, allFrames }));
    },
    async requeueFrames(numbers) {
      const sorted = [...numbers].sort((a, b) => a - b);
      const one = sorted.length === 1;
      const ok = await confirm({
        title: `Requeue ${one ? `frame ${sorted[0]}` : `${sorted.length} frames`}?`,
        message: `${describeFrames(sorted)} ${one ? 'goes' : 'go'} back to the queue whatever ${one ? 'its' : 'their'} state; a frame rendering now is stopped.`,
        confirmLabel: 'Requeue',
      });
      return ok && (await run('Requeue frames', () => requeueFrames({ jobId, frames: sorted })));
    },
    setPriority: (priority) => run('Priority', () => setPriority({ jobId, priority })),
    async remove() {
      const ok = await confirm({
        title: `Delete “${job.name}”?`,
        message: 'The job, its frames and every rendered image are removed from the farm. This cannot be undone.',
        confirmLabel: 'Delete job',
        danger: true,
      });
      if (ok && (await run('Delete', () => deleteJob({ jobId })))) navigate('/jobs');
    },
  };
}

/** Whether the server lets a person take `action` on the job now. */
export function allows(job: { allowedActions: readonly JobAction[] }, action: JobAction): boolean {
  return job.allowedActions.includes(action);
}
