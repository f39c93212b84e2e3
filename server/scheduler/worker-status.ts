import { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../db.ts';
import { HELD_FRAME_STATUSES, workerStatusFor } from './state-machine.ts';

export interface WorkerStatusNeeds {
  db: Db;
}

/**
 * A worker's status follows the frames it holds: BUSY while it holds any, IDLE otherwise
 * (workerStatusFor). OFFLINE is set by its lease (worker-leases.ts) and stays until it is
 * heard from. Written here only, by frame changes, claims, leases and job deletion.
 */
export class WorkerStatus {
  constructor(private readonly needs: WorkerStatusNeeds) {}

  /** BUSY while it holds frames, IDLE otherwise; OFFLINE stays until it is heard from (`online`). */
  async refresh(workerId: string, online = false): Promise<void> {
    // workerStatusFor(current, held, online) in one statement: BUSY while it holds frames,
    // else IDLE; an OFFLINE worker only when it was heard from.
    const [busy, idle] = [workerStatusFor('IDLE', 1, true), workerStatusFor('BUSY', 0, true)];
    await this.needs.db.$executeRaw`
      UPDATE "Worker"
         SET "status" = CASE WHEN EXISTS (
               SELECT 1 FROM "Frame" f WHERE f."workerId" = ${workerId} AND f."status" IN (${Prisma.join(HELD_FRAME_STATUSES)}))
             THEN ${busy} ELSE ${idle} END
       WHERE "id" = ${workerId} AND ("status" <> 'OFFLINE' OR ${online ? 1 : 0} = 1)`;
  }

  /** It was just given a frame: an IDLE worker is BUSY now, in one conditional write. */
  async claimed(workerId: string): Promise<void> {
    await this.needs.db.worker.updateMany({ where: { id: workerId, status: 'IDLE' }, data: { status: workerStatusFor('IDLE', 1, false) } });
  }

  /** Its lease is over (lost or signed off): it gets no frames until it is heard from. */
  async offline(workerId: string): Promise<void> {
    await this.needs.db.worker.update({ where: { id: workerId }, data: { status: 'OFFLINE' } });
  }
}
