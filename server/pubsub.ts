import { createPubSub } from 'graphql-yoga';
import type { Frame, Job } from './generated/prisma/client.ts';

/**
 * Every event the server publishes, in one place. Payloads are snapshots taken when
 * the change happened, so subscribers never wait on the database to hear about it.
 */
export type FarmEvents = {
  /** Any change to a frame: state or live progress. */
  frameChanged: [frame: Frame];
  /** A job's status or counters changed; keyed by job id. */
  jobChanged: [jobId: string, job: Job];
  /** Something that changes the farm-wide totals happened. */
  farmChanged: [];
};

export type FarmPubSub = ReturnType<typeof createFarmPubSub>;

export function createFarmPubSub() {
  return createPubSub<FarmEvents>();
}
