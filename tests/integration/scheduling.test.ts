/**
 * The scheduler as clients see it, through the real server: which frame goes to which
 * worker and in what order, what pause, cancel, requeue, delete and the blocklist do, and
 * how a lost lease is recovered. The "workers" here are GraphQL clients with a worker
 * token that poll, upload a 1x1 PNG and report failures by hand, so every step is exact
 * and no Blender runs (except once, to make the .blend every job is submitted with).
 * Each describe block has a farm of its own, so jobs of one never reach workers of another.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CombinedError } from '@urql/core';
import { TimeoutChecker } from '../../server/scheduler/timeout-checker.ts';
import { WorkerSightings } from '../../server/scheduler/worker-sightings.ts';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import type { FrameRevocationsSubscription, SubmitJobInput } from '../../common/graphql/generated/graphql.ts';
import {
  FrameRevocations,
  Heartbeat,
  PollJob,
  RegisterWorker,
  ReportFrameFailure,
  SignOff,
  UploadFrame,
} from '../../worker/graphql/operations.ts';
import { makeScene } from '../support/blender.ts';
import { filesUnder, ok as unwrap, startFarm, submitJob, tempDir, type TestFarm } from '../support/farm.ts';
import { waitFor } from '../support/processes.ts';
import {
  CancelJob,
  ClearBlocklist,
  DeleteJob,
  FarmTotals,
  JobFrames,
  PauseJob,
  RegisterTagged,
  RequeueFrames,
  RequeueJob,
  ResumeJob,
  SetJobPriority,
  SetWorkerTags,
  WorkerDetails,
} from '../support/operations.ts';

/** A 1x1 PNG: what the API-level workers "render". */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A revocation the test itself publishes to learn that a subscription is live; never asserted on. */
const PROBE_JOB = 'subscription-probe';

let blendFile: string;

before(async () => {
  // Compressed (~120 KB instead of ~1.1 MB): every job below uploads it.
  blendFile = await makeScene({ out: path.join(await tempDir('scheduling'), 'shot.blend'), frames: 3, compress: true });
});

type Revocation = FrameRevocationsSubscription['frameRevocations'];

interface ApiWorker {
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
 * One farm for one describe block, with helpers acting as a user and as workers. Workers
 * never heartbeat on their own (nothing runs in the background), so the server's own lease
 * checker is set far beyond the test's length.
 */
class Rig {
  farm!: TestFarm;
  private readonly clients: FarmClient[] = [];
  private readonly closers: Array<() => void> = [];

  async start(): Promise<this> {
    this.farm = await startFarm({ heartbeatIntervalS: 600, workerTimeoutS: 1200 });
    return this;
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
    if (tags) {
      const { registerWorker } = ok(await this.user.mutation(RegisterTagged, { name, tags }).toPromise());
      assert.deepEqual(registerWorker.worker.tags, [...tags].sort());
      return { id: registerWorker.worker.id, name, token: registerWorker.token, api: this.clientFor(registerWorker.token) };
    }
    const { registerWorker } = ok(await this.user.mutation(RegisterWorker, { name }).toPromise());
    return { id: registerWorker.worker.id, name, token: registerWorker.token, api: this.clientFor(registerWorker.token) };
  }

  /** Submits the shared .blend; returns the job's id. */
  async submit(input: Omit<SubmitJobInput, 'file'>): Promise<string> {
    return ok(await submitJob(this.farm.farm, blendFile, input)).submitJob.id;
  }

