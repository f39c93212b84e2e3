import { Prisma } from '../generated/prisma/client.ts';
import { HELD_FRAME_STATUSES, WORKER_STATUSES, workerStatusFor } from './state-machine.ts';

/**
 * The one statement that brings a worker's status up to date with the frames it holds, written
 * from workerStatusFor itself: for each status the worker may be in, what the function says it
 * becomes holding frames and holding none. Done in SQL so that counting its frames and writing
 * its status are one statement, with no frame change slipping in between. `heardFrom`: the
 * worker just called (a heartbeat), which brings an OFFLINE worker back.
 */
export function workerStatusStatement(workerId: string, heardFrom: boolean): Prisma.Sql {
  const holds = Prisma.sql`EXISTS (
    SELECT 1 FROM "Frame" f WHERE f."workerId" = ${workerId} AND f."status" IN (${Prisma.join(HELD_FRAME_STATUSES)}))`;
  const table = WORKER_STATUSES.map((current) => ({
    current,
    holding: workerStatusFor(current, 1, heardFrom),
    free: workerStatusFor(current, 0, heardFrom),
  }));
  // Statuses the function leaves as they are, holding frames or not (OFFLINE, unless heard
  // from), are not written at all. IDLE holding frames always changes, so the list is never empty.
  const changing = table.filter((row) => row.holding !== row.current || row.free !== row.current);
  const cases = changing.map(
    (row) => Prisma.sql`WHEN ${row.current} THEN CASE WHEN ${holds} THEN ${row.holding} ELSE ${row.free} END`,
  );
  return Prisma.sql`
    UPDATE "Worker"
       SET "status" = CASE "status" ${Prisma.join(cases, ' ')} END
     WHERE "id" = ${workerId} AND "status" IN (${Prisma.join(changing.map((row) => row.current))})`;
}
