import type { Db } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import {
  CLAIMABLE_JOB_STATUSES,
  decideFrame,
  type FramePatch,
  framesThatAllow,
  type Increment,
  ONLINE_WORKER_STATUSES,
} from './state-machine.ts';

export interface ClaimedFrame {
  id: number;
  jobId: string;
  number: number;
}

/** Claims the next frame a worker may render, or returns null when there is none. */
export async function claimNextFrame(db: Db, workerId: string, now: Date): Promise<ClaimedFrame | null> {
  const rows = await db.$queryRaw<ClaimedFrame[]>(claimStatement(workerId, now));
  const row = rows[0];
  return row ? { id: Number(row.id), jobId: row.jobId, number: Number(row.number) } : null;
}

/**
 * The claim as one statement, built from the state machine: the statuses it matches are its
 * sets (frames that allow `assign`, claimable jobs, online workers) and its SET list is the
 * `assign` patch, column by column, so a rule added to the patch reaches the SQL by itself.
 *
 * Why two workers can never get the same frame: the choice and the booking are one
 * UPDATE statement. SQLite runs one writing statement at a time, so the sub-select
 * and the update see the same rows and no other claim can interleave; the repeated
 * status guard keeps the statement a compare-and-set should this ever run where writers
 * do interleave. (PostgreSQL will want `FOR UPDATE SKIP LOCKED` in the sub-select so
 * concurrent claims skip each other's rows instead of waiting.)
 *
 * Which frame: only of jobs that are claimable (QUEUED or RUNNING: not PAUSED or finished), whose
 * required tags the worker all has, and that the worker is not blocklisted for; and only
 * for a worker that is online (a worker whose lease was lost gets nothing until it is
 * heard from again). Order: higher job priority first, then older jobs, then lower frame
 * numbers, so an animation fills in from its start.
 *
 * Cost: the job is chosen first among the open jobs (a small table), then its lowest queued
 * frame straight from the (status, jobId, number) index. Sorting every queued frame of the
 * farm by its job's priority instead made each claim O(queued frames): with a 10,000-frame
 * job and 500 workers the server fell behind and its memory grew past 2 GB (many-workers
 * benchmark). SQLite reads `IN` of a single value as `=`, so the index serves as before.
 */
export function claimStatement(workerId: string, now: Date): Prisma.Sql {
  const from = framesThatAllow('assign');
  const decision = decideFrame({ status: from[0]!, workerId: null, failures: 0 }, 'assign', { now, workerId });
  if (!decision.ok) throw new Error(`claim: ${decision.reason}`);
  const claimable = Prisma.join(from);
  return Prisma.sql`
    UPDATE "Frame"
       SET ${setList(decision.change.patch)}
     WHERE "status" IN (${claimable})
       AND "id" = (
         SELECT f."id"
           FROM "Frame" f
          WHERE f."status" IN (${claimable})
            AND f."jobId" = (
              SELECT j."id"
                FROM "Job" j
                JOIN "Worker" w ON w."id" = ${workerId}
               WHERE j."status" IN (${Prisma.join(CLAIMABLE_JOB_STATUSES)})
                 AND w."status" IN (${Prisma.join(ONLINE_WORKER_STATUSES)})
                 AND EXISTS (SELECT 1 FROM "Frame" q WHERE q."status" IN (${claimable}) AND q."jobId" = j."id")
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
}

/** A frame patch as a SET list: `"column" = value` for each column it names, increments counted up in place. */
export function setList(patch: FramePatch): Prisma.Sql {
  const assignments = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]: [string, unknown]) => {
      const name = Prisma.raw(quotedColumn(column));
      return isIncrement(value) ? Prisma.sql`${name} = ${name} + ${value.increment}` : Prisma.sql`${name} = ${value}`;
    });
  return Prisma.join(assignments, ', ');
}

// Column names cannot be parameters: they come from FramePatch's keys, and this keeps anything
// else (a quote, a space) from ever reaching the statement.
function quotedColumn(column: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(column)) throw new Error(`claim: "${column}" is not a frame column`);
  return `"${column}"`;
}

function isIncrement(value: unknown): value is Increment {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && 'increment' in value;
}