  /** The worker's pollJob: [jobId, frameNumber], or null when it is given nothing. */
  async poll(worker: ApiWorker): Promise<[string, number] | null> {
    const { pollJob } = ok(await worker.api.client.mutation(PollJob, { workerId: worker.id }).toPromise());
    return pollJob ? [pollJob.jobId, pollJob.frameNumber] : null;
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
function ok<T>(result: { data?: T; error?: CombinedError }): T {
  return JSON.parse(JSON.stringify(unwrap(result), (key, value: unknown) => (key === '__typename' ? undefined : value))) as T;
}

/** The refusal a client gets: exactly one GraphQL error with this code, and no data. */
function refusal(result: { data?: unknown; error?: CombinedError }, code: string, what: string) {
  const errors = result.error?.graphQLErrors ?? [];
  assert.equal(errors.length, 1, `${what}: one GraphQL error, got ${result.error?.message ?? JSON.stringify(result.data)}`);
  const [error] = errors;
  assert.equal(error!.extensions.code, code, `${what}: ${error!.message}`);
  assert.ok(Object.values(result.data ?? {}).every((v) => v === null), `${what}: no data, got ${JSON.stringify(result.data)}`);
  return { message: error!.message, field: error!.extensions.field };
}

// ---------------------------------------------------------------------------------------------

describe('claims under concurrency', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('200 concurrent claims from 20 workers book each of 50 frames exactly once', async () => {
    const jobId = await rig.submit({ name: 'Crowd', totalFrames: 50, outputFormat: 'PNG' });
    const workers = await Promise.all(Array.from({ length: 20 }, (_, i) => rig.register(`w${String(i + 1).padStart(2, '0')}`)));
    // The claim primitive itself: pollJob would hand a worker its held frame again.
    const { frames } = rig.farm.app.services;
    const claims = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const worker = workers[i % workers.length]!;
        return { worker, frame: await frames.claim(worker.id) };
      }),
    );
    const won = claims.filter((c) => c.frame !== null);
    assert.equal(won.length, 50, 'exactly 50 claims got a frame');
    assert.equal(claims.length - won.length, 150, 'the other 150 got null');
    const numbers = won.map((c) => c.frame!.number);
    assert.equal(new Set(numbers).size, 50, 'no frame number twice');
    assert.deepEqual([...numbers].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.ok(won.every((c) => c.frame!.jobId === jobId));

    const claimant = new Map(won.map((c) => [c.frame!.number, c.worker.id]));
    const job = await rig.job(jobId);
    assert.equal(job.status, 'RUNNING');
    assert.equal(job.frames.length, 50);
    for (const frame of job.frames) {
      assert.deepEqual(
        [frame.number, frame.status, frame.attempts, frame.worker?.id],
        [frame.number, 'ASSIGNED', 1, claimant.get(frame.number)],
        `frame ${frame.number} is booked once, to the worker whose claim returned it`,
      );
    }
    // Every worker holding frames shows BUSY, the others IDLE.
    const { workers: listed } = ok(await rig.user.query(WorkerDetails, {}).toPromise());
    for (const w of listed) {
      const held = won.filter((c) => c.worker.id === w.id).length;
      assert.equal(w.currentFrames.length, held, `${w.name} holds ${held}`);
      assert.equal(w.status, held > 0 ? 'BUSY' : 'IDLE', w.name);
    }
  });
});

describe('order of frames', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('higher priority first, then older jobs, then lower frame numbers', async () => {
    const names = new Map<string, string>();
    for (const [name, priority] of [['A', 0], ['B', 0], ['C', 5]] as const) {
      names.set(await rig.submit({ name, totalFrames: 2, outputFormat: 'PNG', priority }), name);
    }
    const worker = await rig.register('solo');
    const seen: string[] = [];
    for (;;) {
      const got = await rig.poll(worker);
      if (!got) break;
      seen.push(`${names.get(got[0])}${got[1]}`);
      assert.equal((await rig.deliver(worker, got[0], got[1])).status, 'DONE');
      assert.ok(seen.length <= 6, `no more than 6 frames: ${seen.join(',')}`);
    }
    assert.deepEqual(seen, ['C1', 'C2', 'A1', 'A2', 'B1', 'B2']);
  });

  it('setJobPriority raises a newer job above an older one: the next frames come from it', async () => {
    const older = await rig.submit({ name: 'Older', totalFrames: 3, outputFormat: 'PNG' });
    const newer = await rig.submit({ name: 'Newer', totalFrames: 3, outputFormat: 'PNG' });
    const names = new Map([
      [older, 'Older'],
      [newer, 'Newer'],
    ]);
    const worker = await rig.register('solo-2');
    const next = async () => {
      const got = await rig.poll(worker);
      assert.ok(got, 'a frame');
      await rig.deliver(worker, got[0], got[1]);
      return `${names.get(got[0])}${got[1]}`;
    };
    assert.equal(await next(), 'Older1');
    const { setJobPriority } = ok(await rig.user.mutation(SetJobPriority, { jobId: newer, priority: 10 }).toPromise());
    assert.deepEqual(setJobPriority, { id: newer, priority: 10 });
    assert.equal((await rig.job(newer)).priority, 10);
    assert.deepEqual([await next(), await next(), await next(), await next()], ['Newer1', 'Newer2', 'Newer3', 'Older2']);
  });
});

