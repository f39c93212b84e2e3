import { createPubSub } from 'graphql-yoga';
import type { Frame, Job } from './generated/prisma/client.ts';

/**
 * Every event the server publishes, in one place. Payloads are snapshots taken when
 * the change happened, so subscribers never wait on the database to hear about it.
 */
export type RevocationReason = 'CANCELED' | 'REQUEUED' | 'DELETED' | 'DONE_ELSEWHERE' | 'LOST';

/** A worker must stop rendering a frame it was given. */
export interface FrameRevocation {
  jobId: string;
  frameNumber: number;
  reason: RevocationReason;
  message: string;
}

export type FarmEvents = {
  /** Any change to a frame: state or live progress. */
  frameChanged: [frame: Frame];
  /** A job's status or counters changed; keyed by job id. */
  jobChanged: [jobId: string, job: Job];
  /** The job is gone (deleteJob); keyed by job id. Streams about it end. */
  jobDeleted: [jobId: string, job: Job];
  /** A worker must stop a frame; keyed by worker id. */
  frameRevoked: [workerId: string, revocation: FrameRevocation];
  /** Something that changes the farm-wide totals happened. */
  farmChanged: [];
};

export type FarmPubSub = ReturnType<typeof createFarmPubSub>;

export function createFarmPubSub() {
  return createPubSub<FarmEvents>();
}
