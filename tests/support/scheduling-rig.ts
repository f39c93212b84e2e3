/**
 * The farm the scheduling tests (tests/integration/scheduling-*.test.ts) drive: a real
 * server, a user client, and "workers" that are GraphQL clients with a worker token which
 * poll, upload a 1x1 PNG and report failures by hand, so every step is exact and no Blender
 * runs (except once per test file, to make the .blend every job is submitted with).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before } from 'node:test';
import type { CombinedError } from '@urql/core';
import type { Clock } from '../../server/clock.ts';
import type { ServerConfig } from '../../server/config.ts';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import type { FrameRevocationsSubscription, SubmitJobInput } from '../../common/graphql/generated/graphql.ts';
import { FrameRevocations, Heartbeat, PollJob, RegisterWorker, ReportFrameFailure, UploadFrame } from '../../worker/graphql/operations.ts';
import { makeScene } from './blender.ts';
import { ok as unwrap, startFarm, submitJob, tempDir, type TestFarm } from './farm.ts';
import { JobFrames, RegisterTagged, WorkerDetails } from './operations.ts';
import { waitFor } from './processes.ts';

/** A 1x1 PNG: what the API-level workers "render". */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A revocation the test itself publishes to learn that a subscription is live; never asserted on. */
const PROBE_JOB = 'subscription-probe';

let scene: Promise<string> | undefined;

/** The .blend every job is submitted with, made once per test file. */
export function sceneFile(): Promise<string> {
  // Compressed (~120 KB instead of ~1.1 MB): every job uploads it.
  scene ??= tempDir('scheduling').then((dir) => makeScene({ out: path.join(dir, 'shot.blend'), frames: 3, compress: true }));
  return scene;
}

/** The server's clock in these tests: it moves only when the test moves it. */
export class ManualClock {
  // A fixed instant, far from the real time: a lease that read the system clock would show.
  private at = Date.parse('2030-01-01T00:00:00Z');

  readonly now: Clock = () => new Date(this.at);

  advance(ms: number): void {
    this.at += ms;
  }
}

type Revocation = FrameRevocationsSubscription['frameRevocations'];

export interface ApiWorker {
  id: string;
  name: string;
  token: string;
  /** A client sending this worker's token. */
  api: FarmClient;
}

interface RevocationWatch {
  received: Revocation[];
  /** The first revocation (after `since` earlier ones) to arrive, within `timeoutMs`. */
  next(since: number, timeoutMs: number): Promise<Revocation>;
  close(): void;
}

/**
 * A farm for one describe block, started before its tests and stopped after them, so jobs
 * of one block never reach workers of another. Workers never heartbeat on their own
 * (nothing runs in the background), so unless `config` says otherwise the server's own lease
 * checker is set far beyond the block's length.
 */
export function useRig(config: Partial<ServerConfig> = {}): Rig {
  const rig = new Rig({ heartbeatIntervalS: 600, workerTimeoutS: 1200, ...config });
  before(() => rig.start());
  after(() => rig.stop());
  return rig;
}

/** A farm with helpers acting as a user and as workers. */
export class Rig {
  farm!: TestFarm;
  readonly clock = new ManualClock();
  private readonly clients: FarmClient[] = [];
  private readonly closers: Array<() => void> = [];

  constructor(private readonly config: Partial<ServerConfig>) {}

  async start(): Promise<void> {
    this.farm = await startFarm(this.config, { clock: this.clock.now });
  }

  async stop(): Promise<void> {
    for (const close of this.closers) close();
    await Promise.all(this.clients.map((c) => c.close()));
    await this.farm?.stop();
  }

  get user() {
    return this.farm.farm.client;
  }

  private clientFor(token: string): FarmClient {
    const client = createFarmClient({ serverUrl: this.farm.url, token: () => token });
    this.clients.push(client);
    return client;
  }

  async register(name: string, tags?: string[]): Promise<ApiWorker> {
    let registration;
    if (tags) {
      registration = ok(await this.user.mutation(RegisterTagged, { name, tags }).toPromise()).registerWorker;
      assert.deepEqual(registration.worker.tags, [...tags].sort());
    } else {
      registration = ok(await this.user.mutation(RegisterWorker, { name }).toPromise()).registerWorker;
    }
    return { id: registration.worker.id, name, token: registration.token, api: this.clientFor(registration.token) };
  }

  /** A job of the shared .blend, and workers by name: the start of most scheduling stories. */
  async jobAndWorkers<Names extends string[]>(
    input: Omit<SubmitJobInput, 'file'>,
    ...names: Names
  ): Promise<[string, ...{ [K in keyof Names]: ApiWorker }]> {
    const jobId = await this.submit(input);
    const workers: ApiWorker[] = [];
    for (const name of names) workers.push(await this.register(name));
    return [jobId, ...workers] as [string, ...{ [K in keyof Names]: ApiWorker }];
  }

