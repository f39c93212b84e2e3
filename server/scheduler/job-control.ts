import fsp from 'node:fs/promises';
import type { Job, Worker } from '../generated/prisma/client.ts';
import type { Db } from '../db.ts';
import { FrameRefused, InputError, NotFound } from '../errors.ts';
import { validatePriority, validateTags } from '../jobs/validate-submission.ts';
import type { Logger } from '../logger.ts';
import type { FarmPubSub } from '../pubsub.ts';
import type { ContentStore } from '../storage/contents.ts';
import type { FarmStorage } from '../storage/files.ts';
import type { Blocklist } from './blocklist.ts';
import type { Dispatcher } from './dispatcher.ts';
import { revocation } from './frame-events.ts';
import type { FrameTransitions } from './frame-transitions.ts';
import type { JobTransitions } from './job-transitions.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import { framesThatAllow, HELD_FRAME_STATUSES } from './state-machine.ts';
import type { WorkerStatusWrites } from './worker-status.ts';

export interface JobControlNeeds {
  db: Db;
  storage: Pick<FarmStorage, 'removeJobFiles' | 'blendPath'>;
  contents: Pick<ContentStore, 'removeUnused'>;
  pubsub: FarmPubSub;
  log: Logger;
  dispatcher: Pick<Dispatcher, 'workAvailable' | 'wake'>;
  progress: Pick<ProgressTracker, 'clearJob'>;
  jobs: Pick<JobTransitions, 'change' | 'publish'>;
  frames: Pick<FrameTransitions, 'applyToFrames'>;
  blocklist: Pick<Blocklist, 'forgive'>;
  workers: Pick<WorkerStatusWrites, 'refresh'>;
}

/**
 * What a person running the farm does to jobs and workers: pause, resume, cancel,
 * requeue, reprioritise, delete, retag, forgive. Each is refused with FrameRefused (a
 * CONFLICT for the API) where it makes no sense, and with InputError for bad arguments,
 * before anything is written. Status changes go through the job and frame transitions.
 */
export class JobControl {
  constructor(private readonly needs: JobControlNeeds) {}

  private async job(jobId: string): Promise<Job> {
    const job = await this.needs.db.job.findUnique({ where: { id: jobId } });
    if (!job) throw new NotFound('job', jobId);
    return job;
  }

  async pause(jobId: string): Promise<Job> {
    await this.job(jobId);
    return (await this.needs.jobs.change(jobId, 'pause'))!;
  }

  async resume(jobId: string): Promise<Job> {
    await this.job(jobId);
    return (await this.needs.jobs.change(jobId, 'resume'))!;
  }

  /** The job is CANCELED, its open frames too; workers rendering them are told to stop. */
  async cancel(jobId: string): Promise<Job> {
    await this.job(jobId);
    await this.needs.jobs.change(jobId, 'cancel');
    await this.needs.frames.applyToFrames(jobId, 'cancel', { reason: 'CANCELED' });
    return this.job(jobId);
  }

  /** FAILED and CANCELED frames back to the queue; with allFrames, every frame, DONE ones too. */
  async requeue(jobId: string, allFrames: boolean): Promise<Job> {
    const job = await this.job(jobId);
    const event = allFrames ? 'reset' : 'requeue';
    const movable = await this.needs.db.frame.count({ where: { jobId, status: { in: framesThatAllow(event) } } });
    if (movable === 0) {
      throw new FrameRefused(
        allFrames
          ? `Cannot requeue job "${job.name}" (${job.id}): all its frames are already queued`
          : `Cannot requeue job "${job.name}" (${job.id}): it has no FAILED or CANCELED frames (requeue with allFrames: true to render DONE frames again)`,
      );
    }
    // "Try again" includes workers that failed it before.
    await this.needs.blocklist.forgive(jobId);
    await this.needs.frames.applyToFrames(jobId, event, { reason: 'REQUEUED' });
    await this.needs.jobs.change(jobId, 'requeue');
    return this.job(jobId);
  }