describe('required tags', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a job requiring gpu goes only to workers tagged gpu, also after setWorkerTags', async () => {
    const jobId = await rig.submit({ name: 'GPU only', totalFrames: 3, outputFormat: 'PNG', requiredTags: ['gpu'] });
    assert.deepEqual((await rig.job(jobId)).requiredTags, ['gpu']);
    const plain = await rig.register('plain');
    const linuxOnly = await rig.register('linux-only', ['linux']);
    const gpu = await rig.register('gpu-box', ['gpu']);

    assert.equal(await rig.poll(plain), null, 'an untagged worker gets nothing');
    assert.equal(await rig.poll(linuxOnly), null, 'a worker with other tags gets nothing');
    assert.deepEqual(await rig.poll(gpu), [jobId, 1]);

    const { setWorkerTags } = ok(await rig.user.mutation(SetWorkerTags, { workerId: plain.id, tags: ['linux', 'gpu'] }).toPromise());
    assert.deepEqual(setWorkerTags.tags, ['gpu', 'linux']);
    assert.deepEqual(await rig.poll(plain), [jobId, 2]);
    assert.equal(await rig.poll(linuxOnly), null);
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'ASSIGNED', 'gpu-box'],
      [2, 'ASSIGNED', 'plain'],
      [3, 'QUEUED', null],
    ]);
  });
});

describe('pause and resume', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a paused job hands out nothing, still takes the frame out, and flows again when resumed', async () => {
    const jobId = await rig.submit({ name: 'Pausable', totalFrames: 3, outputFormat: 'PNG' });
    const w1 = await rig.register('w1');
    const w2 = await rig.register('w2');
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    assert.deepEqual(ok(await rig.user.mutation(PauseJob, { jobId }).toPromise()).pauseJob, { id: jobId, status: 'PAUSED' });
    assert.equal(await rig.poll(w2), null, 'no frame of a paused job');

    const delivered = await rig.deliver(w1, jobId, 1);
    assert.equal(delivered.status, 'DONE', 'the frame held while pausing is still taken');
    let job = await rig.job(jobId);
    assert.equal(job.status, 'PAUSED', 'and the job stays PAUSED');
    assert.equal(job.framesDone, 1);
    assert.equal(await rig.poll(w1), null);
    assert.equal(await rig.poll(w2), null);

    assert.deepEqual(ok(await rig.user.mutation(ResumeJob, { jobId }).toPromise()).resumeJob, { id: jobId, status: 'RUNNING' });
    assert.deepEqual(await rig.poll(w2), [jobId, 2]);
    assert.deepEqual(await rig.poll(w1), [jobId, 3]);

    const again = refusal(await rig.user.mutation(ResumeJob, { jobId }).toPromise(), 'CONFLICT', 'resume a RUNNING job');
    assert.equal(again.message, `Cannot resume job "Pausable" (${jobId}): a RUNNING job cannot be resumed (only a PAUSED job can be resumed)`);

    await rig.deliver(w2, jobId, 2);
    await rig.deliver(w1, jobId, 3);
    job = await rig.job(jobId);
    assert.equal(job.status, 'COMPLETED');
    assert.equal(job.framesDone, 3);
    const paused = refusal(await rig.user.mutation(PauseJob, { jobId }).toPromise(), 'CONFLICT', 'pause a COMPLETED job');
    assert.equal(paused.message, `Cannot pause job "Pausable" (${jobId}): a COMPLETED job cannot be paused`);
    assert.equal((await rig.job(jobId)).status, 'COMPLETED');
  });
});

