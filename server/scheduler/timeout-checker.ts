import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../logger.ts';
import type { WorkerLeases } from './worker-leases.ts';
import type { WorkerSightings } from './worker-sightings.ts';
import { ONLINE_WORKER_STATUSES } from './state-machine.ts';

export interface TimeoutCheckerNeeds {
  db: Db;
  leases: Pick<WorkerLeases, 'lose' | 'sighted'>;
  log: Logger;
  clock: Clock;
  /** Other calls from workers: one seen within the timeout keeps its lease, from the time it was seen. */
  sightings?: Pick<WorkerSightings, 'lastSeenAt'>;
}

export interface TimeoutCheckerOptions {
  /** A worker silent this long loses its lease: OFFLINE, its frames back to the queue. */
  workerTimeoutS: number;
  /** When this server started: nobody is timed out before it has been up for workerTimeoutS. */
  startedAt: Date;
  /** How often to look. */
  intervalMs: number;
}

/**
 * Stale-lease recovery. A frame a worker holds is a lease its heartbeats keep alive; when
 * they stop for FARM_WORKER_TIMEOUT_S the worker is marked OFFLINE and its frames go back
 * to the queue (WorkerLeases.lose). Heartbeats are stamped in the database, so this
 * survives a server restart: after one, every worker gets a full timeout from the server's
 * start to reconnect before its frames are taken away.
 */
export class TimeoutChecker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly needs: TimeoutCheckerNeeds,
    private readonly opts: TimeoutCheckerOptions,
  ) {}

  /** One pass: the workers found silent and timed out, by id. */
  async check(): Promise<string[]> {
    const now = this.needs.clock();
    const cutoff = new Date(now.getTime() - this.opts.workerTimeoutS * 1000);
    if (this.opts.startedAt > cutoff) return [];
    const silent = await this.needs.db.worker.findMany({
      where: { status: { in: [...ONLINE_WORKER_STATUSES] }, lastHeartbeatAt: { lt: cutoff } },
      select: { id: true, name: true, lastHeartbeatAt: true },
    });
    const lost: string[] = [];
    for (const worker of silent) {
      const seenAt = this.needs.sightings?.lastSeenAt(worker.id);
      if (seenAt && seenAt >= cutoff) {
        // Its heartbeats are late but its uploads or reports are not: stuck in line, not lost.
        // Its lease runs from when it was seen, not from now (that would give it up to twice the timeout).
        await this.needs.leases.sighted(worker.id, seenAt);
        continue;
      }
      const seconds = Math.round((now.getTime() - worker.lastHeartbeatAt.getTime()) / 1000);
      const released = await this.needs.leases.lose(worker.id, `worker ${worker.name} sent no heartbeat for ${seconds} s`, cutoff);
      if (released !== null) lost.push(worker.id);
    }
    return lost;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.check())
        .catch((error: unknown) => this.needs.log.error({ err: error }, 'lease check failed'));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
