import type { Frame } from '../generated/prisma/client.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../logger.ts';
import type { FarmPubSub, RevocationReason } from '../pubsub.ts';
import type { Blocklist } from './blocklist.ts';
import type { FrameEvents } from './frame-events.ts';
import { FrameRefused } from '../errors.ts';
import { applyChosen, applyOne, applyToMany } from './frame-writes.ts';
import type { JobTransitions } from './job-transitions.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import { deliveryEvent, HELD_FRAME_STATUSES, isFrameHeld } from './state-machine.ts';

export type FailureKind = 'RENDER_FAILED' | 'SCENE_NOT_FOUND' | 'MISSING_FILES' | 'TIMEOUT';

/** Failures of the job, not of the frame: every frame would hit them, so the job fails at the first. */
const JOB_WIDE_FAILURES: ReadonlySet<FailureKind> = new Set(['SCENE_NOT_FOUND', 'MISSING_FILES']);

export interface FrameTransitionsNeeds {
  db: Db;
  pubsub: FarmPubSub;
  progress: Pick<ProgressTracker, 'set'>;
  log: Logger;
  clock: Clock;
  jobs: Pick<JobTransitions, 'change' | 'publish' | 'require'>;
  blocklist: Pick<Blocklist, 'countFailure'>;
  events: Pick<FrameEvents, 'announce'>;
}

/**
 * Every change to a frame's status: what workers report (progress, delivery, failure), what
 * a lost or departing worker gives back, and what a person does to a job's frames. Each is
 * a conditional write (frame-writes.ts) followed by its events (frame-events.ts).
 */
export class FrameTransitions {
  constructor(private readonly needs: FrameTransitionsNeeds) {}

  /** The frames a worker holds (ASSIGNED or RENDERING), oldest assignment first. */
  held(workerId: string): Promise<Frame[]> {
    return this.needs.db.frame.findMany({
      where: { workerId, status: { in: [...HELD_FRAME_STATUSES] } },
      orderBy: { assignedAt: 'asc' },
    });
  }

  /** The worker's first progress line for a frame: ASSIGNED --start--> RENDERING. */
  async start(workerId: string, jobId: string, number: number): Promise<Frame | null> {
    const applied = await applyOne(this.needs.db, jobId, number, 'start', { now: this.needs.clock(), workerId });
    return applied ? applied.frame : null;
  }

  /** Live progress: memory and subscribers only; the database hears of state changes. */
  async reportProgress(workerId: string, jobId: string, number: number, percent: number): Promise<Frame> {
    const frame = await this.requireHeld(workerId, jobId, number);
    let current = frame;
    if (frame.status === 'ASSIGNED') current = (await this.start(workerId, jobId, number)) ?? frame;
    this.needs.progress.set(jobId, number, percent);
    this.needs.pubsub.publish('frameChanged', current);
    await this.needs.jobs.publish(jobId);
    return current;
  }

  /** The frame, if this worker holds it now; refuses otherwise. */
  async requireHeld(workerId: string, jobId: string, number: number): Promise<Frame> {
    const frame = await this.requireFrame(jobId, number);
    if (frame.workerId !== workerId || !isFrameHeld(frame.status)) {
      throw new FrameRefused(`frame ${number} of job ${jobId} is not assigned to this worker (it is ${frame.status})`);
    }
    return frame;
  }

  /**
   * Before a frame's file is received: will this worker's upload be taken? A late upload
   * (the worker's lease was lost) is taken while the frame is not DONE; a DONE frame's
   * upload is acknowledged as a duplicate. Only a CANCELED frame is refused.
   */
  async deliverable(workerId: string, jobId: string, number: number): Promise<{ how: 'take' | 'duplicate'; frame: Frame }> {
    const frame = await this.requireFrame(jobId, number);
    const how = deliveryEvent(frame, workerId);
    if (how === 'refused') throw new FrameRefused(`frame ${number} of job ${jobId} is ${frame.status}: its upload is not wanted`);
    return { how: how === 'duplicate' ? 'duplicate' : 'take', frame };
  }

