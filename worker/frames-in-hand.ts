import type { AssignmentFieldsFragment } from '../common/graphql/generated/graphql.ts';
import type { RenderedFrame } from './undelivered.ts';

export type Assignment = AssignmentFieldsFragment;

/**
 * A frame a worker has in hand, from when it is queued until its upload or failure report is
 * done: an assignment to render, or a frame an earlier run of the worker rendered and did not
 * deliver.
 */
export interface FrameInHand {
  key: string;
  jobId: string;
  frameNumber: number;
  work: { assignment: Assignment } | { rendered: RenderedFrame };
  /** Set by the worker as it goes: queued --> rendering --> reporting (uploading it, or telling its failure). */
  stage: 'queued' | 'rendering' | 'reporting';
  /** Aborted when the frame is revoked: stops its Blender. */
  revoked: AbortController;
  /** The frame assigned to this worker again meanwhile: taken unless this one gets delivered. */
  assignedAgain?: Assignment;
}

const frameKey = (jobId: string, frameNumber: number) => `${jobId}:${frameNumber}`;

/**
 * The frames a worker has in hand, in the order it works on them, and what happens to what
 * the server sends meanwhile:
 *   assignment, same attempt as one in hand --> ignored (the server sends the frame a
 *       worker holds again on every new subscription)
 *   assignment, newer attempt of a frame queued or rendering --> replaces it, the older one
 *       is revoked (its revocation has not come, or not yet)
 *   assignment of a frame being reported, or rendered by an earlier run --> kept aside, and
 *       taken when that frame is finished without being delivered
 *   revocation of a frame queued or rendering --> revoked (its Blender stops, nothing reported)
 *   revocation of a frame being reported --> ignored: the server takes or refuses the upload
 * No I/O: the worker does the work and the talking.
 */
export class FramesInHand {
  private readonly queue: FrameInHand[] = [];
  private readonly byKey = new Map<string, FrameInHand>();

  /** An assignment from the server. `queued`: the frame to work on; `revoked`: an older attempt it replaces. */
  assign(a: Assignment): { queued: FrameInHand | null; revoked: FrameInHand | null } {
    const held = this.byKey.get(frameKey(a.jobId, a.frameNumber));
    let revoked: FrameInHand | null = null;
    if (held) {
      const heldAttempt = 'assignment' in held.work ? held.work.assignment.frame.attempts : null;
      if (heldAttempt !== null && a.frame.attempts <= heldAttempt) return { queued: null, revoked: null };
      if (held.stage === 'reporting' || heldAttempt === null) {
        held.assignedAgain = a;
        return { queued: null, revoked: null };
      }
      revoked = this.revokeFrame(held);
    }
    return { queued: this.add(a.jobId, a.frameNumber, { assignment: a }), revoked };
  }

  /** A frame an earlier run rendered and did not deliver: delivered in turn, like any other. */
  addRendered(rendered: RenderedFrame): FrameInHand {
    return this.add(rendered.jobId, rendered.frameNumber, { rendered });
  }

  /** The server took a frame back: the frame revoked, or null when none here is to be stopped. */
  revoke(jobId: string, frameNumber: number): FrameInHand | null {
    const held = this.byKey.get(frameKey(jobId, frameNumber));
    if (!held || held.stage === 'reporting' || !('assignment' in held.work)) return null;
    return this.revokeFrame(held);
  }

  /** The next frame to work on, skipping frames revoked while queued. */
  next(): FrameInHand | undefined {
    let next = this.queue.shift();
    while (next?.revoked.signal.aborted) next = this.queue.shift();
    return next;
  }

  /** The work on `frame` is over. Returns the assignment to take now: the frame assigned again meanwhile, unless delivered. */
  finish(frame: FrameInHand, delivered: boolean): Assignment | null {
    if (this.byKey.get(frame.key) === frame) this.byKey.delete(frame.key);
    return delivered ? null : (frame.assignedAgain ?? null);
  }

  private add(jobId: string, frameNumber: number, work: FrameInHand['work']): FrameInHand {
    const frame: FrameInHand = { key: frameKey(jobId, frameNumber), jobId, frameNumber, work, stage: 'queued', revoked: new AbortController() };
    this.byKey.set(frame.key, frame);
    this.queue.push(frame);
    return frame;
  }

  private revokeFrame(frame: FrameInHand): FrameInHand {
    frame.revoked.abort();
    if (this.byKey.get(frame.key) === frame) this.byKey.delete(frame.key);
    return frame;
  }
}
