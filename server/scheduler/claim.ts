import type { Db } from '../db.ts';
import { decideFrame, framesThatAllow } from './state-machine.ts';

export interface ClaimedFrame {
  id: number;
  jobId: string;
  number: number;
}

/**
 * Claims the next frame a worker may render, or returns null when there is none.
 *
 * Why two workers can never get the same frame: the choice and the booking are one
 * UPDATE statement. SQLite runs one writing statement at a time, so the sub-select
 * and the update see the same rows and no other claim can interleave; the repeated
 * status guard keeps the statement a compare-and-set should this ever run where writers
 * do interleave. (PostgreSQL will want `FOR UPDATE SKIP LOCKED` in the sub-select so
 * concurrent claims skip each other's rows instead of waiting.)
 *
 * Which frame: only of jobs that are QUEUED or RUNNING (not PAUSED or finished), whose
 * required tags the worker all has, and that the worker is not blocklisted for; and only
 * for a worker that is not OFFLINE (a worker whose lease was lost gets nothing until it is
 * heard from again). Order: higher job priority first, then older jobs, then lower frame
 * numbers, so an animation fills in from its start.
 *
 * Cost: the job is chosen first among the open jobs (a small table), then its lowest queued
 * frame straight from the (status, jobId, number) index. Sorting every queued frame of the
 * farm by its job's priority instead made each claim O(queued frames): with a 10,000-frame
 * job and 500 workers the server fell behind and its memory grew past 2 GB (many-workers
 * benchmark).
 */
export async function claimNextFrame(db: Db, workerId: string, now: Date): Promise<ClaimedFrame | null> {
  const [from] = framesThatAllow('assign');
  const decision = decideFrame({ status: from!, workerId: null, failures: 0 }, 'assign', { now, workerId });
  if (!decision.ok) throw new Error(`claim: ${decision.reason}`);
  const { patch } = decision.change;
  const rows = await db.$queryRaw<ClaimedFrame[]>`
    UPDATE "Frame"
       SET "status" = ${patch.status}, "workerId" = ${workerId}, "assignedAt" = ${now},
           "startedAt" = NULL, "finishedAt" = NULL, "attempts" = "attempts" + 1
     WHERE "status" = ${from}
       AND "id" = (
         SELECT f."id"
           FROM "Frame" f
          WHERE f."status" = ${from}
            AND f."jobId" = (
              SELECT j."id"
                FROM "Job" j
                JOIN "Worker" w ON w."id" = ${workerId}
               WHERE j."status" IN ('QUEUED', 'RUNNING')
                 AND w."status" <> 'OFFLINE'
                 AND EXISTS (SELECT 1 FROM "Frame" q WHERE q."status" = ${from} AND q."jobId" = j."id")
                 AND NOT EXISTS (
                   SELECT 1 FROM json_each(j."requiredTags") need
                    WHERE need.value NOT IN (SELECT have.value FROM json_each(w."tags") have))
                 AND NOT EXISTS (
                   SELECT 1 FROM "Blocklist" b
                    WHERE b."jobId" = j."id" AND b."workerId" = w."id" AND b."blockedAt" IS NOT NULL)
               ORDER BY j."priority" DESC, j."createdAt" ASC, j."id" ASC
               LIMIT 1)
          ORDER BY f."number" ASC
          LIMIT 1)
    RETURNING "id", "jobId", "number"`;
  const row = rows[0];
  return row ? { id: Number(row.id), jobId: row.jobId, number: Number(row.number) } : null;
}
