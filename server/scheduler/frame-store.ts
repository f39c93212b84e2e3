import type { Frame, Job } from '../generated/prisma/client.ts';
import type { FarmServices } from '../context.ts';
import { claimNextFrame } from './claim.ts';
import { type FrameEvent, frameEventTarget, framesThatAllow, isJobFinished, jobStatusFor } from './state-machine.ts';

export type Clock = () => Date;

/** Why an operation on a frame was refused, in words for the worker's log and the API. */
export class FrameRefused extends Error {}

export type FailureKind = 'RENDER_FAILED' | 'SCENE_NOT_FOUND';

/**
 * Every write to a frame's or a job's status goes through here, and each one is a
 * conditional update on the statuses the state machine allows, so two racing calls
 * cannot both succeed. Every change is published to subscribers as it is made.
 */
export class FrameStore {
  constructor(
    private readonly services: Pick<FarmServices, 'db' | 'pubsub' | 'progress' | 'dispatcher' | 'log'>,
    private readonly now: Clock = () => new Date(),
  ) {}

  private get db() {
    return this.services.db;
  }

  /** The frames a worker holds (ASSIGNED or RENDERING). */
  activeFrames(workerId: string): Promise<Frame[]> {
    return this.db.frame.findMany({
      where: { workerId, status: { in: ['ASSIGNED', 'RENDERING'] } },
      orderBy: { assignedAt: 'asc' },
    });
  }

  /** Books the next queued frame for the worker; null when there is nothing to render. */
  async claim(workerId: string): Promise<Frame | null> {
    const now = this.now();
    const claimed = await claimNextFrame(this.db, workerId, now);
    if (!claimed) return null;
    await this.db.worker.update({ where: { id: workerId }, data: { status: 'BUSY' } });
    const job = await this.db.job.updateMany({
      where: { id: claimed.jobId, status: 'QUEUED' },
      data: { status: 'RUNNING', startedAt: now },
    });
    const frame = await this.db.frame.findUniqueOrThrow({ where: { id: claimed.id } });
    this.services.log.debug({ jobId: frame.jobId, frame: frame.number, workerId, status: 'ASSIGNED' }, 'frame state change');
    this.services.pubsub.publish('frameChanged', frame);
    if (job.count > 0) await this.publishJob(claimed.jobId);
    return frame;
  }

  /** The worker's first progress line for a frame: ASSIGNED --start--> RENDERING. */
  async start(workerId: string, jobId: string, number: number): Promise<Frame | null> {
    return this.transition(workerId, jobId, number, 'start', { startedAt: this.now() });
  }

  /** Live progress: memory and subscribers only; the database hears of state changes. */
  async reportProgress(workerId: string, jobId: string, number: number, percent: number): Promise<Frame> {
    const frame = await this.requireHeld(workerId, jobId, number);
    let current = frame;
    if (frame.status === 'ASSIGNED') current = (await this.start(workerId, jobId, number)) ?? frame;
    this.services.progress.set(jobId, number, percent);
    this.services.pubsub.publish('frameChanged', current);
    await this.publishJob(jobId);
    return current;
  }

  /** Checks, before a frame's file is received, that this worker may deliver it. */
  async requireHeld(workerId: string, jobId: string, number: number): Promise<Frame> {
    const frame = await this.db.frame.findUnique({ where: { jobId_number: { jobId, number } } });
    if (!frame) throw new FrameRefused(`job ${jobId} has no frame ${number}`);
    if (frame.workerId !== workerId || (frame.status !== 'ASSIGNED' && frame.status !== 'RENDERING')) {
      throw new FrameRefused(`frame ${number} of job ${jobId} is not assigned to this worker (it is ${frame.status})`);
    }
    return frame;
  }

  /** The frame's file is stored: --complete--> DONE, counted once in the job. */
  async complete(workerId: string, jobId: string, number: number, outputFile: string, renderTimeMs: number | null): Promise<Frame> {
    const now = this.now();
    const updated = await this.db.$transaction(async (tx) => {
      const result = await tx.frame.updateMany({
        where: { jobId, number, workerId, status: { in: framesThatAllow('complete') } },
        data: { status: 'DONE', outputFile, renderTimeMs, finishedAt: now, error: null, logTail: null },
      });
      if (result.count === 0) return false;
      await tx.job.update({ where: { id: jobId }, data: { framesDone: { increment: 1 } } });
      return true;
    });
    if (!updated) throw new FrameRefused(`frame ${number} of job ${jobId} is no longer assigned to this worker`);
    return this.afterFrameClosed(workerId, jobId, number, 'DONE');
  }

