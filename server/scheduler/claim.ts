import type { Db } from '../db.ts';

export interface ClaimedFrame {
  id: number;
  jobId: string;
  number: number;
}

/**
 * Claims the next queued frame for a worker, or returns null when there is none.
 *
 * Why two workers can never get the same frame: the choice and the booking are one
 * UPDATE statement. SQLite runs one writing statement at a time, so the sub-select
 * and the update see the same rows and no other claim can interleave; the repeated
 * `status = 'QUEUED'` guard keeps the statement a compare-and-set should this ever
 * run where writers do interleave. (PostgreSQL will want `FOR UPDATE SKIP LOCKED` in
 * the sub-select so concurrent claims skip each other's rows instead of waiting.)
 *
 * Order: older jobs first, then lower frame numbers, so an animation fills in from its start.
 */
export async function claimNextFrame(db: Db, workerId: string, now: Date): Promise<ClaimedFrame | null> {
  const rows = await db.$queryRaw<ClaimedFrame[]>`
    UPDATE "Frame"
       SET "status" = 'ASSIGNED', "workerId" = ${workerId}, "assignedAt" = ${now},
           "attempts" = "attempts" + 1, "error" = NULL, "logTail" = NULL
     WHERE "status" = 'QUEUED'
       AND "id" = (
         SELECT f."id"
           FROM "Frame" f
           JOIN "Job" j ON j."id" = f."jobId"
          WHERE f."status" = 'QUEUED' AND j."status" IN ('QUEUED', 'RUNNING')
          ORDER BY j."createdAt" ASC, j."id" ASC, f."number" ASC
          LIMIT 1)
    RETURNING "id", "jobId", "number"`;
  const row = rows[0];
  return row ? { id: Number(row.id), jobId: row.jobId, number: Number(row.number) } : null;
}
