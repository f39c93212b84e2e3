import type { Job } from '../generated/prisma/client.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../logger.ts';
import type { FarmPubSub } from '../pubsub.ts';
import type { Dispatcher } from './dispatcher.ts';
import { FrameRefused } from '../errors.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import { decideJob, isJobFinished, type JobEvent, type JobStatus } from './state-machine.ts';

/** What a job's transitions touch: its row, its subscribers, its live progress, idle workers. */
export interface JobTransitionsNeeds {
  db: Db;
  pubsub: FarmPubSub;
  progress: Pick<ProgressTracker, 'clearJob'>;
  dispatcher: Pick<Dispatcher, 'workAvailable'>;
  log: Logger;
  clock: Clock;
}

/**
 * Every write to a job's status: decided by the state machine (decideJob) and made as a
 * compare-and-set on the status read, then published (jobChanged, farmChanged).
 */
export class JobTransitions {
  constructor(private readonly needs: JobTransitionsNeeds) {}

  /**
   * Moves a job by a job event (pause, resume, cancel, requeue, settle, start, fail).
   * Returns the job as changed, or null when the event does not apply (settle: no change).
   * Throws FrameRefused with the reason when the event makes no sense for the job now.
   */
  async change(jobId: string, event: JobEvent, input: { error?: string } = {}): Promise<Job | null> {
    const { db, pubsub, log } = this.needs;
    // The scheduler's own events (a claim starting the job, a settle after a frame change,
    // a job-wide failure) quietly do nothing when they no longer apply; a person's are refused.
    const internal = event === 'settle' || event === 'start' || event === 'fail';
    // Compare-and-set on the status read. When a concurrent change wins (say, 20 claims all
    // starting a QUEUED job), read again and decide again: the event may no longer apply.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const job = await this.require(jobId);
      const decision = decideJob(
        {
          status: job.status as JobStatus,
          started: job.startedAt !== null,
          totalFrames: job.totalFrames,
          framesDone: job.framesDone,
          framesFailed: job.framesFailed,
          framesCanceled: job.framesCanceled,
        },
        event,
        { now: this.needs.clock(), error: input.error },
      );
      if (!decision.ok) {
        if (internal) return null;
        throw new FrameRefused(`Cannot ${event} job "${job.name}" (${job.id}): ${decision.reason}`);
      }
      if (decision.patch.status === job.status && event === 'settle') {
        pubsub.publish('jobChanged', jobId, job);
        return null;
      }
      const result = await db.job.updateMany({ where: { id: jobId, status: job.status }, data: decision.patch });
      if (result.count === 0) continue;
      log.info({ jobId, from: job.status, to: decision.patch.status, event }, 'job state change');
      if (isJobFinished(decision.patch.status)) this.needs.progress.clearJob(jobId);
      // The row as written: no need to read it back.
      const changed = { ...job, ...decision.patch } as Job;
      pubsub.publish('jobChanged', jobId, changed);
      pubsub.publish('farmChanged');
      // A resumed or requeued job has work for idle workers.
      if (decision.patch.status === 'QUEUED' || decision.patch.status === 'RUNNING') this.needs.dispatcher.workAvailable();
      return changed;
    }
    if (internal) return null;
    throw new FrameRefused(`Cannot ${event} job ${jobId}: it kept changing at the same moment, try again`);
  }

  /** Tells the job's subscribers of a change made elsewhere (priority, blocklist, progress). */
  async publish(jobId: string): Promise<Job | null> {
    const job = await this.needs.db.job.findUnique({ where: { id: jobId } });
    if (job) this.needs.pubsub.publish('jobChanged', jobId, job);
    return job;
  }

  /** The job, or FrameRefused: a worker's call naming a job that is gone. */
  async require(jobId: string): Promise<Job> {
    const job = await this.needs.db.job.findUnique({ where: { id: jobId } });
    if (!job) throw new FrameRefused(`there is no job ${jobId} (was it deleted?)`);
    return job;
  }
}
