import type { Frame } from '../generated/prisma/client.ts';
import type { Logger } from '../logger.ts';
import type { FarmPubSub, FrameRevocation, RevocationReason } from '../pubsub.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { JobTransitions } from './job-transitions.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import { type FrameChange, isFrameHeld } from './state-machine.ts';
import type { WorkerStatusWrites } from './worker-status.ts';

/** A frame change as written: the row after it, and what the state machine decided. */
export interface AppliedFrameChange {
  frame: Frame;
  change: FrameChange;
}

export interface FrameEventsNeeds {
  pubsub: FarmPubSub;
  progress: Pick<ProgressTracker, 'clear'>;
  dispatcher: Pick<Dispatcher, 'workAvailable' | 'wake'>;
  log: Logger;
  jobs: Pick<JobTransitions, 'change'>;
  workers: Pick<WorkerStatusWrites, 'refresh'>;
}

const REVOCATION_MESSAGES: Record<RevocationReason, (n: number) => string> = {
  CANCELED: (n) => `frame ${n} was canceled`,
  REQUEUED: (n) => `frame ${n} was requeued`,
  DELETED: (n) => `the job of frame ${n} was deleted`,
  DONE_ELSEWHERE: (n) => `frame ${n} was delivered by another worker`,
  LOST: (n) => `this worker's lease on frame ${n} was lost`,
};

/** What a worker is told when it must stop rendering a frame. */
export function revocation(jobId: string, frameNumber: number, reason: RevocationReason): FrameRevocation {
  return { jobId, frameNumber, reason, message: REVOCATION_MESSAGES[reason](frameNumber) };
}

/**
 * What follows frame changes once they are written: subscribers hear of each frame,
 * workers holding a revoked frame are told to stop, the job settles (COMPLETED, FAILED,
 * CANCELED once nothing is open), the workers involved are BUSY or IDLE again, and
 * workers waiting for work are woken.
 */
export class FrameEvents {
  constructor(private readonly needs: FrameEventsNeeds) {}

  async announce(jobId: string, applied: AppliedFrameChange[], actingWorker?: string, reason?: RevocationReason): Promise<void> {
    const { pubsub, dispatcher } = this.needs;
    const workers = new Set<string>();
    if (actingWorker) workers.add(actingWorker);
    let queued = false;
    for (const { frame, change } of applied) {
      if (!isFrameHeld(change.to)) this.needs.progress.clear(jobId, frame.number);
      this.needs.log.debug({ jobId, frame: frame.number, from: change.from, to: change.to, workerId: frame.workerId }, 'frame state change');
      pubsub.publish('frameChanged', frame);
      if (change.revokeWorker) {
        workers.add(change.revokeWorker);
        const why = reason ?? (change.to === 'DONE' ? 'DONE_ELSEWHERE' : change.to === 'CANCELED' ? 'CANCELED' : 'REQUEUED');
        pubsub.publish('frameRevoked', change.revokeWorker, revocation(jobId, frame.number, why));
      }
      queued ||= change.queued;
    }
    for (const workerId of workers) await this.needs.workers.refresh(workerId);
    // settle publishes the job, changed or not.
    await this.needs.jobs.change(jobId, 'settle');
    pubsub.publish('farmChanged');
    // Frames went back to the queue (anyone may take them); workers are free for their next frame.
    if (queued) dispatcher.workAvailable();
    for (const workerId of workers) dispatcher.wake(workerId);
  }
}
