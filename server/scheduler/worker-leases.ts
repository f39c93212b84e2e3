import type { Frame } from '../generated/prisma/client.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../logger.ts';
import type { FarmPubSub } from '../pubsub.ts';
import type { Dispatcher } from './dispatcher.ts';
import type { FrameTransitions } from './frame-transitions.ts';
import type { WorkerStatusWrites } from './worker-status.ts';

export interface WorkerLeasesNeeds {
  db: Db;
  pubsub: FarmPubSub;
  dispatcher: Pick<Dispatcher, 'wake'>;
  log: Logger;
  clock: Clock;
  frames: Pick<FrameTransitions, 'releaseHeld'>;
  workers: Pick<WorkerStatusWrites, 'refresh' | 'offline'>;
}

/**
 * A worker's lease on the frames it holds: its heartbeats keep it (stamped in
 * Worker.lastHeartbeatAt, so a restart keeps them too); it ends when the worker signs off
 * or is lost (timeout-checker.ts), and its frames go back to the queue.
 */
export class WorkerLeases {
  constructor(private readonly needs: WorkerLeasesNeeds) {}

  /** A heartbeat: the lease goes on; a worker that was OFFLINE is back. */
  async heartbeat(workerId: string): Promise<void> {
    const worker = await this.needs.db.worker.update({ where: { id: workerId }, data: { lastHeartbeatAt: this.needs.clock() } });
    if (worker.status === 'OFFLINE') {
      await this.needs.workers.refresh(workerId, true);
      this.needs.log.info({ workerId, worker: worker.name }, 'worker back online');
      this.needs.dispatcher.wake(workerId);
    }
  }

  /**
   * The worker was heard from at `seenAt` by another call (an upload, a poll): its lease
   * runs from then, as from a heartbeat sent at that moment. Stamped with the time it was
   * seen, not the time it is noticed, so a worker that then vanishes is lost
   * FARM_WORKER_TIMEOUT_S after that call, not up to twice that. Never moves the stamp back.
   */
  async sighted(workerId: string, seenAt: Date): Promise<void> {
    await this.needs.db.worker.updateMany({ where: { id: workerId, lastHeartbeatAt: { lt: seenAt } }, data: { lastHeartbeatAt: seenAt } });
  }

  /**
   * A worker whose heartbeats stopped before `silentBefore`: OFFLINE, and its frames go back
   * to the queue; the frames released. Null, and nothing changed, if it was heard from since
   * (a heartbeat racing the check).
   */
  async lose(workerId: string, why: string, silentBefore: Date): Promise<Frame[] | null> {
    if (!(await this.needs.workers.offline(workerId, silentBefore))) return null;
    return this.release(workerId, 'lose', why);
  }

  /** A worker shutting down hands its frames back at once: not a failure. */
  async signOff(workerId: string): Promise<Frame[]> {
    await this.needs.workers.offline(workerId);
    return this.release(workerId, 'handBack', 'the worker signed off');
  }

  private async release(workerId: string, event: 'lose' | 'handBack', why: string): Promise<Frame[]> {
    const released = await this.needs.frames.releaseHeld(workerId, event, why);
    const frames = released.map((f) => `${f.jobId}:${f.number}`);
    this.needs.log.info({ workerId, frames, why }, `worker ${event === 'lose' ? 'lost' : 'signed off'}`);
    this.needs.pubsub.publish('farmChanged');
    return released;
  }
}
