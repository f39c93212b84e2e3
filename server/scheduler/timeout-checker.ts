import type { Db } from '../db.ts';
import type { Logger } from '../logger.ts';
import type { Clock, FrameStore } from './frame-store.ts';
import type { WorkerSightings } from './worker-sightings.ts';

export interface TimeoutCheckerOptions {
  /** A worker silent this long loses its lease: OFFLINE, its frames back to the queue. */
  workerTimeoutS: number;
  /** When this server started: nobody is timed out before it has been up for workerTimeoutS. */
  startedAt: Date;
  /** How often to look. */
  intervalMs: number;
  now?: Clock;
  /** Other calls from workers: one seen within the timeout keeps its lease (its heartbeat is stamped now). */
  sightings?: WorkerSightings;
}

/**
 * Stale-lease recovery. A frame a worker holds is a lease its heartbeats keep alive; when
 * they stop for FARM_WORKER_TIMEOUT_S the worker is marked OFFLINE and its frames go back
 * to the queue (FrameStore.loseWorker). Heartbeats are stamped in the database, so this
 * survives a server restart: after one, every worker gets a full timeout from the server's
 * start to reconnect before its frames are taken away.
 */
export class TimeoutChecker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly now: Clock;

  constructor(
    private readonly db: Db,
    private readonly frames: FrameStore,
    private readonly log: Logger,
    private readonly opts: TimeoutCheckerOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  /** One pass: the workers found silent and timed out, by id. */
  async check(): Promise<string[]> {
    const now = this.now();
    const cutoff = new Date(now.getTime() - this.opts.workerTimeoutS * 1000);
    if (this.opts.startedAt > cutoff) return [];
    const silent = await this.db.worker.findMany({
      where: { status: { not: 'OFFLINE' }, lastHeartbeatAt: { lt: cutoff } },
      select: { id: true, name: true, lastHeartbeatAt: true },
    });
    const lost: string[] = [];
    for (const worker of silent) {
      const seenAt = this.opts.sightings?.lastSeenAt(worker.id);
      if (seenAt && seenAt >= cutoff) {
        // Its heartbeats are late but its uploads or reports are not: stuck in line, not lost.
        await this.frames.heartbeat(worker.id);
        continue;
      }
      lost.push(worker.id);
      const seconds = Math.round((now.getTime() - worker.lastHeartbeatAt.getTime()) / 1000);
      await this.frames.loseWorker(worker.id, `worker ${worker.name} sent no heartbeat for ${seconds} s`);
    }
    return lost;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.check())
        .catch((error: unknown) => this.log.error({ err: error }, 'lease check failed'));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