describe('cancel', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('cancelJob revokes the held frame, refuses its upload, and requeueJob brings every frame back', async () => {
    const jobId = await rig.submit({ name: 'Cancel me', totalFrames: 3, outputFormat: 'PNG' });
    const w1 = await rig.register('w1');
    const revocations = await rig.watchRevocations(w1);
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    const canceledAt = Date.now();
    const { cancelJob } = ok(await rig.user.mutation(CancelJob, { jobId }).toPromise());
    assert.deepEqual(cancelJob, { id: jobId, status: 'CANCELED', framesCanceled: 3 });
    const revoked = await revocations.next(0, 2_000);
    assert.ok(Date.now() - canceledAt < 2_000, `revoked within 2 s (took ${Date.now() - canceledAt} ms)`);
    assert.deepEqual(revoked, { jobId, frameNumber: 1, reason: 'CANCELED', message: 'frame 1 was canceled' });

    const job = await rig.job(jobId);
    assert.equal(job.status, 'CANCELED');
    assert.equal(job.framesCanceled, job.totalFrames);
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'CANCELED', 'w1'],
      [2, 'CANCELED', null],
      [3, 'CANCELED', null],
    ]);
    assert.equal((await rig.worker(w1.id)).status, 'IDLE');

    const late = refusal(await rig.upload(w1, jobId, 1), 'CONFLICT', 'upload of a canceled frame');
    assert.equal(late.message, `frame 1 of job ${jobId} is CANCELED: its upload is not wanted`);
    assert.deepEqual(await filesUnder(path.join(rig.farm.config.dataDir, 'jobs')), [], 'its file is not kept');

    const twice = refusal(await rig.user.mutation(CancelJob, { jobId }).toPromise(), 'CONFLICT', 'cancel twice');
    assert.equal(twice.message, `Cannot cancel job "Cancel me" (${jobId}): a CANCELED job cannot be canceled`);

    const { requeueJob } = ok(await rig.user.mutation(RequeueJob, { jobId }).toPromise());
    assert.ok(['QUEUED', 'RUNNING'].includes(requeueJob.status), `requeued job is QUEUED or RUNNING, got ${requeueJob.status}`);
    assert.deepEqual([requeueJob.framesDone, requeueJob.framesFailed, requeueJob.framesCanceled], [0, 0, 0]);
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'QUEUED', null],
      [2, 'QUEUED', null],
      [3, 'QUEUED', null],
    ]);
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);
    assert.equal((await rig.job(jobId)).status, 'RUNNING');
    assert.equal(revocations.received.length, 1, 'one revocation in all');
  });
});

describe('failures and requeue', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a frame failing maxAttempts times is FAILED with its last error; the job FAILED once nothing is open', async () => {
    const jobId = await rig.submit({ name: 'Flaky', totalFrames: 2, outputFormat: 'PNG', maxAttempts: 2 });
    const w1 = await rig.register('w1');
    const w2 = await rig.register('w2');

    assert.deepEqual(await rig.poll(w1), [jobId, 1]);
    assert.equal((await rig.fail(w1, jobId, 1, 'Error: out of memory on w1')).status, 'QUEUED', 'one failure of two allowed');
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);
    assert.equal((await rig.fail(w2, jobId, 1, 'Error: GPU driver crashed on w2')).status, 'FAILED');

    let job = await rig.job(jobId);
    let frame1 = job.frames.find((f) => f.number === 1)!;
    assert.deepEqual(
      [frame1.status, frame1.failures, frame1.attempts, frame1.error, frame1.logTail, frame1.worker?.name],
      ['FAILED', 2, 2, 'Error: GPU driver crashed on w2', 'Blender said: Error: GPU driver crashed on w2', 'w2'],
    );
    assert.equal(job.status, 'RUNNING', 'frame 2 is still to do');

    assert.deepEqual(await rig.poll(w1), [jobId, 2]);
    const done = await rig.deliver(w1, jobId, 2);
    assert.equal(done.status, 'DONE');
    job = await rig.job(jobId);
    assert.deepEqual([job.status, job.error, job.framesDone, job.framesFailed], ['FAILED', '1 of 2 frames failed', 1, 1]);
    const frame2 = job.frames.find((f) => f.number === 2)!;
    assert.equal(frame2.status, 'DONE');
    assert.ok(frame2.outputUrl, 'frame 2 has an outputUrl');
    const response = await fetch(frame2.outputUrl);
    assert.equal(response.status, 200);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(PNG_1X1), 'the download is the uploaded file');

    // requeueJob: the FAILED frame back, failures forgotten.
    const { requeueJob } = ok(await rig.user.mutation(RequeueJob, { jobId }).toPromise());
    assert.deepEqual([requeueJob.status, requeueJob.framesDone, requeueJob.framesFailed], ['RUNNING', 1, 0]);
    job = await rig.job(jobId);
    frame1 = job.frames.find((f) => f.number === 1)!;
    assert.deepEqual([frame1.status, frame1.failures, frame1.error, frame1.worker], ['QUEUED', 0, null, null]);
    assert.equal(job.error, null);
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);
    await rig.deliver(w2, jobId, 1);
    job = await rig.job(jobId);
    assert.deepEqual([job.status, job.error, job.framesDone, job.framesFailed], ['COMPLETED', null, 2, 0]);
  });

  it('requeueFrames reopens the named frames; an unknown number changes nothing; allFrames reopens a completed job', async () => {
    const [jobId] = ok(await rig.user.query(FarmTotals, {}).toPromise()).jobs.map((j) => j.id);
    assert.ok(jobId);
    const w3 = await rig.register('w3');

    const { requeueFrames } = ok(await rig.user.mutation(RequeueFrames, { jobId, frames: [2] }).toPromise());
    assert.deepEqual(requeueFrames, { id: jobId, status: 'RUNNING', framesDone: 1 });
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'DONE', 'w2'],
      [2, 'QUEUED', null],
    ]);

    const before = await rig.job(jobId);
    const bad = refusal(await rig.user.mutation(RequeueFrames, { jobId, frames: [2, 99] }).toPromise(), 'BAD_USER_INPUT', 'frame 99');
    assert.equal(bad.field, 'frames');
    assert.equal(bad.message, `Invalid frames: job ${jobId} has no frame 99`);
    assert.deepEqual(await rig.job(jobId), before, 'nothing changed');

    assert.deepEqual(await rig.poll(w3), [jobId, 2]);
    await rig.deliver(w3, jobId, 2);
    assert.equal((await rig.job(jobId)).status, 'COMPLETED');

    const { requeueJob } = ok(await rig.user.mutation(RequeueJob, { jobId, allFrames: true }).toPromise());
    assert.deepEqual([requeueJob.status, requeueJob.framesDone, requeueJob.framesFailed], ['RUNNING', 0, 0]);
    const job = await rig.job(jobId);
    assert.deepEqual(
      job.frames.map((f) => [f.number, f.status, f.outputUrl, f.worker]),
      [
        [1, 'QUEUED', null, null],
        [2, 'QUEUED', null, null],
      ],
    );
    assert.equal(job.framesDone, 0);
  });
});

