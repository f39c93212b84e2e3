import type { Clock } from '../clock.ts';

/**
 * When each worker was last heard from by any authenticated call (an upload, a progress
 * report, a claim), kept in memory. Heartbeats are the lease's proof of life, but on a
 * saturated server a heartbeat request can wait in line behind uploads for longer than the
 * timeout (seen in bench/many-workers.ts: 500 workers, one declared lost and its frame
 * rendered twice while its uploads kept arriving). The timeout checker asks here before
 * taking a lease away: a worker that is still delivering frames is not lost.
 */
// One entry per worker ever heard from since the start: as many as the farm has workers.
export class WorkerSightings {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  seen(workerId: string): void {
    this.lastSeen.set(workerId, this.clock().getTime());
  }

  /** The last time the worker called, or null when it has not since this server started. */
  lastSeenAt(workerId: string): Date | null {
    const at = this.lastSeen.get(workerId);
    return at === undefined ? null : new Date(at);
  }
}
