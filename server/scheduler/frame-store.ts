/**
 * The frame store is split by what it writes: frame-transitions.ts (and its conditional
 * writes, frame-writes.ts, and their events, frame-events.ts), job-transitions.ts,
 * worker-leases.ts with worker-status.ts, and blocklist.ts. What is left here is the
 * refusal they share, until it joins the other domain errors (server/errors.ts).
 */

/** Why an operation on a frame or job was refused, in words for the worker's log and the API. */
export class FrameRefused extends Error {}