describe('blocklist', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a worker failing 3 frames of a job is blocked from it until clearBlocklist', async () => {
    const jobId = await rig.submit({ name: 'Picky', totalFrames: 5, outputFormat: 'PNG', maxAttempts: 5 });
    const w1 = await rig.register('w1');
    const w2 = await rig.register('w2');

    // w1 gets frame 1, fails it, gets it again (the lowest queued frame) and so on.
    for (let i = 1; i <= 3; i += 1) {
      assert.deepEqual(await rig.poll(w1), [jobId, 1], `w1's try ${i}`);
      assert.equal((await rig.fail(w1, jobId, 1, `Error: failure ${i} on w1`)).status, 'QUEUED');
    }
    const job = await rig.job(jobId);
    assert.deepEqual(job.blocklist, [{ failures: 3, blocked: true, lastError: 'Error: failure 3 on w1', worker: { id: w1.id, name: 'w1' } }]);
    const frame1 = job.frames.find((f) => f.number === 1)!;
    assert.deepEqual([frame1.status, frame1.failures], ['QUEUED', 3]);
    assert.deepEqual((await rig.worker(w1.id)).blocklist, [{ blocked: true, failures: 3, job: { id: jobId } }]);
    assert.deepEqual((await rig.worker(w2.id)).blocklist, []);

    assert.equal(await rig.poll(w1), null, 'a blocked worker gets nothing of the job');
    assert.deepEqual(await rig.poll(w2), [jobId, 1], 'another worker gets its frames');
    await rig.deliver(w2, jobId, 1);
    assert.equal(await rig.poll(w1), null);

    const { clearBlocklist } = ok(await rig.user.mutation(ClearBlocklist, { jobId, workerId: w1.id }).toPromise());
    assert.deepEqual(clearBlocklist, { id: jobId, blocklist: [] });
    assert.deepEqual((await rig.worker(w1.id)).blocklist, []);
    assert.deepEqual(await rig.poll(w1), [jobId, 2], 'forgiven, w1 gets frames again');
  });
});