  /**
   * The frame's file is stored: DONE and counted once. Returns the frame and whether
   * this upload was the one counted (false: a duplicate, acknowledged and not counted).
   */
  async complete(
    workerId: string,
    jobId: string,
    number: number,
    outputFile: string,
    renderTimeMs: number | null,
  ): Promise<{ frame: Frame; counted: boolean }> {
    // Which event (complete, lateComplete) is decided on the row inside the transaction.
    const outcome = await applyChosen(this.needs.db, jobId, number, (frame) => deliveryEvent(frame, workerId), {
      now: this.needs.clock(),
      workerId,
      outputFile,
      renderTimeMs,
    });
    if ('frame' in outcome && 'change' in outcome) {
      await this.needs.events.announce(jobId, [outcome], workerId);
      return { frame: outcome.frame, counted: true };
    }
    // DONE already (a duplicate, or another upload of it won the race): acknowledged, not counted.
    if (outcome.current?.status === 'DONE') return { frame: outcome.current, counted: false };
    if (!outcome.current) await this.requireFrame(jobId, number);
    throw new FrameRefused(`frame ${number} of job ${jobId} is ${outcome.current?.status}: its upload is not wanted`);
  }

  /**
   * The worker could not render the frame. It goes back to the queue for another worker,
   * or is FAILED once the job's maxAttempts are used up; a worker that keeps failing one
   * job is blocklisted for it. A missing scene or missing files fail the whole job.
   */
  async fail(
    workerId: string,
    jobId: string,
    number: number,
    failure: { error: string; logTail: string | null; kind: FailureKind; renderTimeMs: number | null },
  ): Promise<Frame> {
    const job = await this.needs.jobs.require(jobId);
    const applied = await applyOne(this.needs.db, jobId, number, 'fail', {
      now: this.needs.clock(),
      workerId,
      maxAttempts: JOB_WIDE_FAILURES.has(failure.kind) ? 1 : job.maxAttempts,
      error: failure.error,
      logTail: failure.logTail,
      renderTimeMs: failure.renderTimeMs,
    });
    if (!applied) throw new FrameRefused(`frame ${number} of job ${jobId} is no longer assigned to this worker`);
    if (JOB_WIDE_FAILURES.has(failure.kind)) await this.failJob(jobId, failure.error);
    else await this.needs.blocklist.countFailure(jobId, workerId, failure.error);
    await this.needs.events.announce(jobId, [applied], workerId);
    return applied.frame;
  }

  /**
   * The frames a worker holds go back: `lose` (its heartbeats stopped; counted like a
   * failure) or `handBack` (it is shutting down; not a failure). Returns the frames released.
   */
  async releaseHeld(workerId: string, event: 'lose' | 'handBack', why: string): Promise<Frame[]> {
    const released: Frame[] = [];
    for (const held of await this.held(workerId)) {
      const job = await this.needs.jobs.require(held.jobId);
      const applied = await applyOne(this.needs.db, held.jobId, held.number, event, {
        now: this.needs.clock(),
        maxAttempts: job.maxAttempts,
        error: `Lost: ${why}`,
      });
      if (!applied) continue;
      await this.needs.events.announce(held.jobId, [applied]);
      released.push(applied.frame);
    }
    return released;
  }

  /** A job-wide error (the scene is not in the file, files it uses are missing): the job fails and its queued frames with it. */
  async failJob(jobId: string, error: string): Promise<void> {
    const changed = await this.needs.jobs.change(jobId, 'fail', { error });
    if (!changed) return;
    await this.applyToFrames(jobId, 'jobFailed', { error });
    this.needs.log.info({ jobId, error }, 'job failed');
  }

  /**
   * Applies a frame event that does not depend on the frame's own counts (cancel,
   * requeue, reset, jobFailed) to every frame of the job it applies to, or to `numbers`.
   * Workers holding affected frames are told to stop. Returns the frames changed.
   */
  async applyToFrames(
    jobId: string,
    event: 'cancel' | 'requeue' | 'reset' | 'jobFailed',
    opts: { numbers?: number[]; error?: string; reason?: RevocationReason } = {},
  ): Promise<Frame[]> {
    const results = await applyToMany(this.needs.db, jobId, event, { now: this.needs.clock(), error: opts.error, numbers: opts.numbers });
    if (results.length === 0) return [];
    await this.needs.events.announce(jobId, results, undefined, opts.reason);
    return results.map((r) => r.frame);
  }

  private async requireFrame(jobId: string, number: number): Promise<Frame> {
    const frame = await this.needs.db.frame.findUnique({ where: { jobId_number: { jobId, number } } });
    if (!frame) {
      await this.needs.jobs.require(jobId);
      throw new FrameRefused(`job ${jobId} has no frame ${number}`);
    }
    return frame;
  }
}
