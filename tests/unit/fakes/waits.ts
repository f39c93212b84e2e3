/**
 * Waiting in a fake for something the code under test does (a call, a render), woken by the
 * fake as things happen rather than by polling; bounded, so a test that waits for what never
 * comes fails saying what it waited for instead of at the runner's timeout.
 */
export class Waits {
  private readonly waiting: Array<{ happened: () => boolean; resolve: () => void }> = [];

  constructor(
    /** How long a wait lasts before it fails. */
    private readonly limitMs: number,
    /** What did happen, for the failure message. */
    private readonly sofar: () => string,
  ) {}

  /** Resolves once `happened()` is true, checked now and at each `changed()`. */
  until(what: string, happened: () => boolean): Promise<void> {
    if (happened()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const limit = setTimeout(() => reject(new Error(`waited ${this.limitMs} ms for ${what}; ${this.sofar()}`)), this.limitMs);
      this.waiting.push({
        happened,
        resolve: () => {
          clearTimeout(limit);
          resolve();
        },
      });
    });
  }

  /** Something happened: wakes the waits it satisfies. */
  changed(): void {
    for (const waiter of [...this.waiting]) {
      if (!waiter.happened()) continue;
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
