/**
 * What a user sees when the farm refuses something, and that a refusal changes nothing:
 * every invalid submission gets a GraphQL error naming the field and leaves no job, no
 * frame and no file behind (an upload cut off halfway neither); every worker operation
 * needs the token registerWorker returned, and acts only for that worker.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { CombinedError } from '@urql/core';
import { type FormattedExecutionResult, print } from 'graphql';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import {
  Assignments,
  Heartbeat,
  PollJob,
  RegisterWorker,
  ReportFrameFailure,
  ReportFrameProgress,
  UploadFrame,
} from '../../worker/graphql/operations.ts';
import { makeScene } from '../support/blender.ts';
import { filesUnder, ok, startFarm, submitJob, tempDir, type TestFarm } from '../support/farm.ts';
import { waitFor } from '../support/processes.ts';
import { FarmTotals, JobDetails, JobProgressQuery, ListWorkers, SubmitJob } from '../support/operations.ts';

const MiB = 1024 * 1024;
/** Small, so "too large" costs a 2 MiB upload, yet above the ~1.1 MB scene makeScene writes. */
const MAX_UPLOAD_BYTES = 2 * MiB;
const SUBMIT_JOB = print(SubmitJob);

/** A 1x1 PNG: a real image, so "not a .blend" is refused for its content, not for being junk. */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; field?: string };
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorBody[];
}

