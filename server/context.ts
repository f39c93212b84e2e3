import type { Db } from './db.ts';
import type { FarmPubSub } from './pubsub.ts';
import type { ServerConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { Dispatcher } from './scheduler/dispatcher.ts';
import type { ProgressTracker } from './scheduler/progress-tracker.ts';
import type { FarmStorage } from './storage/files.ts';
import type { FrameStore } from './scheduler/frame-store.ts';
import type { JobControl } from './scheduler/job-control.ts';
import type { WorkerSightings } from './scheduler/worker-sightings.ts';

/** The long-lived parts of a running server, built once by buildApp(). */
export interface FarmServices {
  db: Db;
  pubsub: FarmPubSub;
  config: ServerConfig;
  log: Logger;
  dispatcher: Dispatcher;
  progress: ProgressTracker;
  /** When each worker last called, whatever the call: a late heartbeat alone does not lose a busy worker. */
  sightings: WorkerSightings;
  storage: FarmStorage;
  frames: FrameStore;
  control: JobControl;
}

/** What every resolver sees: the services plus what came with this request or socket. */
export interface FarmContext extends FarmServices {
  /** The bearer token of the caller, from the Authorization header or the graphql-ws connection params. */
  authToken: string | null;
  /** Origin for the absolute URLs the API hands out (outputUrl, blendUrl). */
  baseUrl: string;
}
