import type { Clock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Logger } from '../logger.ts';

/** A worker that fails this many frames of one job gets no more frames of it. */
export const BLOCKLIST_AFTER_FAILURES = 3;

export interface BlocklistNeeds {
  db: Db;
  log: Logger;
  clock: Clock;
}

/**
 * Every write to the blocklist: a worker's failures on one job, and its block once they
 * reach BLOCKLIST_AFTER_FAILURES. The claim query (claim.ts) reads it; a person's requeue
 * or clearBlocklist forgives.
 */
export class Blocklist {
  constructor(private readonly needs: BlocklistNeeds) {}

  /** A failure of this worker on this job; at the limit it is blocked from the job. */
  async countFailure(jobId: string, workerId: string, error: string): Promise<void> {
    const { db } = this.needs;
    const entry = await db.blocklist.upsert({
      where: { jobId_workerId: { jobId, workerId } },
      create: { jobId, workerId, failures: 1, lastError: error },
      update: { failures: { increment: 1 }, lastError: error },
    });
    if (entry.failures >= BLOCKLIST_AFTER_FAILURES && !entry.blockedAt) {
      await db.blocklist.update({ where: { jobId_workerId: { jobId, workerId } }, data: { blockedAt: this.needs.clock() } });
      this.needs.log.warn({ jobId, workerId, failures: entry.failures }, 'worker blocklisted for the job');
    }
  }

  /** Forgets the failures on a job of one worker, or of every worker: how many entries went. */
  async forgive(jobId: string, workerId: string | null = null): Promise<number> {
    const { count } = await this.needs.db.blocklist.deleteMany({ where: { jobId, ...(workerId ? { workerId } : {}) } });
    return count;
  }
}
