import type { Frame, Job, Prisma } from '../generated/prisma/client.ts';
import type { FarmServices } from '../context.ts';
import type { RevocationReason } from '../pubsub.ts';
import { FrameRefused } from '../errors.ts';
import { claimNextFrame } from './claim.ts';
import {
  type CounterDelta,
  decideFrame,
  decideJob,
  deliveryEvent,
  type FrameChange,
  type FrameEvent,
  type FrameEventInput,
  framesThatAllow,
  isJobFinished,
  type JobEvent,
  type JobStatus,
  workerStatusFor,
} from './state-machine.ts';

export type Clock = () => Date;

export type FailureKind = 'RENDER_FAILED' | 'SCENE_NOT_FOUND' | 'TIMEOUT';

/** A worker that fails this many frames of one job gets no more frames of it. */
export const BLOCKLIST_AFTER_FAILURES = 3;

type Tx = Prisma.TransactionClient;

interface Applied {
  frame: Frame;
  change: FrameChange;
}

const SELECT_FACTS = { id: true, number: true, status: true, workerId: true, failures: true } as const;

/**
 * Every write to a frame's, a job's or a worker's status goes through here. Each write is
 * decided by the state machine (state-machine.ts) and made as a conditional update on the
 * row as it was read, so two racing calls cannot both succeed; a frame's change and its
 * job's counters are written in one transaction. Every change is published as it is made.
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
      where: { workerId, status: { in: framesThatAllow('handBack') } },
      orderBy: { assignedAt: 'asc' },
    });
  }

  // ---- worker-driven changes -----------------------------------------------------------

  /** Books the next frame this worker may render; null when there is none. */
  async claim(workerId: string): Promise<Frame | null> {
    return (await this.claimWithJob(workerId))?.frame ?? null;
  }

  /** claim(), with the frame's job (read anyway), for the assignment the worker is sent. */
  async claimWithJob(workerId: string): Promise<{ frame: Frame; job: Job } | null> {
    const now = this.now();
    const claimed = await claimNextFrame(this.db, workerId, now);
    if (!claimed) return null;
    const frame = await this.db.frame.findUniqueOrThrow({ where: { id: claimed.id } });
    this.publishFrame(frame);
    // It holds a frame now: BUSY (workerStatusFor), in one conditional write.
    await this.db.worker.updateMany({ where: { id: workerId, status: 'IDLE' }, data: { status: workerStatusFor('IDLE', 1, false) } });
    let job = await this.db.job.findUniqueOrThrow({ where: { id: frame.jobId } });
    if (job.status === 'QUEUED') job = (await this.changeJob(job.id, 'start')) ?? job;
    return { frame, job };
  }

  /** The worker's first progress line for a frame: ASSIGNED --start--> RENDERING. */
  async start(workerId: string, jobId: string, number: number): Promise<Frame | null> {
    const applied = await this.applyOne(jobId, number, 'start', { now: this.now(), workerId });
    return applied ? applied.frame : null;
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

  /** The frame, if this worker holds it now; refuses otherwise. */
  async requireHeld(workerId: string, jobId: string, number: number): Promise<Frame> {
    const frame = await this.requireFrame(jobId, number);
    if (frame.workerId !== workerId || (frame.status !== 'ASSIGNED' && frame.status !== 'RENDERING')) {
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
    const outcome = await this.applyChosen(jobId, number, (frame) => deliveryEvent(frame, workerId), {
      now: this.now(),
      workerId,
      outputFile,
      renderTimeMs,
    });
    if ('frame' in outcome && 'change' in outcome) {
      await this.afterFrameChanges(jobId, [outcome], workerId);
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
   * job is blocklisted for it. A missing scene fails the whole job.
   */
  async fail(
    workerId: string,
    jobId: string,
    number: number,
    failure: { error: string; logTail: string | null; kind: FailureKind; renderTimeMs: number | null },
  ): Promise<Frame> {
    const job = await this.requireJob(jobId);
    const applied = await this.applyOne(jobId, number, 'fail', {
      now: this.now(),
      workerId,
      maxAttempts: failure.kind === 'SCENE_NOT_FOUND' ? 1 : job.maxAttempts,
      error: failure.error,
      logTail: failure.logTail,
      renderTimeMs: failure.renderTimeMs,
    });
    if (!applied) throw new FrameRefused(`frame ${number} of job ${jobId} is no longer assigned to this worker`);
    if (failure.kind === 'SCENE_NOT_FOUND') await this.failJob(jobId, failure.error);
    else await this.countFailure(jobId, workerId, failure.error);
    await this.afterFrameChanges(jobId, [applied], workerId);
    return applied.frame;
  }

  /** A worker whose heartbeats stopped: OFFLINE, and its frames go back to the queue. */
  async loseWorker(workerId: string, why: string): Promise<Frame[]> {
    return this.releaseWorker(workerId, 'lose', why);
  }

  /** A worker shutting down hands its frames back at once: not a failure. */
  async signOff(workerId: string): Promise<Frame[]> {
    return this.releaseWorker(workerId, 'handBack', 'the worker signed off');
  }

  private async releaseWorker(workerId: string, event: 'lose' | 'handBack', why: string): Promise<Frame[]> {
    await this.db.worker.update({ where: { id: workerId }, data: { status: 'OFFLINE' } });
    const released: Frame[] = [];
    for (const held of await this.activeFrames(workerId)) {
      const job = await this.requireJob(held.jobId);
      const applied = await this.applyOne(held.jobId, held.number, event, {
        now: this.now(),
        maxAttempts: job.maxAttempts,
        error: `Lost: ${why}`,
      });
      if (!applied) continue;
      if (applied.change.to === 'QUEUED' || applied.change.to === 'FAILED') this.services.progress.clear(held.jobId, held.number);
      await this.afterFrameChanges(held.jobId, [applied]);
      released.push(applied.frame);
    }
    this.services.log.info({ workerId, frames: released.map((f) => `${f.jobId}:${f.number}`), why }, `worker ${event === 'lose' ? 'lost' : 'signed off'}`);
    this.services.pubsub.publish('farmChanged');
    return released;
  }

  /** A heartbeat: the lease goes on; a worker that was OFFLINE is back. */
  async heartbeat(workerId: string): Promise<void> {
    const worker = await this.db.worker.update({ where: { id: workerId }, data: { lastHeartbeatAt: this.now() } });
    if (worker.status === 'OFFLINE') {
      await this.refreshWorker(workerId, true);
      this.services.log.info({ workerId, worker: worker.name }, 'worker back online');
      this.services.dispatcher.wake(workerId);
    }
  }

  // ---- job-wide changes ----------------------------------------------------------------

  /** A job-wide error (the scene is not in the file): the job fails and its queued frames with it. */
  async failJob(jobId: string, error: string): Promise<void> {
    const changed = await this.changeJob(jobId, 'fail', { error });
    if (!changed) return;
    await this.applyToFrames(jobId, 'jobFailed', { error });
    this.services.log.info({ jobId, error }, 'job failed');
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
    const now = this.now();
    const applied: Applied[] = [];
    await this.db.$transaction(async (tx) => {
      const frames = await tx.frame.findMany({
        where: { jobId, status: { in: framesThatAllow(event) }, ...(opts.numbers ? { number: { in: opts.numbers } } : {}) },
        select: SELECT_FACTS,
      });
      const total: CounterDelta = { framesDone: 0, framesFailed: 0, framesCanceled: 0 };
      // Rows with the same status get the same patch: one UPDATE per status, not per frame.
      for (const from of new Set(frames.map((f) => f.status))) {
        const group = frames.filter((f) => f.status === from);
        const decision = decideFrame(group[0]!, event, { now, error: opts.error });
        if (!decision.ok) continue;
        const { change } = decision;
        for (let i = 0; i < group.length; i += 10_000) {
          const ids = group.slice(i, i + 10_000).map((f) => f.id);
          await tx.frame.updateMany({ where: { id: { in: ids }, status: from }, data: change.patch });
        }
        for (const key of Object.keys(total) as (keyof CounterDelta)[]) total[key] += change.counters[key] * group.length;
        for (const f of group) {
          applied.push({ frame: f as Frame, change: { ...change, revokeWorker: from === 'ASSIGNED' || from === 'RENDERING' ? f.workerId : null } });
        }
      }
      await this.addCounters(tx, jobId, total);
    });
    if (applied.length === 0) return [];
    const fresh = new Map<number, Frame>();
    const ids = applied.map((a) => a.frame.id);
    for (let i = 0; i < ids.length; i += 10_000) {
      for (const f of await this.db.frame.findMany({ where: { id: { in: ids.slice(i, i + 10_000) } } })) fresh.set(f.id, f);
    }
    const results = applied.map((a) => ({ frame: fresh.get(a.frame.id) ?? a.frame, change: a.change }));
    await this.afterFrameChanges(jobId, results, undefined, opts.reason);
    return results.map((r) => r.frame);
  }

  /**
   * Moves a job by a job event (pause, resume, cancel, requeue, settle, start, fail).
   * Returns the job as changed, or null when the event does not apply (settle: no change).
   * Throws FrameRefused with the reason when the event makes no sense for the job now.
   */
  async changeJob(jobId: string, event: JobEvent, input: { error?: string } = {}): Promise<Job | null> {
    // The scheduler's own events (a claim starting the job, a settle after a frame change,
    // a job-wide failure) quietly do nothing when they no longer apply; a person's are refused.
    const internal = event === 'settle' || event === 'start' || event === 'fail';
    // Compare-and-set on the status read. When a concurrent change wins (say, 20 claims all
    // starting a QUEUED job), read again and decide again: the event may no longer apply.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const job = await this.requireJob(jobId);
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
        { now: this.now(), error: input.error },
      );
      if (!decision.ok) {
        if (internal) return null;
        throw new FrameRefused(`Cannot ${event} job "${job.name}" (${job.id}): ${decision.reason}`);
      }
      if (decision.patch.status === job.status && event === 'settle') {
        this.services.pubsub.publish('jobChanged', jobId, job);
        return null;
      }
      const result = await this.db.job.updateMany({ where: { id: jobId, status: job.status }, data: decision.patch });
      if (result.count === 0) continue;
      this.services.log.info({ jobId, from: job.status, to: decision.patch.status, event }, 'job state change');
      if (isJobFinished(decision.patch.status)) this.services.progress.clearJob(jobId);
      // The row as written: no need to read it back.
      const changed = { ...job, ...decision.patch } as Job;
      this.services.pubsub.publish('jobChanged', jobId, changed);
      this.services.pubsub.publish('farmChanged');
      // A resumed or requeued job has work for idle workers.
      if (decision.patch.status === 'QUEUED' || decision.patch.status === 'RUNNING') this.services.dispatcher.workAvailable();
      return changed;
    }
    if (internal) return null;
    throw new FrameRefused(`Cannot ${event} job ${jobId}: it kept changing at the same moment, try again`);
  }

  async publishJob(jobId: string): Promise<Job | null> {
    const job = await this.db.job.findUnique({ where: { id: jobId } });
    if (job) this.services.pubsub.publish('jobChanged', jobId, job);
    return job;
  }

  // ---- internals -----------------------------------------------------------------------

  private async requireJob(jobId: string): Promise<Job> {
    const job = await this.db.job.findUnique({ where: { id: jobId } });
    if (!job) throw new FrameRefused(`there is no job ${jobId} (was it deleted?)`);
    return job;
  }

  private async requireFrame(jobId: string, number: number): Promise<Frame> {
    const frame = await this.db.frame.findUnique({ where: { jobId_number: { jobId, number } } });
    if (!frame) {
      await this.requireJob(jobId);
      throw new FrameRefused(`job ${jobId} has no frame ${number}`);
    }
    return frame;
  }

  /**
   * One frame, one event: decided on the row as read, written only if the row is still
   * so (status and worker), together with the job's counters. Null when refused or raced.
   */
  private async applyOne(jobId: string, number: number, event: FrameEvent, input: FrameEventInput): Promise<Applied | null> {
    const outcome = await this.applyChosen(jobId, number, () => event, input);
    return 'change' in outcome ? outcome : null;
  }

  /**
   * Like applyOne, with the event chosen from the row as read (or 'duplicate'/'refused' for
   * none). Returns the change, or the row as it is when nothing was written.
   */
  private async applyChosen(
    jobId: string,
    number: number,
    choose: (frame: Frame) => FrameEvent | 'duplicate' | 'refused',
    input: FrameEventInput,
  ): Promise<Applied | { current: Frame | null }> {
    return this.db.$transaction(async (tx) => {
      const frame = await tx.frame.findUnique({ where: { jobId_number: { jobId, number } } });
      if (!frame) return { current: null };
      const event = choose(frame);
      if (event === 'duplicate' || event === 'refused') return { current: frame };
      const decision = decideFrame(frame, event, input);
      if (!decision.ok) return { current: frame };
      const { change } = decision;
      const result = await tx.frame.updateMany({
        where: { id: frame.id, status: frame.status, workerId: frame.workerId },
        data: change.patch,
      });
      if (result.count === 0) return { current: await tx.frame.findUnique({ where: { id: frame.id } }) };
      await this.addCounters(tx, jobId, change.counters);
      // The row as written: the patch names every column it changes.
      return { frame: { ...frame, ...change.patch } as Frame, change };
    });
  }

  private async addCounters(tx: Tx, jobId: string, delta: CounterDelta): Promise<void> {
    if (!delta.framesDone && !delta.framesFailed && !delta.framesCanceled) return;
    await tx.job.update({
      where: { id: jobId },
      data: {
        framesDone: { increment: delta.framesDone },
        framesFailed: { increment: delta.framesFailed },
        framesCanceled: { increment: delta.framesCanceled },
      },
    });
  }

  /** A failure of this worker on this job; at the limit it is blocklisted for the job. */
  private async countFailure(jobId: string, workerId: string, error: string): Promise<void> {
    const entry = await this.db.blocklist.upsert({
      where: { jobId_workerId: { jobId, workerId } },
      create: { jobId, workerId, failures: 1, lastError: error },
      update: { failures: { increment: 1 }, lastError: error },
    });
    if (entry.failures >= BLOCKLIST_AFTER_FAILURES && !entry.blockedAt) {
      await this.db.blocklist.update({ where: { jobId_workerId: { jobId, workerId } }, data: { blockedAt: this.now() } });
      this.services.log.warn({ jobId, workerId, failures: entry.failures }, 'worker blocklisted for the job');
    }
  }

  /** Publishes changed frames, tells workers to stop revoked ones, settles the job and the workers. */
  private async afterFrameChanges(jobId: string, applied: Applied[], actingWorker?: string, reason?: RevocationReason): Promise<void> {
    const workers = new Set<string>();
    if (actingWorker) workers.add(actingWorker);
    let queued = false;
    for (const { frame, change } of applied) {
      if (change.to !== 'RENDERING' && change.to !== 'ASSIGNED') this.services.progress.clear(jobId, frame.number);
      this.services.log.debug({ jobId, frame: frame.number, from: change.from, to: change.to, workerId: frame.workerId }, 'frame state change');
      this.publishFrame(frame);
      if (change.revokeWorker) {
        workers.add(change.revokeWorker);
        const why = reason ?? (change.to === 'DONE' ? 'DONE_ELSEWHERE' : change.to === 'CANCELED' ? 'CANCELED' : 'REQUEUED');
        this.services.pubsub.publish('frameRevoked', change.revokeWorker, {
          jobId,
          frameNumber: frame.number,
          reason: why,
          message: REVOCATION_MESSAGES[why](frame.number),
        });
      }
      queued ||= change.queued;
    }
    for (const workerId of workers) await this.refreshWorker(workerId);
    // settle publishes the job, changed or not.
    await this.changeJob(jobId, 'settle');
    this.services.pubsub.publish('farmChanged');
    // Frames went back to the queue (anyone may take them); workers are free for their next frame.
    if (queued) this.services.dispatcher.workAvailable();
    for (const workerId of workers) this.services.dispatcher.wake(workerId);
  }

  /** BUSY while it holds frames, IDLE otherwise; OFFLINE stays until it is heard from (`online`). */
  async refreshWorker(workerId: string, online = false): Promise<void> {
    // workerStatusFor(current, held, online) in one statement: BUSY while it holds frames,
    // else IDLE; an OFFLINE worker only when it was heard from.
    const [busy, idle] = [workerStatusFor('IDLE', 1, true), workerStatusFor('BUSY', 0, true)];
    await this.db.$executeRaw`
      UPDATE "Worker"
         SET "status" = CASE WHEN EXISTS (
               SELECT 1 FROM "Frame" f WHERE f."workerId" = ${workerId} AND f."status" IN ('ASSIGNED', 'RENDERING'))
             THEN ${busy} ELSE ${idle} END
       WHERE "id" = ${workerId} AND ("status" <> 'OFFLINE' OR ${online ? 1 : 0} = 1)`;
  }

  private publishFrame(frame: Frame): void {
    this.services.pubsub.publish('frameChanged', frame);
  }
}

const REVOCATION_MESSAGES: Record<RevocationReason, (n: number) => string> = {
  CANCELED: (n) => `frame ${n} was canceled`,
  REQUEUED: (n) => `frame ${n} was requeued`,
  DELETED: (n) => `the job of frame ${n} was deleted`,
  DONE_ELSEWHERE: (n) => `frame ${n} was delivered by another worker`,
  LOST: (n) => `this worker's lease on frame ${n} was lost`,
};
