import type { Clock } from './clock.ts';
import type { Db } from './db.ts';
import type { FarmPubSub } from './pubsub.ts';
import type { ServerConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { Assignments } from './scheduler/assignments.ts';
import type { Dispatcher } from './scheduler/dispatcher.ts';
import type { FrameTransitions } from './scheduler/frame-transitions.ts';
import type { JobControl } from './scheduler/job-control.ts';
import type { ProgressTracker } from './scheduler/progress-tracker.ts';
import type { WorkerLeases } from './scheduler/worker-leases.ts';
import type { WorkerSightings } from './scheduler/worker-sightings.ts';
import type { ContentStore } from './storage/contents.ts';
import type { FarmStorage } from './storage/files.ts';

/** What every part of the server is built on: storage, events, time and the in-memory trackers. */
export interface FarmBase {
  db: Db;
  pubsub: FarmPubSub;
  config: ServerConfig;
  log: Logger;
  /** The one clock every service reads time from (injectable through buildApp). */
  clock: Clock;
  dispatcher: Dispatcher;
  progress: ProgressTracker;
  /** When each worker last called, whatever the call: a late heartbeat alone does not lose a busy worker. */
  sightings: WorkerSightings;
  storage: FarmStorage;
  /** The project files' contents, shared by every job. */
  contents: ContentStore;
}

/** The long-lived parts of a running server, built once by buildApp(). */
export interface FarmServices extends FarmBase {
  /** What workers report about their frames: progress, delivery, failure. */
  frames: FrameTransitions;
  /** Heartbeats and sign-offs: the worker's lease on its frames. */
  leases: WorkerLeases;
  /** Which frame a worker renders next (pollJob, assignments). */
  assignments: Assignments;
  control: JobControl;
}

/** What every resolver sees: the services plus what came with this request or socket. */
export interface FarmContext extends FarmServices {
  /** The bearer token of the caller, from the Authorization header or the graphql-ws connection params. */
  authToken: string | null;
  /** Origin for the absolute URLs the API hands out (outputUrl, blendUrl). */
  baseUrl: string;
}
