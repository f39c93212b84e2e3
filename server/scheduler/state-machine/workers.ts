/**
 * Worker:
 *   (registered) ------------------------------------> IDLE
 *   IDLE, BUSY --heartbeats stopped or signed off--> OFFLINE (its frames: lose / handBack)
 *   OFFLINE    --heard from (a heartbeat)------------> IDLE / BUSY
 *   IDLE <-> BUSY as it holds frames; an OFFLINE worker is given no frames.
 */

export const WORKER_STATUSES = ['IDLE', 'BUSY', 'OFFLINE'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

/** Workers with a lease: given frames by the claim, watched by the timeout checker. */
export const ONLINE_WORKER_STATUSES = ['IDLE', 'BUSY'] as const satisfies readonly WorkerStatus[];

/**
 * The one derivation of IDLE and BUSY: BUSY while it holds frames, else IDLE; OFFLINE stays
 * OFFLINE until the worker is heard from. A new worker is one heard from that holds nothing
 * (`workerStatusFor('OFFLINE', 0, true)`); going OFFLINE is the lose and handBack events' own
 * outcome. worker-status-sql.ts writes this function's table as SQL.
 */
export function workerStatusFor(current: WorkerStatus, heldFrames: number, heardFrom: boolean): WorkerStatus {
  if (current === 'OFFLINE' && !heardFrom) return 'OFFLINE';
  return heldFrames > 0 ? 'BUSY' : 'IDLE';
}