  /** Submits the shared .blend as is: the server's answer, refusals included. */
  async trySubmit(input: Omit<SubmitJobInput, 'file'>) {
    return submitJob(this.farm.farm, await sceneFile(), input);
  }

  /** Submits the shared .blend; returns the job's id. */
  async submit(input: Omit<SubmitJobInput, 'file'>): Promise<string> {
    return ok(await this.trySubmit(input)).submitJob.id;
  }

  /** The worker's pollJob: [jobId, frameNumber], or null when it is given nothing. */
  async poll(worker: ApiWorker): Promise<[string, number] | null> {
    const { pollJob } = ok(await worker.api.client.mutation(PollJob, { workerId: worker.id }).toPromise());
    return pollJob ? [pollJob.jobId, pollJob.frameNumber] : null;
  }

  /** The worker's heartbeat: the worker as the server answers. */
  async heartbeat(worker: ApiWorker) {
    return ok(await worker.api.client.mutation(Heartbeat, { workerId: worker.id }).toPromise()).heartbeat;
  }

  upload(worker: ApiWorker, jobId: string, frameNumber: number) {
    const file = new File([PNG_1X1], `${String(frameNumber).padStart(4, '0')}.png`);
    return worker.api.client.mutation(UploadFrame, { jobId, frameNumber, file, renderTimeMs: 10 }).toPromise();
  }

  /** Uploads a frame and expects it taken: the frame as the server answers. */
  async deliver(worker: ApiWorker, jobId: string, frameNumber: number) {
    return ok(await this.upload(worker, jobId, frameNumber)).uploadFrame;
  }

  async fail(worker: ApiWorker, jobId: string, frameNumber: number, error: string) {
    const vars = { jobId, frameNumber, error, logTail: `Blender said: ${error}` };
    return ok(await worker.api.client.mutation(ReportFrameFailure, vars).toPromise()).reportFrameFailure;
  }

  async job(id: string) {
    const { job } = ok(await this.user.query(JobFrames, { id }).toPromise());
    assert.ok(job, `job ${id} exists`);
    return job;
  }

  /** Each frame as [number, status, worker name or null]. */
  async frames(id: string): Promise<Array<[number, string, string | null]>> {
    return (await this.job(id)).frames.map((f) => [f.number, f.status, f.worker?.name ?? null]);
  }

  async worker(id: string) {
    const { workers } = ok(await this.user.query(WorkerDetails, {}).toPromise());
    const worker = workers.find((w) => w.id === id);
    assert.ok(worker, `worker ${id} is listed`);
    return worker;
  }

  /**
   * Subscribes to the worker's frameRevocations over graphql-ws with its token. graphql-ws
   * does not acknowledge a subscription, so the server publishes probes until one arrives:
   * after that, no real revocation can be missed.
   */
  async watchRevocations(worker: ApiWorker): Promise<RevocationWatch> {
    const received: Revocation[] = [];
    const errors: string[] = [];
    let probed = false;
    const { unsubscribe } = worker.api.client.subscription(FrameRevocations, { workerId: worker.id }).subscribe((result) => {
      if (result.error) errors.push(result.error.message);
      const revocation = result.data?.frameRevocations;
      if (!revocation) return;
      if (revocation.jobId === PROBE_JOB) probed = true;
      else received.push(revocation);
    });
    this.closers.push(unsubscribe);
    await waitFor(
      `${worker.name}'s frameRevocations subscription to be live`,
      () => {
        assert.deepEqual(errors, [], 'the subscription is accepted');
        if (probed) return true;
        this.farm.app.services.pubsub.publish('frameRevoked', worker.id, {
          jobId: PROBE_JOB,
          frameNumber: 0,
          reason: 'LOST',
          message: 'probe',
        });
        return false;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    return {
      received,
      next: (since, timeoutMs) =>
        waitFor(`a revocation for ${worker.name}`, () => received[since], { timeoutMs, intervalMs: 10 }),
      close: unsubscribe,
    };
  }
}

/**
 * The result's data, as a user reads it: without the __typename fields urql's cache adds,
 * so it compares equal to plain objects.
 */
export function ok<T>(result: { data?: T; error?: CombinedError }): T {
  return JSON.parse(JSON.stringify(unwrap(result), (key, value: unknown) => (key === '__typename' ? undefined : value))) as T;
}

/** The refusal a client gets: exactly one GraphQL error with this code, and no data. */
export function refusal(result: { data?: unknown; error?: CombinedError }, code: string, what: string) {
  const errors = result.error?.graphQLErrors ?? [];
  assert.equal(errors.length, 1, `${what}: one GraphQL error, got ${result.error?.message ?? JSON.stringify(result.data)}`);
  const [error] = errors;
  assert.equal(error!.extensions.code, code, `${what}: ${error!.message}`);
  assert.ok(Object.values(result.data ?? {}).every((v) => v === null), `${what}: no data, got ${JSON.stringify(result.data)}`);
  return { message: error!.message, field: error!.extensions.field };
}