describe('leases', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('a silent worker loses its frame to another; its late upload is kept and counted once', async () => {
    const { db, frames, log } = rig.farm.app.services;
    const jobId = await rig.submit({ name: 'Leases', totalFrames: 2, outputFormat: 'PNG' });
    const w1 = await rig.register('w1');
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    const realNow = Date.now();
    let fakeNow = new Date(realNow + 10_000);
    const checker = new TimeoutChecker(db, frames, log, {
      workerTimeoutS: 30,
      startedAt: new Date(realNow - 60_000),
      intervalMs: 1000,
      now: () => fakeNow,
    });
    assert.deepEqual(await checker.check(), [], 'silent for 10 s: still holds its lease');
    assert.deepEqual(await rig.frames(jobId), [
      [1, 'ASSIGNED', 'w1'],
      [2, 'QUEUED', null],
    ]);

    fakeNow = new Date(realNow + 31_000);
    assert.deepEqual(await checker.check(), [w1.id], 'silent for 31 s: lost');
    const lost = (await rig.job(jobId)).frames.find((f) => f.number === 1)!;
    assert.deepEqual([lost.status, lost.failures, lost.worker], ['QUEUED', 1, null]);
    assert.match(lost.error ?? '', /^Lost: worker w1 sent no heartbeat for 3\d s$/);
    assert.equal((await rig.worker(w1.id)).status, 'OFFLINE');
    assert.equal(await rig.poll(w1), null, 'an OFFLINE worker gets nothing');

    // w2 joins after the check, so its heartbeat is not "silent" on the fake clock.
    const w2 = await rig.register('w2');
    const revocations = await rig.watchRevocations(w2);
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);

    const late = await rig.deliver(w1, jobId, 1);
    assert.equal(late.status, 'DONE', "w1's late upload is taken");
    let job = await rig.job(jobId);
    assert.equal(job.framesDone, 1);
    assert.deepEqual(job.frames.map((f) => [f.number, f.status, f.worker?.name ?? null]), [
      [1, 'DONE', 'w1'],
      [2, 'QUEUED', null],
    ]);
    assert.deepEqual(await revocations.next(0, 2_000), {
      jobId,
      frameNumber: 1,
      reason: 'DONE_ELSEWHERE',
      message: 'frame 1 was delivered by another worker',
    });

    for (const attempt of ['first', 'second']) {
      const own = await rig.upload(w2, jobId, 1);
      assert.equal(own.error, undefined, `w2's ${attempt} upload is acknowledged: ${own.error?.message}`);
      assert.equal(own.data?.uploadFrame.status, 'DONE');
    }
    const again = await rig.deliver(w1, jobId, 1);
    assert.equal(again.status, 'DONE', "w1's upload sent twice is acknowledged");
    job = await rig.job(jobId);
    assert.deepEqual([job.framesDone, job.status], [1, 'RUNNING'], 'counted once');
    assert.deepEqual(await filesUnder(path.join(rig.farm.config.dataDir, 'jobs')), [path.join(jobId, '0001.png')]);
    assert.equal((await rig.worker(w2.id)).status, 'IDLE');

    const beat = ok(await w1.api.client.mutation(Heartbeat, { workerId: w1.id }).toPromise()).heartbeat;
    assert.equal(beat.status, 'IDLE', 'a heartbeat brings w1 back');
    assert.equal((await rig.worker(w1.id)).status, 'IDLE');
    assert.deepEqual(await rig.poll(w1), [jobId, 2]);
    assert.equal(revocations.received.length, 1);
  });

  it('after a restart, nobody is timed out before the server has been up for the timeout', async () => {
    const { db, frames, log } = rig.farm.app.services;
    const clock = new Date(Date.now() + 3_600_000);
    const workersOnline = async () => (await db.worker.findMany({ where: { status: { not: 'OFFLINE' } } })).map((w) => w.id).sort();
    const online = await workersOnline();
    assert.equal(online.length, 2, 'w1 and w2 are online, silent for an hour on this clock');

    const justRestarted = new TimeoutChecker(db, frames, log, {
      workerTimeoutS: 30,
      startedAt: new Date(clock.getTime() - 29_000),
      intervalMs: 1000,
      now: () => clock,
    });
    assert.deepEqual(await justRestarted.check(), [], 'up for 29 s: every worker still has time to reconnect');
    assert.deepEqual(await workersOnline(), online);

    const upLongEnough = new TimeoutChecker(db, frames, log, {
      workerTimeoutS: 30,
      startedAt: new Date(clock.getTime() - 31_000),
      intervalMs: 1000,
      now: () => clock,
    });
    assert.deepEqual((await upLongEnough.check()).sort(), online, 'up for 31 s: the silent ones are lost');
    assert.deepEqual(await workersOnline(), []);
  });

  it('a worker whose heartbeats are late but whose other calls arrive keeps its lease', async () => {
    const { db, frames, log } = rig.farm.app.services;
    const jobId = await rig.submit({ name: 'Busy, not lost', totalFrames: 1, outputFormat: 'PNG', priority: 10 });
    const busy = await rig.register('busy');
    assert.deepEqual(await rig.poll(busy), [jobId, 1]);

    const realNow = Date.now();
    let fakeNow = new Date(realNow + 40_000);
    const sightings = new WorkerSightings(() => fakeNow);
    const checker = new TimeoutChecker(db, frames, log, {
      workerTimeoutS: 30,
      startedAt: new Date(realNow - 60_000),
      intervalMs: 1000,
      now: () => fakeNow,
      sightings,
    });
    // Every worker of this rig called at +40 s (the others too, or they would be lost here).
    for (const w of await db.worker.findMany({ where: { status: { not: 'OFFLINE' } } })) sightings.seen(w.id);
    fakeNow = new Date(realNow + 45_000);
    assert.deepEqual(await checker.check(), [], 'no heartbeat for 45 s, but it called 5 s ago: keeps its frame');
    assert.deepEqual((await rig.job(jobId)).frames.map((f) => [f.number, f.status, f.worker?.name ?? null]), [[1, 'ASSIGNED', 'busy']]);

    fakeNow = new Date(realNow + 100_000);
    assert.ok((await checker.check()).includes(busy.id), 'silent in every way for 55 s: lost');
    assert.deepEqual((await rig.job(jobId)).frames.map((f) => [f.number, f.status, f.worker?.name ?? null]), [[1, 'QUEUED', null]]);
  });
});

