/**
 * Live per-frame render progress, kept in memory only: it changes with every sample
 * Blender reports, and writing each one to the database would cost a write per line.
 * The database learns of state changes (RENDERING, DONE, FAILED); this holds the
 * percent in between.
 */
export class ProgressTracker {
  private readonly byJob = new Map<string, Map<number, number>>();

  set(jobId: string, frame: number, percent: number): void {
    let frames = this.byJob.get(jobId);
    if (!frames) {
      frames = new Map();
      this.byJob.set(jobId, frames);
    }
    frames.set(frame, Math.min(100, Math.max(0, percent)));
  }

  get(jobId: string, frame: number): number | null {
    return this.byJob.get(jobId)?.get(frame) ?? null;
  }

  clear(jobId: string, frame: number): void {
    const frames = this.byJob.get(jobId);
    if (!frames) return;
    frames.delete(frame);
    if (frames.size === 0) this.byJob.delete(jobId);
  }

  clearJob(jobId: string): void {
    this.byJob.delete(jobId);
  }

  /** How many frames of `jobId` have reported progress and not finished. */
  framesRendering(jobId: string): number {
    return this.byJob.get(jobId)?.size ?? 0;
  }

  /** Sum of the fractions (0..1) of the frames of `jobId` now rendering. */
  partialFrames(jobId: string): number {
    let sum = 0;
    for (const percent of this.byJob.get(jobId)?.values() ?? []) sum += percent / 100;
    return sum;
  }
}