  /** The named frames back to the queue, whatever their state; frames rendering are stopped. */
  async requeueFrames(jobId: string, numbers: readonly number[]): Promise<Job> {
    await this.job(jobId);
    const wanted = [...new Set(numbers)];
    if (wanted.length === 0) throw new InputError('frames', 'name at least one frame number');
    const found = await this.needs.db.frame.findMany({ where: { jobId, number: { in: wanted } }, select: { number: true } });
    if (found.length !== wanted.length) {
      const have = new Set(found.map((f) => f.number));
      const missing = wanted.filter((n) => !have.has(n)).sort((a, b) => a - b);
      throw new InputError('frames', `job ${jobId} has no frame ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}`);
    }
    await this.needs.blocklist.forgive(jobId);
    await this.needs.frames.applyToFrames(jobId, 'reset', { numbers: wanted, reason: 'REQUEUED' });
    await this.needs.jobs.change(jobId, 'requeue');
    return this.job(jobId);
  }

  async setPriority(jobId: string, priority: number): Promise<Job> {
    await this.job(jobId);
    validatePriority('priority', priority);
    await this.needs.db.job.update({ where: { id: jobId }, data: { priority } });
    this.needs.log.info({ jobId, priority }, 'job priority set');
    this.needs.dispatcher.workAvailable();
    return (await this.needs.jobs.publish(jobId))!;
  }

  /** Removes the job, its frames and files; workers rendering its frames are told to stop. */
  async delete(jobId: string): Promise<Job> {
    const job = await this.job(jobId);
    const { db, storage, pubsub, log } = this.needs;
    const held = await db.frame.findMany({ where: { jobId, status: { in: [...HELD_FRAME_STATUSES] } } });
    const used = await db.projectFile.findMany({ where: { jobId }, select: { sha256: true }, distinct: ['sha256'] });
    await db.job.delete({ where: { id: jobId } });
    for (const frame of held) {
      if (!frame.workerId) continue;
      pubsub.publish('frameRevoked', frame.workerId, revocation(jobId, frame.number, 'DELETED'));
      await this.needs.workers.refresh(frame.workerId);
    }
    await storage.removeJobFiles(jobId);
    // The .blend is shared by every job made from the same file.
    if ((await db.job.count({ where: { blendSha256: job.blendSha256 } })) === 0) {
      await fsp.rm(storage.blendPath(job.blendSha256), { force: true });
    }
    // Its project files' contents too, those no other job uses.
    await this.needs.contents.removeUnused(used.map((f) => f.sha256));
    this.needs.progress.clearJob(jobId);
    log.info({ jobId, name: job.name }, 'job deleted');
    pubsub.publish('jobDeleted', jobId, job);
    pubsub.publish('farmChanged');
    this.needs.dispatcher.workAvailable();
    return job;
  }

  /** Forgives workers' failures on a job (one worker, or all): they may get its frames again. */
  async clearBlocklist(jobId: string, workerId: string | null): Promise<Job> {
    await this.job(jobId);
    const count = await this.needs.blocklist.forgive(jobId, workerId);
    this.needs.log.info({ jobId, workerId, cleared: count }, 'blocklist cleared');
    this.needs.dispatcher.workAvailable();
    return (await this.needs.jobs.publish(jobId))!;
  }

  async setWorkerTags(workerId: string, tags: readonly string[]): Promise<Worker> {
    const valid = validateTags('tags', tags);
    const worker = await this.needs.db.worker.findUnique({ where: { id: workerId } });
    if (!worker) throw new NotFound('worker', workerId);
    const updated = await this.needs.db.worker.update({ where: { id: workerId }, data: { tags: JSON.stringify(valid) } });
    this.needs.log.info({ workerId, tags: valid }, 'worker tags set');
    this.needs.dispatcher.wake(workerId);
    return updated;
  }
}