describe('signOff', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it("a worker signing off hands its frame back at once, not as a failure", async () => {
    const jobId = await rig.submit({ name: 'Shift change', totalFrames: 2, outputFormat: 'PNG' });
    const w1 = await rig.register('w1');
    const w2 = await rig.register('w2');
    assert.deepEqual(await rig.poll(w1), [jobId, 1]);

    const { signOff } = ok(await w1.api.client.mutation(SignOff, { workerId: w1.id }).toPromise());
    assert.deepEqual(signOff, { id: w1.id, status: 'OFFLINE' });
    const frame1 = (await rig.job(jobId)).frames.find((f) => f.number === 1)!;
    assert.deepEqual([frame1.status, frame1.failures, frame1.error, frame1.worker], ['QUEUED', 0, null, null]);
    assert.equal((await rig.worker(w1.id)).status, 'OFFLINE');

    assert.deepEqual(await rig.poll(w2), [jobId, 1], 'w2 gets the handed-back frame');
    assert.equal(await rig.poll(w1), null);
  });
});

describe('deleteJob', () => {
  const rig = new Rig();
  before(() => rig.start());
  after(() => rig.stop());

  it('removes the job, its frames and files, and tells the worker rendering it to stop', async () => {
    const jobId = await rig.submit({ name: 'Scrap', totalFrames: 2, outputFormat: 'PNG' });
    const w1 = await rig.register('w1');
    const w2 = await rig.register('w2');
    const revocations = await rig.watchRevocations(w1);
    assert.deepEqual(await rig.poll(w2), [jobId, 1]);
    await rig.deliver(w2, jobId, 1);
    assert.deepEqual(await rig.poll(w1), [jobId, 2]);
    const { dataDir } = rig.farm.config;
    const jobDir = path.join(dataDir, 'jobs', jobId);
    assert.deepEqual(await filesUnder(jobDir), ['0001.png']);
    assert.equal((await filesUnder(path.join(dataDir, 'blends'))).length, 1);

    // A client following the job's progress (farm watch, the dashboard) hears its end.
    const watched: string[] = [];
    const watchEnded = new Promise<void>((resolve, reject) => {
      rig.farm.farm.ws.subscribe<{ jobProgress: { status: string } }>(
        { query: 'subscription ($jobId: ID!) { jobProgress(jobId: $jobId) { status } }', variables: { jobId } },
        { next: (result) => void (result.data && watched.push(result.data.jobProgress.status)), error: reject, complete: resolve },
      );
    });
    await waitFor('the jobProgress snapshot', () => watched.length > 0);

    const { deleteJob } = ok(await rig.user.mutation(DeleteJob, { jobId }).toPromise());
    assert.deepEqual(deleteJob, { id: jobId, name: 'Scrap' });
    await watchEnded;
    assert.deepEqual(watched, ['RUNNING'], 'the jobProgress subscription completed when the job was deleted');
    assert.deepEqual(await revocations.next(0, 2_000), {
      jobId,
      frameNumber: 2,
      reason: 'DELETED',
      message: 'the job of frame 2 was deleted',
    });

    assert.equal(ok(await rig.user.query(JobFrames, { id: jobId }).toPromise()).job, null);
    assert.deepEqual(await filesUnder(jobDir), []);
    assert.equal(fs.existsSync(jobDir), false, 'the job folder is gone');
    assert.deepEqual(await filesUnder(path.join(dataDir, 'blends')), [], 'its .blend, used by no other job, is gone');
    assert.equal(await rig.farm.app.services.db.frame.count(), 0);
    assert.equal((await rig.worker(w1.id)).status, 'IDLE');

    const twice = refusal(await rig.user.mutation(DeleteJob, { jobId }).toPromise(), 'NOT_FOUND', 'delete twice');
    assert.equal(twice.message, `No job with id "${jobId}"`);
  });
});

