/**
 * Wakes the workers' assignment streams when there may be work for them.
 *
 * Two kinds of news: `workAvailable()` — frames were queued (a job submitted, resumed or
 * requeued, a lost worker's frames back in the queue, tags or blocklists changed) — wakes
 * every waiting stream; `wake(workerId)` — this worker is free for its next frame (it
 * delivered or failed one, or began uploading one) — wakes only that worker's stream. A
 * frame finishing does not wake the other 499 idle workers of a big farm to look for work
 * that is not there.
 *
 * A snapshot closes the race between "found nothing to claim" and "started waiting": a
 * stream takes a snapshot before it looks for work, and waitSince() returns at once if
 * anything for it was announced after that.
 *
 * It also knows which frames are being uploaded, in memory: a frame being uploaded no longer
 * keeps its worker from being given the next one, so Blender starts on the next frame while
 * the previous one is still on the wire.
 */
export interface Snapshot {
  all: number;
  mine: number;
}

export class Dispatcher {
  private generation = 0;
  private readonly perWorker = new Map<string, number>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly uploading = new Set<number>();

  snapshot(workerId: string): Snapshot {
    return { all: this.generation, mine: this.perWorker.get(workerId) ?? 0 };
  }

  workAvailable(): void {
    this.generation += 1;
    for (const workerId of [...this.waiters.keys()]) this.wakeWaiters(workerId);
  }

  wake(workerId: string): void {
    this.perWorker.set(workerId, (this.perWorker.get(workerId) ?? 0) + 1);
    this.wakeWaiters(workerId);
  }

  waitSince(workerId: string, snapshot: Snapshot, stop: Promise<unknown>): Promise<void> {
    const now = this.snapshot(workerId);
    if (now.all !== snapshot.all || now.mine !== snapshot.mine) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let waiting = this.waiters.get(workerId);
      if (!waiting) {
        waiting = new Set();
        this.waiters.set(workerId, waiting);
      }
      const wake = () => resolve();
      waiting.add(wake);
      void stop.then(() => {
        this.waiters.get(workerId)?.delete(wake);
        resolve();
      });
    });
  }

  /** A worker started uploading this frame: it may be given its next one. */
  uploadStarted(frameId: number, workerId: string): void {
    this.uploading.add(frameId);
    this.wake(workerId);
  }

  uploadEnded(frameId: number): void {
    this.uploading.delete(frameId);
  }

  isUploading(frameId: number): boolean {
    return this.uploading.has(frameId);
  }

  /** Forgets a worker's counters once nothing waits on it (its stream ended). */
  forget(workerId: string): void {
    if (!this.waiters.get(workerId)?.size) {
      this.waiters.delete(workerId);
      this.perWorker.delete(workerId);
    }
  }

  private wakeWaiters(workerId: string): void {
    const waiting = this.waiters.get(workerId);
    if (!waiting) return;
    this.waiters.delete(workerId);
    for (const wake of waiting) wake();
  }
}
