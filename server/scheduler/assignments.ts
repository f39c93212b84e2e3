import type { Frame, Job } from '../generated/prisma/client.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { FarmPubSub } from '../pubsub.ts';
import { claimNextFrame } from './claim.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { FrameTransitions } from './frame-transitions.ts';
import type { JobTransitions } from './job-transitions.ts';
import type { WorkerStatusWrites } from './worker-status.ts';

/** A frame handed to a worker, with its job: everything it needs to render it. */
export interface Assignment {
  frame: Frame;
  job: Job;
}

export interface AssignmentsNeeds {
  db: Db;
  pubsub: FarmPubSub;
  dispatcher: Pick<Dispatcher, 'isUploading' | 'snapshot' | 'waitSince' | 'forget'>;
  clock: Clock;
  frames: Pick<FrameTransitions, 'held'>;
  jobs: Pick<JobTransitions, 'change'>;
  workers: Pick<WorkerStatusWrites, 'claimed'>;
}

/**
 * Which frame a worker renders next, for pollJob and the assignments stream alike: the
 * frame it holds and has not rendered yet, given back (it may have restarted or
 * reconnected), else the next one booked for it (claim.ts).
 */
export class Assignments {
  constructor(private readonly needs: AssignmentsNeeds) {}

  /**
   * The held frame re-delivered, or the next one claimed; null when there is nothing. A
   * frame it is uploading does not count: the worker can render the next one meanwhile (it
   * then holds one frame it is not rendering, at most).
   */
  async next(workerId: string): Promise<Assignment | null> {
    const held = (await this.needs.frames.held(workerId)).find((f) => !this.needs.dispatcher.isUploading(f.id));
    if (!held) return this.claim(workerId);
    return { frame: held, job: await this.needs.db.job.findUniqueOrThrow({ where: { id: held.jobId } }) };
  }

  /**
   * The assignments stream of one worker until `stop`: each frame once per attempt, the next
   * when the dispatcher says there may be one (the worker failed or began uploading the one
   * it holds, or frames were queued). A frame it holds comes again only on a new stream.
   */
  async *stream(workerId: string, stop: Promise<unknown>): AsyncGenerator<Assignment> {
    const { dispatcher } = this.needs;
    let stopped = false;
    void stop.then(() => {
      stopped = true;
    });
    // Keys of the attempts sent; the last 64 are enough to never send one twice in a row.
    const sent = new Set<string>();
    try {
      while (!stopped) {
        const snapshot = dispatcher.snapshot(workerId);
        const assignment = await this.next(workerId);
        const key = assignment ? `${assignment.frame.id}:${assignment.frame.attempts}` : null;
        if (assignment && key && !sent.has(key)) {
          sent.add(key);
          if (sent.size > 64) sent.delete(sent.values().next().value!);
          yield assignment;
        } else {
          await dispatcher.waitSince(workerId, snapshot, stop);
        }
      }
    } finally {
      dispatcher.forget(workerId);
    }
  }

  /** Books the next frame this worker may render, whatever it holds; null when there is none. */
  async claim(workerId: string): Promise<Assignment | null> {
    const { db } = this.needs;
    const claimed = await claimNextFrame(db, workerId, this.needs.clock());
    if (!claimed) return null;
    const frame = await db.frame.findUniqueOrThrow({ where: { id: claimed.id } });
    this.needs.pubsub.publish('frameChanged', frame);
    await this.needs.workers.claimed(workerId);
    let job = await db.job.findUniqueOrThrow({ where: { id: frame.jobId } });
    // Its first frame handed out: QUEUED --start--> RUNNING.
    if (job.status === 'QUEUED') job = (await this.needs.jobs.change(job.id, 'start')) ?? job;
    return { frame, job };
  }
}