describe('bad arguments', () => {
  const rig = new Rig();
  let jobId: string;
  let worker: ApiWorker;
  before(async () => {
    await rig.start();
    jobId = await rig.submit({ name: 'Steady', totalFrames: 2, outputFormat: 'PNG' });
    worker = await rig.register('w1', ['linux']);
    assert.deepEqual(await rig.poll(worker), [jobId, 1]);
  });
  after(() => rig.stop());

  /** Every job with its frames and blocklist, every worker, and the stored files. */
  async function snapshot() {
    const { jobs } = ok(await rig.user.query(FarmTotals, {}).toPromise());
    const details = await Promise.all(jobs.map((j) => rig.job(j.id)));
    const { workers } = ok(await rig.user.query(WorkerDetails, {}).toPromise());
    return {
      jobs: details,
      workers,
      files: await filesUnder(rig.farm.config.dataDir).then((files) => files.filter((f) => !f.startsWith('farm.db'))),
    };
  }

  it('an unknown job id is NOT_FOUND for pauseJob, cancelJob, setJobPriority and clearBlocklist', async () => {
    const before = await snapshot();
    const unknown = crypto.randomUUID();
    const calls = {
      pauseJob: () => rig.user.mutation(PauseJob, { jobId: unknown }).toPromise(),
      cancelJob: () => rig.user.mutation(CancelJob, { jobId: unknown }).toPromise(),
      setJobPriority: () => rig.user.mutation(SetJobPriority, { jobId: unknown, priority: 3 }).toPromise(),
      clearBlocklist: () => rig.user.mutation(ClearBlocklist, { jobId: unknown, workerId: worker.id }).toPromise(),
    };
    for (const [name, call] of Object.entries(calls)) {
      const { message } = refusal(await call(), 'NOT_FOUND', name);
      assert.equal(message, `No job with id "${unknown}"`, name);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('setJobPriority out of range is BAD_USER_INPUT naming priority', async () => {
    const before = await snapshot();
    const bad = refusal(await rig.user.mutation(SetJobPriority, { jobId, priority: 2_000_000 }).toPromise(), 'BAD_USER_INPUT', 'priority');
    assert.equal(bad.field, 'priority');
    assert.equal(bad.message, 'Invalid priority: must be between -1000000 and 1000000, got 2000000');
    assert.deepEqual(await snapshot(), before);
  });

  it('setWorkerTags with a tag containing a space is BAD_USER_INPUT naming the tag', async () => {
    const before = await snapshot();
    const bad = refusal(
      await rig.user.mutation(SetWorkerTags, { workerId: worker.id, tags: ['gpu', 'big gpu'] }).toPromise(),
      'BAD_USER_INPUT',
      'tags',
    );
    assert.equal(bad.field, 'tags');
    assert.equal(bad.message, 'Invalid tags: "big gpu" is not a tag: use 1 to 50 letters, digits, "_", "." or "-"');
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual((await rig.worker(worker.id)).tags, ['linux']);
  });

  it('submitJob with maxAttempts 0 is BAD_USER_INPUT naming maxAttempts', async () => {
    const before = await snapshot();
    const bad = refusal(
      await submitJob(rig.farm.farm, blendFile, { name: 'Never', totalFrames: 2, outputFormat: 'PNG', maxAttempts: 0 }),
      'BAD_USER_INPUT',
      'maxAttempts',
    );
    assert.equal(bad.field, 'maxAttempts');
    assert.equal(bad.message, 'Invalid maxAttempts: must be 1 to 100, got 0');
    assert.deepEqual(await snapshot(), before);
  });
});
