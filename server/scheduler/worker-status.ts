import type { Db } from '../db.ts';
import { ONLINE_WORKER_STATUSES, workerStatusFor } from './state-machine.ts';
import { workerStatusStatement } from './worker-status-sql.ts';

export interface WorkerStatusNeeds {
  db: Db;
}

/**
 * A worker's status follows the frames it holds: BUSY while it holds any, IDLE otherwise
 * (workerStatusFor). OFFLINE is set by its lease (worker-leases.ts) and stays until it is
 * heard from. Written here only, by frame changes, claims, leases and job deletion.
 */
export class WorkerStatusWrites {
  constructor(private readonly needs: WorkerStatusNeeds) {}

  /** BUSY while it holds frames, IDLE otherwise; OFFLINE stays until it is heard from (`online`). */
  async refresh(workerId: string, online = false): Promise<void> {
    await this.needs.db.$executeRaw(workerStatusStatement(workerId, online));
  }

  /** It was just given a frame: an IDLE worker is BUSY now, in one conditional write. */
  async claimed(workerId: string): Promise<void> {
    await this.needs.db.worker.updateMany({ where: { id: workerId, status: 'IDLE' }, data: { status: workerStatusFor('IDLE', 1, false) } });
  }

  /**
   * Its lease is over (lost or signed off): it gets no frames until it is heard from. With
   * `silentBefore` (a lost lease), only if it is still online and silent since before then:
   * a heartbeat that landed after the lease checker looked keeps the lease. Whether it was
   * written.
   */
  async offline(workerId: string, silentBefore?: Date): Promise<boolean> {
    const still = silentBefore ? { status: { in: [...ONLINE_WORKER_STATUSES] }, lastHeartbeatAt: { lt: silentBefore } } : {};
    const { count } = await this.needs.db.worker.updateMany({ where: { id: workerId, ...still }, data: { status: 'OFFLINE' } });
    return count > 0;
  }
}