  /** The worker could not render the frame: --fail--> FAILED with Blender's words. */
  async fail(
    workerId: string,
    jobId: string,
    number: number,
    failure: { error: string; logTail: string | null; kind: FailureKind; renderTimeMs: number | null },
  ): Promise<Frame> {
    const now = this.now();
    const updated = await this.db.$transaction(async (tx) => {
      const result = await tx.frame.updateMany({
        where: { jobId, number, workerId, status: { in: framesThatAllow('fail') } },
        data: {
          status: 'FAILED',
          error: failure.error,
          logTail: failure.logTail,
          renderTimeMs: failure.renderTimeMs,
          finishedAt: now,
        },
      });
      if (result.count === 0) return false;
      await tx.job.update({ where: { id: jobId }, data: { framesFailed: { increment: 1 } } });
      return true;
    });
    if (!updated) throw new FrameRefused(`frame ${number} of job ${jobId} is no longer assigned to this worker`);
    if (failure.kind === 'SCENE_NOT_FOUND') await this.failJob(jobId, failure.error);
    return this.afterFrameClosed(workerId, jobId, number, 'FAILED');
  }

  /**
   * A job-wide error (the scene is not in the file): no frame of it can render, so the
   * job fails and its queued frames with it. Frames on other workers fail as they report.
   */
  async failJob(jobId: string, error: string): Promise<void> {
    const now = this.now();
    const failed = await this.db.$transaction(async (tx) => {
      const job = await tx.job.updateMany({
        where: { id: jobId, status: { in: ['QUEUED', 'RUNNING'] } },
        data: { status: 'FAILED', error, finishedAt: now },
      });
      if (job.count === 0) return 0;
      const frames = await tx.frame.updateMany({
        where: { jobId, status: { in: framesThatAllow('jobFailed') } },
        data: { status: 'FAILED', error: `Not rendered: ${error}`, finishedAt: now },
      });
      await tx.job.update({ where: { id: jobId }, data: { framesFailed: { increment: frames.count } } });
      return frames.count;
    });
    this.services.log.info({ jobId, error, framesFailed: failed }, 'job failed');
    await this.publishJob(jobId);
    this.services.pubsub.publish('farmChanged');
  }

  private async transition(
    workerId: string,
    jobId: string,
    number: number,
    event: FrameEvent,
    data: Partial<Frame>,
  ): Promise<Frame | null> {
    const result = await this.db.frame.updateMany({
      where: { jobId, number, workerId, status: { in: framesThatAllow(event) } },
      data: { ...data, status: frameEventTarget(event) },
    });
    if (result.count === 0) return null;
    const frame = await this.db.frame.findUniqueOrThrow({ where: { jobId_number: { jobId, number } } });
    this.services.log.debug({ jobId, frame: number, workerId, status: frame.status }, 'frame state change');
    this.services.pubsub.publish('frameChanged', frame);
    return frame;
  }

  private async afterFrameClosed(workerId: string, jobId: string, number: number, status: 'DONE' | 'FAILED'): Promise<Frame> {
    this.services.progress.clear(jobId, number);
    const frame = await this.db.frame.findUniqueOrThrow({ where: { jobId_number: { jobId, number } } });
    this.services.log.debug({ jobId, frame: number, workerId, status }, 'frame state change');
    const stillHolding = await this.db.frame.count({ where: { workerId, status: { in: ['ASSIGNED', 'RENDERING'] } } });
    if (stillHolding === 0) {
      await this.db.worker.updateMany({ where: { id: workerId, status: 'BUSY' }, data: { status: 'IDLE' } });
    }
    await this.settleJob(jobId);
    this.services.pubsub.publish('frameChanged', frame);
    this.services.pubsub.publish('farmChanged');
    // The worker is free for its next frame.
    this.services.dispatcher.workAvailable();
    return frame;
  }

  /** Moves the job to the status its frame counters imply, and tells subscribers. */
  private async settleJob(jobId: string): Promise<void> {
    const job = await this.db.job.findUniqueOrThrow({ where: { id: jobId } });
    const open = job.totalFrames - job.framesDone - job.framesFailed;
    const next = jobStatusFor(job.status, {
      total: job.totalFrames,
      done: job.framesDone,
      failed: job.framesFailed,
      open,
      active: open > 0 ? 1 : 0,
    });
    if (next !== job.status) {
      const finishedAt = isJobFinished(next) ? this.now() : null;
      await this.db.job.updateMany({
        where: { id: jobId, status: job.status },
        data: {
          status: next,
          finishedAt,
          error: next === 'FAILED' && !job.error ? `${job.framesFailed} of ${job.totalFrames} frames failed` : undefined,
        },
      });
      this.services.log.info({ jobId, status: next }, 'job state change');
      if (isJobFinished(next)) this.services.progress.clearJob(jobId);
    }
    await this.publishJob(jobId);
  }

  async publishJob(jobId: string): Promise<Job | null> {
    const job = await this.db.job.findUnique({ where: { id: jobId } });
    if (job) this.services.pubsub.publish('jobChanged', jobId, job);
    return job;
  }
}
