/**
 * Wakes the workers' assignment streams when there may be work for them: a job was
 * submitted, a frame finished (its worker is free) or went back to the queue.
 *
 * A generation counter closes the race between "found nothing to claim" and "started
 * waiting": a stream reads the generation before it looks for work, and waitSince()
 * returns at once if anything was announced after that read.
 */
export class Dispatcher {
  private generation = 0;
  private waiters = new Set<() => void>();

  get current(): number {
    return this.generation;
  }

  workAvailable(): void {
    this.generation += 1;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  waitSince(generation: number, stop: Promise<unknown>): Promise<void> {
    if (generation !== this.generation) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => resolve();
      this.waiters.add(wake);
      void stop.then(() => {
        this.waiters.delete(wake);
        resolve();
      });
    });
  }
}
