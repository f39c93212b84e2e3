import type { Logger } from 'pino';
import type { FrameRevocationsSubscription } from '../common/graphql/generated/graphql.ts';
import { type Assignment, type FrameInHand, FramesInHand } from './frames-in-hand.ts';
import { frameLog, type OneFrame } from './one-frame.ts';
import { findUndelivered, type RenderedFrame } from './undelivered.ts';

type Revocation = FrameRevocationsSubscription['frameRevocations'];

/**
 * What the worker does with the frames the server gives it and takes back: each held in hand
 * (frames-in-hand.ts decides what an assignment or a revocation changes), worked through one
 * at a time (one Blender per worker), and handed back, delivered or failed, to the server.
 */
export class FrameLoop {
  private readonly frames = new FramesInHand();
  private draining = false;
  private uploads: Promise<void> = Promise.resolve();

  constructor(
    private readonly oneFrame: OneFrame,
    private readonly log: Logger,
  ) {}

  /** Uploads, one after the other, beside rendering; settles once the last one queued is over. */
  get deliveries(): Promise<void> {
    return this.uploads;
  }

  /** An assignment from the server: queued, unless this worker has that very attempt in hand. */
  take(a: Assignment, signal: AbortSignal): void {
    const { queued, revoked } = this.frames.assign(a);
    if (revoked) this.logRevoked(revoked, `assigned again (attempt ${a.frame.attempts})`);
    if (queued) void this.drain(signal);
  }

  /** The server took a frame back: stopped at once if it is queued or rendering here. */
  revoke(r: Revocation): void {
    const revoked = this.frames.revoke(r.jobId, r.frameNumber);
    if (revoked) {
      this.logRevoked(revoked, r.message);
      return;
    }
    // Rendered already: its upload goes on, and the server takes it or says it is not wanted.
    this.log.debug({ jobId: r.jobId, frameNumber: r.frameNumber, reason: r.reason }, `revocation of a frame not rendering here: ${r.message}`);
  }

  /**
   * Frames an earlier run rendered and did not deliver go first in the queue: delivered one by
   * one like any other, so the same frame, when the server assigns it again, is not rendered
   * again (and its file not overwritten) while its upload is under way.
   */
  async queueUndelivered(framesDir: string, signal: AbortSignal): Promise<void> {
    const { frames, unreadable } = await findUndelivered(framesDir);
    for (const note of unreadable) this.log.warn(`ignoring ${note}: not a note of an undelivered frame`);
    for (const rendered of frames) {
      const frame = this.frames.addRendered(rendered);
      frameLog(this.log, frame).info(`frame ${frame.frameNumber} of job ${frame.jobId} was rendered before the worker stopped; delivering it`);
    }
    if (frames.length > 0) void this.drain(signal);
  }

  private logRevoked(frame: FrameInHand, why: string): void {
    frameLog(this.log, frame).info(`frame ${frame.frameNumber} of job ${frame.jobId} revoked: ${why}`);
  }

  /**
   * Works through the frames in hand one at a time: one Blender per worker. A rendered frame
   * is uploaded in the background, one upload at a time, while Blender goes on with the next
   * frame: the server hands out the next frame as soon as an upload begins.
   */
  private async drain(signal: AbortSignal): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.frames.next(); next && !signal.aborted; next = this.frames.next()) {
        let handedOn = false;
        try {
          const rendered = 'assignment' in next.work ? await this.oneFrame.renderAndReport(next, next.work.assignment, signal) : next.work.rendered;
          if (rendered) {
            this.deliverInBackground(next, rendered, signal);
            handedOn = true;
          }
        } catch (error) {
          frameLog(this.log, next).error({ err: error }, 'could not finish the frame');
        } finally {
          if (!handedOn) this.finish(next, false, signal);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private finish(frame: FrameInHand, delivered: boolean, signal: AbortSignal): void {
    const again = this.frames.finish(frame, delivered);
    if (again && !signal.aborted) this.take(again, signal);
  }

  /** Queues the frame's upload behind the uploads before it. */
  private deliverInBackground(frame: FrameInHand, rendered: RenderedFrame, signal: AbortSignal): void {
    frame.stage = 'reporting';
    this.uploads = this.uploads.then(async () => {
      let delivered = false;
      try {
        delivered = await this.oneFrame.deliverOrReport(frame, rendered, signal);
      } catch (error) {
        frameLog(this.log, frame).error({ err: error }, 'could not deliver the frame');
      } finally {
        this.finish(frame, delivered, signal);
      }
    });
  }
}