let scenePromise: Promise<string> | undefined;
/** One real .blend for the whole file (Blender takes about a second to write it). */
function scene(): Promise<string> {
  scenePromise ??= tempDir('submit-validation').then((dir) => makeScene({ out: path.join(dir, 'shot.blend'), frames: 3 }));
  return scenePromise;
}

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A GraphQL multipart request (the spec's operations, map, then the file), sent as any HTTP client would. */
async function submitRaw(farm: TestFarm, input: Record<string, unknown>, file: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: SUBMIT_JOB, variables: { input: { ...input, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([Uint8Array.from(file.bytes)]), file.name);
  // A refusal comes in milliseconds; the timeout turns a hung request into a failure, not a 5-minute wait.
  const response = await fetch(`${farm.url}/graphql`, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

/** No job, no frame, and no file in blends/, incoming/ or jobs/: the farm looks untouched. */
async function assertNothingStored(farm: TestFarm, what: string): Promise<void> {
  const totals = ok(await farm.farm.client.query(FarmTotals, {}).toPromise());
  assert.deepEqual(totals.jobs, [], `${what}: no job`);
  assert.deepEqual(totals.allJobsProgress, [], `${what}: no job progress`);
  assert.equal(totals.totalFramesDone, 0, `${what}: no frame done`);
  assert.equal(await farm.app.services.db.frame.count(), 0, `${what}: no Frame row`);
  for (const dir of ['blends', 'incoming', 'jobs']) {
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, dir)), [], `${what}: ${dir}/ is empty`);
  }
}

/** The start of a multipart submitJob request whose .blend part is still to come. */
function multipartHead(port: number, boundary: string, contentLength: number, input: Record<string, unknown>): Buffer {
  const operations = JSON.stringify({ query: SUBMIT_JOB, variables: { input: { ...input, file: null } } });
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.input.file"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="shot.blend"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  const headers =
    'POST /graphql HTTP/1.1\r\n' +
    `Host: 127.0.0.1:${port}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
    `Content-Length: ${contentLength}\r\n` +
    'Connection: close\r\n\r\n';
  return Buffer.concat([Buffer.from(headers), Buffer.from(body)]);
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function write(socket: net.Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
}

describe('submitJob refuses invalid input and stores nothing', () => {
  let farm: TestFarm;
  let blend: Buffer;
  const files = {
    blend: () => ({ bytes: blend, name: 'shot.blend' }),
    png: () => ({ bytes: PNG_1X1, name: 'shot.blend' }),
    text: () => ({ bytes: Buffer.from('just some notes, not a scene\n'), name: 'notes.blend' }),
    empty: () => ({ bytes: new Uint8Array(0), name: 'empty.blend' }),
    // Starts like a .blend, so only its size is wrong.
    tooLarge: () => ({ bytes: Buffer.concat([Buffer.from('BLENDER-v304'), Buffer.alloc(MAX_UPLOAD_BYTES + 64 * 1024, 7)]), name: 'huge.blend' }),
  };
  const valid = { name: 'Shot 010', outputFormat: 'PNG' };

  before(async () => {
    blend = await fs.readFile(await scene());
    assert.ok(blend.length < MAX_UPLOAD_BYTES, `the test scene (${blend.length} bytes) fits under the limit`);
    farm = await startFarm({ maxUploadBytes: MAX_UPLOAD_BYTES });
  });

  after(async () => {
    await farm?.stop();
  });

  const cases: Array<{ title: string; file: keyof typeof files; input: Record<string, unknown>; field: string; says: RegExp }> = [
    { title: 'a PNG', file: 'png', input: { ...valid, totalFrames: 3 }, field: 'file', says: /not a \.blend file/ },
    { title: 'a text file', file: 'text', input: { ...valid, totalFrames: 3 }, field: 'file', says: /not a \.blend file/ },
    { title: 'an empty file', file: 'empty', input: { ...valid, totalFrames: 3 }, field: 'file', says: /the file is empty/ },
    { title: 'a file over the size limit', file: 'tooLarge', input: { ...valid, totalFrames: 3 }, field: 'file', says: /larger than the limit of 2 MiB/ },
    { title: 'totalFrames 0', file: 'blend', input: { ...valid, totalFrames: 0 }, field: 'totalFrames', says: /at least 1, got 0/ },
    { title: 'totalFrames -3', file: 'blend', input: { ...valid, totalFrames: -3 }, field: 'totalFrames', says: /at least 1, got -3/ },
    { title: 'frameStart 0', file: 'blend', input: { ...valid, frameStart: 0, frameEnd: 10 }, field: 'frameStart', says: /at least 1, got 0/ },
    { title: 'frameEnd before frameStart', file: 'blend', input: { ...valid, frameStart: 10, frameEnd: 5 }, field: 'frameEnd', says: /must not be before frameStart \(10\), got 5/ },
    { title: 'frameStep 0', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 10, frameStep: 0 }, field: 'frameStep', says: /at least 1, got 0/ },
    { title: 'frameStep -1', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 10, frameStep: -1 }, field: 'frameStep', says: /at least 1, got -1/ },
    { title: 'frameStart without frameEnd', file: 'blend', input: { ...valid, frameStart: 1 }, field: 'frameEnd', says: /required with frameStart/ },
    { title: 'both totalFrames and a range', file: 'blend', input: { ...valid, totalFrames: 10, frameStart: 1, frameEnd: 10 }, field: 'totalFrames', says: /not both/ },
    { title: 'neither totalFrames nor a range', file: 'blend', input: { ...valid }, field: 'totalFrames', says: /give either totalFrames/ },
    { title: 'totalFrames 1,000,001', file: 'blend', input: { ...valid, totalFrames: 1_000_001 }, field: 'totalFrames', says: /at most 1,000,000 frames per job, got 1000001/ },
    { title: 'a range of 1,000,001 frames', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 1_000_001 }, field: 'frameEnd', says: /1,000,001 frames; at most 1,000,000/ },
    { title: 'a stepped range of 1,000,001 frames', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 2_000_001, frameStep: 2 }, field: 'frameEnd', says: /1,000,001 frames; at most 1,000,000/ },
    { title: 'an empty name', file: 'blend', input: { ...valid, name: '', totalFrames: 3 }, field: 'name', says: /the job needs a name/ },
    { title: 'a whitespace name', file: 'blend', input: { ...valid, name: ' \t  ', totalFrames: 3 }, field: 'name', says: /the job needs a name/ },
  ];

  for (const c of cases) {
    it(`refuses ${c.title}, naming ${c.field}, and stores nothing`, async () => {
      const { body } = await submitRaw(farm, c.input, files[c.file]());
      assert.equal(body.data?.submitJob ?? null, null, `no job returned: ${JSON.stringify(body)}`);
      const [error] = body.errors ?? [];
      assert.ok(error, `a GraphQL error: ${JSON.stringify(body)}`);
      assert.equal(body.errors?.length, 1);
      assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
      assert.equal(error.extensions?.field, c.field);
      assert.match(error.message, new RegExp(`^Invalid ${c.field}: `));
      assert.match(error.message, c.says);
      await assertNothingStored(farm, c.title);
    });
  }

  it('refuses an unknown outputFormat, naming outputFormat, and stores nothing', async () => {
    const { body } = await submitRaw(farm, { ...valid, outputFormat: 'GIF', totalFrames: 3 }, files.blend());
    assert.equal(body.data?.submitJob ?? null, null);
    const [error] = body.errors ?? [];
    assert.ok(error, `a GraphQL error: ${JSON.stringify(body)}`);
    assert.match(error.message, /outputFormat/);
    assert.match(error.message, /"GIF" does not exist in "OutputFormat" enum/);
    await assertNothingStored(farm, 'outputFormat GIF');
  });

  it('an upload cut off halfway leaves nothing behind', async () => {
    const port = Number(new URL(farm.url).port);
    const socket = await connect(port);
    socket.on('error', () => {});
    const boundary = `cut-${crypto.randomUUID()}`;
    const head = multipartHead(port, boundary, 10 * MiB, { ...valid, totalFrames: 3 });
    await write(socket, head);
    // Half of a real .blend: the server has started storing it when the client goes away.
    await write(socket, blend.subarray(0, Math.floor(blend.length / 2)));
    const incoming = path.join(farm.config.dataDir, 'incoming');
    await waitFor('the server to start receiving the .blend', async () => (await filesUnder(incoming)).length > 0, { timeoutMs: 5_000, intervalMs: 20 });
    socket.destroy();

    await waitFor('the partial upload to be removed', async () => (await filesUnder(incoming)).length === 0, { timeoutMs: 5_000, intervalMs: 20 });
    // Nothing turns up later either.
    await sleep(300);
    await assertNothingStored(farm, 'cut-off upload');
  });

  it('an upload that runs past the size limit is refused while it streams and leaves nothing behind', async () => {
    const port = Number(new URL(farm.url).port);
    const socket = await connect(port);
    const response: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => response.push(chunk));
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const boundary = `big-${crypto.randomUUID()}`;
    // Claims 64 MiB and keeps sending past the 2 MiB limit, as a client that ignores the limit would.
    await write(socket, multipartHead(port, boundary, 64 * MiB, { ...valid, totalFrames: 3 }));
    await write(socket, blend.subarray(0, 16));
    const chunk = Buffer.alloc(256 * 1024, 9);
    let sent = 16;
    while (sent < 4 * MiB && !socket.destroyed && response.length === 0) {
      await write(socket, chunk).catch(() => {});
      sent += chunk.length;
    }
    await waitFor('the server to answer', () => Buffer.concat(response).includes('\r\n\r\n'), { timeoutMs: 5_000, intervalMs: 20 });
    socket.destroy();
    await closed;

    const text = Buffer.concat(response).toString('utf8');
    const bodyStart = text.indexOf('\r\n\r\n') + 4;
    assert.ok(bodyStart > 3, `an HTTP response: ${text.slice(0, 500)}`);
    assert.match(text, /^HTTP\/1\.1 200 /);
    assert.match(text, /"field":"file"/);
    assert.match(text, /Invalid file: the file is larger than the limit of 2 MiB/);
    await sleep(300);
    await assertNothingStored(farm, 'upload past the limit');
  });

  it('still accepts a valid .blend afterwards, keeping its sha256 and size', async () => {
    const submitted = ok(await submitJob(farm.farm, await scene(), { name: 'Shot 010', totalFrames: 3, outputFormat: 'PNG' })).submitJob;
    assert.equal(submitted.name, 'Shot 010');
    assert.equal(submitted.totalFrames, 3);
    assert.equal(submitted.blendSha256, sha256(blend));
    assert.equal(submitted.blendSize, blend.length);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'blends')), [`${sha256(blend)}.blend`]);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'incoming')), []);
    const stored = await fs.readFile(path.join(farm.config.dataDir, 'blends', `${sha256(blend)}.blend`));
    assert.ok(stored.equals(blend), 'the stored .blend is the uploaded one, byte for byte');
    assert.equal(await farm.app.services.db.frame.count({ where: { jobId: submitted.id } }), 3);
  });

  it('accepts a gzip-compressed .blend', async () => {
    const gzipped = zlib.gzipSync(blend);
    const { body } = await submitRaw(farm, { name: 'Shot 020 (gzip)', totalFrames: 2, outputFormat: 'OPEN_EXR' }, {
      bytes: gzipped,
      name: 'shot-gz.blend',
    });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const job = body.data?.submitJob as { totalFrames: number; outputFormat: string; blendSha256: string; blendSize: number };
    assert.equal(job.totalFrames, 2);
    assert.equal(job.outputFormat, 'OPEN_EXR');
    assert.equal(job.blendSha256, sha256(gzipped));
    assert.equal(job.blendSize, gzipped.length);
    assert.deepEqual(
      await filesUnder(path.join(farm.config.dataDir, 'blends')),
      [`${sha256(blend)}.blend`, `${sha256(gzipped)}.blend`].sort(),
    );
    const totals = ok(await farm.farm.client.query(FarmTotals, {}).toPromise());
    assert.equal(totals.jobs.length, 2);
    assert.equal(await farm.app.services.db.frame.count(), 5);
  });
});

// ---------------------------------------------------------------------------------------------

type Refusal = { code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT'; says: RegExp };

const NO_TOKEN: Refusal = { code: 'UNAUTHENTICATED', says: /send the token registerWorker returned as "Authorization: Bearer <token>"/ };
const WRONG_TOKEN: Refusal = { code: 'UNAUTHENTICATED', says: /The worker token is not valid/ };

function assertRefused(result: { data?: unknown; error?: CombinedError }, expected: Refusal, what: string): void {
  const [error] = result.error?.graphQLErrors ?? [];
  assert.ok(error, `${what}: refused, got ${JSON.stringify(result.data)} ${result.error?.message ?? ''}`);
  assert.equal(error.extensions.code, expected.code, `${what}: ${error.message}`);
  assert.match(error.message, expected.says, what);
  // null, or { pollJob: null } for a nullable field: nothing handed out either way.
  assert.ok(Object.values(result.data ?? {}).every((value) => value === null), `${what}: no data, got ${JSON.stringify(result.data)}`);
}

interface SubscriptionOutcome {
  results: FormattedExecutionResult<Record<string, unknown>, unknown>[];
  error?: unknown;
  completed: boolean;
}

describe('worker operations need the worker\'s own token', () => {
  let farm: TestFarm;
  let jobId: string;
  let alpha: { id: string; token: string };
  let beta: { id: string; token: string };
  const clients: FarmClient[] = [];
  let asAlpha: FarmClient;
  let asBeta: FarmClient;
  let withWrongToken: FarmClient;
  let anonymous: FarmClient;
  const wrongToken = crypto.randomBytes(32).toString('base64url');

  const client = (token: string | null) => {
    const created = createFarmClient({ serverUrl: farm.url, token: () => token });
    clients.push(created);
    return created;
  };

  /** Everything a refused call could have changed, as clients and the disk see it. */
  async function farmState() {
    const workers = ok(await farm.farm.client.query(ListWorkers, {}).toPromise()).workers;
    const job = ok(await farm.farm.client.query(JobDetails, { id: jobId }).toPromise()).job;
    const progress = ok(await farm.farm.client.query(JobProgressQuery, { jobId }).toPromise()).jobProgress;
    return {
      workers,
      job,
      progress,
      frameFiles: await filesUnder(path.join(farm.config.dataDir, 'jobs')),
      incoming: await filesUnder(path.join(farm.config.dataDir, 'incoming')),
    };
  }

  /** Subscribes to assignments over graphql-ws and reports the first thing that happens. */
  async function subscribeAssignments(connectionParams: Record<string, unknown>, workerId: string): Promise<SubscriptionOutcome> {
    const ws = createWsClient({
      url: `${farm.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
    });
    try {
      return await new Promise<SubscriptionOutcome>((resolve) => {
        const outcome: SubscriptionOutcome = { results: [], completed: false };
        const timer = setTimeout(() => resolve(outcome), 3_000);
        ws.subscribe(
          { query: print(Assignments), variables: { workerId } },
          {
            next: (result) => {
              outcome.results.push(result);
              if (result.data) {
                clearTimeout(timer);
                resolve(outcome);
              }
            },
            error: (error) => {
              clearTimeout(timer);
              resolve({ ...outcome, error });
            },
            complete: () => {
              clearTimeout(timer);
              resolve({ ...outcome, completed: true });
            },
          },
        );
      });
    } finally {
      await ws.dispose();
    }
  }

  before(async () => {
    const blendFile = await scene();
    // A long heartbeat interval, so no worker turns OFFLINE while the test compares states.
    farm = await startFarm({ heartbeatIntervalS: 600, workerTimeoutS: 1200 });
    anonymous = farm.farm;
    jobId = ok(await submitJob(farm.farm, blendFile, { name: 'Auth', totalFrames: 2, outputFormat: 'PNG' })).submitJob.id;
    const register = async (name: string) => {
      const registration = ok(await anonymous.client.mutation(RegisterWorker, { name }).toPromise()).registerWorker;
      return { id: registration.worker.id, token: registration.token };
    };
    alpha = await register('alpha');
    beta = await register('beta');
    asAlpha = client(alpha.token);
    asBeta = client(beta.token);
    withWrongToken = client(wrongToken);
    // alpha holds frame 1; frame 2 stays queued.
    const assignment = ok(await asAlpha.client.mutation(PollJob, { workerId: alpha.id }).toPromise()).pollJob;
    assert.equal(assignment?.frameNumber, 1);
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await farm?.stop();
  });

  it('registerWorker refuses an empty name, naming name', async () => {
    for (const name of ['', '   ']) {
      const result = await anonymous.client.mutation(RegisterWorker, { name }).toPromise();
      const [error] = result.error?.graphQLErrors ?? [];
      assert.ok(error, `registerWorker(${JSON.stringify(name)}) is refused`);
      assert.equal(error.extensions.code, 'BAD_USER_INPUT');
      assert.equal(error.extensions.field, 'name');
      assert.match(error.message, /^Invalid name: a worker needs a name/);
    }
    const workers = ok(await anonymous.client.query(ListWorkers, {}).toPromise()).workers;
    assert.deepEqual(workers.map((w) => w.name), ['alpha', 'beta']);
  });

  it('the state the refusals must not change: alpha holds frame 1', async () => {
    const state = await farmState();
    assert.deepEqual(
      state.job?.frames.map((f) => [f.number, f.status, f.worker?.name ?? null, f.attempts]),
      [
        [1, 'ASSIGNED', 'alpha', 1],
        [2, 'QUEUED', null, 0],
      ],
    );
    assert.equal(state.progress.percent, 0);
    assert.deepEqual(state.frameFiles, []);
  });

  it('heartbeat: refused without a token, with a wrong one, and with another worker\'s', async () => {
    const before = await farmState();
    await sleep(5); // a heartbeat that got through would move lastHeartbeatAt
    assertRefused(await anonymous.client.mutation(Heartbeat, { workerId: alpha.id }).toPromise(), NO_TOKEN, 'no token');
    assertRefused(await withWrongToken.client.mutation(Heartbeat, { workerId: alpha.id }).toPromise(), WRONG_TOKEN, 'wrong token');
    assertRefused(
      await asBeta.client.mutation(Heartbeat, { workerId: alpha.id }).toPromise(),
      { code: 'FORBIDDEN', says: new RegExp(`belongs to worker ${beta.id}, not to worker ${alpha.id}`) },
      "beta's token",
    );
    assert.deepEqual(await farmState(), before);
  });

  it('pollJob: refused without a token, with a wrong one, and with another worker\'s; no frame is handed out', async () => {
    const before = await farmState();
    assertRefused(await anonymous.client.mutation(PollJob, { workerId: alpha.id }).toPromise(), NO_TOKEN, 'no token');
    assertRefused(await withWrongToken.client.mutation(PollJob, { workerId: alpha.id }).toPromise(), WRONG_TOKEN, 'wrong token');
    assertRefused(await withWrongToken.client.mutation(PollJob, { workerId: beta.id }).toPromise(), WRONG_TOKEN, 'wrong token for beta');
    assertRefused(
      await asBeta.client.mutation(PollJob, { workerId: alpha.id }).toPromise(),
      { code: 'FORBIDDEN', says: new RegExp(`belongs to worker ${beta.id}, not to worker ${alpha.id}`) },
      "beta's token",
    );
    assert.deepEqual(await farmState(), before);
  });

  it('reportFrameProgress: refused without a token, with a wrong one, and for a frame another worker holds', async () => {
    const before = await farmState();
    const vars = { jobId, frameNumber: 1, percent: 50 };
    assertRefused(await anonymous.client.mutation(ReportFrameProgress, vars).toPromise(), NO_TOKEN, 'no token');
    assertRefused(await withWrongToken.client.mutation(ReportFrameProgress, vars).toPromise(), WRONG_TOKEN, 'wrong token');
    assertRefused(
      await asBeta.client.mutation(ReportFrameProgress, vars).toPromise(),
      { code: 'CONFLICT', says: /frame 1 of job .* is not assigned to this worker/ },
      "beta's token",
    );
    assert.deepEqual(await farmState(), before);
  });

  it('reportFrameFailure: refused without a token, with a wrong one, and for a frame another worker holds', async () => {
    const before = await farmState();
    const vars = { jobId, frameNumber: 1, error: 'Blender crashed', logTail: 'Segmentation fault', kind: 'SCENE_NOT_FOUND' as const };
    assertRefused(await anonymous.client.mutation(ReportFrameFailure, vars).toPromise(), NO_TOKEN, 'no token');
    assertRefused(await withWrongToken.client.mutation(ReportFrameFailure, vars).toPromise(), WRONG_TOKEN, 'wrong token');
    assertRefused(
      await asBeta.client.mutation(ReportFrameFailure, vars).toPromise(),
      { code: 'CONFLICT', says: /frame 1 of job .* is no longer assigned to this worker/ },
      "beta's token",
    );
    assert.deepEqual(await farmState(), before);
  });

  // Another registered worker's upload of the frame would be taken as a late delivery (issue 3:
  // a worker whose lease was lost still delivers); scheduling.test.ts covers that.
  it('uploadFrame: refused without a token and with a wrong one; no file is stored', async () => {
    const before = await farmState();
    const vars = () => ({ jobId, frameNumber: 1, file: new File([PNG_1X1], '0001.png'), renderTimeMs: 1234 });
    assertRefused(await anonymous.client.mutation(UploadFrame, vars()).toPromise(), NO_TOKEN, 'no token');
    assertRefused(await withWrongToken.client.mutation(UploadFrame, vars()).toPromise(), WRONG_TOKEN, 'wrong token');
    assert.deepEqual(await farmState(), before);
    assert.deepEqual(before.frameFiles, []);
  });

  it('assignments over graphql-ws: refused without a token, with a wrong one, and with another worker\'s', async () => {
    const before = await farmState();
    const refusals: Array<{ what: string; params: Record<string, unknown>; expected: Refusal }> = [
      { what: 'no token', params: {}, expected: NO_TOKEN },
      { what: 'wrong token', params: { Authorization: `Bearer ${wrongToken}` }, expected: WRONG_TOKEN },
      {
        what: "beta's token",
        params: { Authorization: `Bearer ${beta.token}` },
        expected: { code: 'FORBIDDEN', says: new RegExp(`belongs to worker ${beta.id}, not to worker ${alpha.id}`) },
      },
    ];
    for (const { what, params, expected } of refusals) {
      const outcome = await subscribeAssignments(params, alpha.id);
      const errors = [
        ...outcome.results.flatMap((r) => r.errors ?? []),
        ...(Array.isArray(outcome.error) ? (outcome.error as GraphQLErrorBody[]) : []),
      ];
      assert.ok(errors.length > 0, `${what}: an error, got ${JSON.stringify(outcome)}`);
      assert.equal(errors[0]?.extensions?.code, expected.code, `${what}: ${errors[0]?.message}`);
      assert.match(errors[0]?.message ?? '', expected.says, what);
      assert.ok(outcome.results.every((r) => !r.data), `${what}: no assignment, got ${JSON.stringify(outcome.results)}`);
      assert.ok(outcome.completed || outcome.error !== undefined, `${what}: the subscription is over, not left waiting`);
    }
    assert.deepEqual(await farmState(), before);

    // alpha's own token gets its frame again: the refusals above were about the token, nothing else.
    const own = await subscribeAssignments({ Authorization: `Bearer ${alpha.token}` }, alpha.id);
    assert.equal(own.error, undefined);
    const assignment = own.results[0]?.data?.assignments as { jobId: string; frameNumber: number } | undefined;
    assert.deepEqual([assignment?.jobId, assignment?.frameNumber], [jobId, 1]);
  });

  it("the worker's own token works for the same calls", async () => {
    const before = await farmState();
    const beat = ok(await asAlpha.client.mutation(Heartbeat, { workerId: alpha.id }).toPromise()).heartbeat;
    const earlier = before.workers.find((w) => w.id === alpha.id)?.lastHeartbeatAt ?? '';
    assert.ok(Date.parse(beat.lastHeartbeatAt) > Date.parse(earlier), 'the heartbeat is recorded');

    const progress = ok(await asAlpha.client.mutation(ReportFrameProgress, { jobId, frameNumber: 1, percent: 50 }).toPromise());
    assert.equal(progress.reportFrameProgress.status, 'RENDERING');

    const upload = ok(
      await asAlpha.client.mutation(UploadFrame, { jobId, frameNumber: 1, file: new File([PNG_1X1], '0001.png'), renderTimeMs: 1234 }).toPromise(),
    );
    assert.equal(upload.uploadFrame.status, 'DONE');
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'jobs')), [path.join(jobId, '0001.png')]);
    const stored = await fs.readFile(path.join(farm.config.dataDir, 'jobs', jobId, '0001.png'));
    assert.ok(stored.equals(PNG_1X1));
  });
});
