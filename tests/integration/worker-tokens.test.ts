/**
 * Every worker operation needs the token registerWorker returned, and acts only for that
 * worker: a refused call is told why (UNAUTHENTICATED, FORBIDDEN, CONFLICT) and changes
 * nothing clients or the disk see, over HTTP and over graphql-ws alike.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnyVariables, CombinedError, DocumentInput } from '@urql/core';
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
import { filesUnder, ok, startFarm, submitJob, type TestFarm } from '../support/farm.ts';
import { JobDetails, JobProgressQuery, ListWorkers } from '../support/operations.ts';
import { type GraphQLErrorBody, PNG_1X1, scene, sleep } from '../support/uploads.ts';

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

  type Sent = { data?: unknown; error?: CombinedError };
  interface Attempt {
    what: string;
    send: () => Promise<Sent>;
    expected: Refusal;
  }

  /** The operation without a token and with a wrong one: both UNAUTHENTICATED. */
  function withoutOwnToken<D, V extends AnyVariables>(operation: DocumentInput<D, V>, variables: () => V): Attempt[] {
    return [
      { what: 'no token', send: () => anonymous.client.mutation(operation, variables()).toPromise(), expected: NO_TOKEN },
      { what: 'wrong token', send: () => withWrongToken.client.mutation(operation, variables()).toPromise(), expected: WRONG_TOKEN },
    ];
  }

  /** The operation with beta's token, for alpha or a frame alpha holds. */
  function asBetaFor<D, V extends AnyVariables>(operation: DocumentInput<D, V>, variables: () => V, expected: Refusal): Attempt {
    return { what: "beta's token", send: () => asBeta.client.mutation(operation, variables()).toPromise(), expected };
  }

  const betaActingForAlpha = (): Refusal => ({
    code: 'FORBIDDEN',
    says: new RegExp(`belongs to worker ${beta.id}, not to worker ${alpha.id}`),
  });

  /** Each attempt is refused as expected and none changes the farm's state; returns that state. */
  async function assertRefusedChangingNothing(attempts: Attempt[]) {
    const before = await farmState();
    await sleep(5); // a heartbeat that got through would move lastHeartbeatAt
    for (const attempt of attempts) assertRefused(await attempt.send(), attempt.expected, attempt.what);
    assert.deepEqual(await farmState(), before);
    return before;
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
    const vars = () => ({ workerId: alpha.id });
    await assertRefusedChangingNothing([...withoutOwnToken(Heartbeat, vars), asBetaFor(Heartbeat, vars, betaActingForAlpha())]);
  });

  it('pollJob: refused without a token, with a wrong one, and with another worker\'s; no frame is handed out', async () => {
    const vars = () => ({ workerId: alpha.id });
    await assertRefusedChangingNothing([
      ...withoutOwnToken(PollJob, vars),
      {
        what: 'wrong token for beta',
        send: () => withWrongToken.client.mutation(PollJob, { workerId: beta.id }).toPromise(),
        expected: WRONG_TOKEN,
      },
      asBetaFor(PollJob, vars, betaActingForAlpha()),
    ]);
  });

  it('reportFrameProgress: refused without a token, with a wrong one, and for a frame another worker holds', async () => {
    const vars = () => ({ jobId, frameNumber: 1, percent: 50 });
    await assertRefusedChangingNothing([
      ...withoutOwnToken(ReportFrameProgress, vars),
      asBetaFor(ReportFrameProgress, vars, { code: 'CONFLICT', says: /frame 1 of job .* is not assigned to this worker/ }),
    ]);
  });

  it('reportFrameFailure: refused without a token, with a wrong one, and for a frame another worker holds', async () => {
    const vars = () => ({ jobId, frameNumber: 1, error: 'Blender crashed', logTail: 'Segmentation fault', kind: 'SCENE_NOT_FOUND' as const });
    await assertRefusedChangingNothing([
      ...withoutOwnToken(ReportFrameFailure, vars),
      asBetaFor(ReportFrameFailure, vars, { code: 'CONFLICT', says: /frame 1 of job .* is no longer assigned to this worker/ }),
    ]);
  });

  // Another registered worker's upload of the frame would be taken as a late delivery (issue 3:
  // a worker whose lease was lost still delivers); scheduling.test.ts covers that.
  it('uploadFrame: refused without a token and with a wrong one; no file is stored', async () => {
    const vars = () => ({ jobId, frameNumber: 1, file: new File([PNG_1X1], '0001.png'), renderTimeMs: 1234 });
    const before = await assertRefusedChangingNothing(withoutOwnToken(UploadFrame, vars));
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
        expected: betaActingForAlpha(),
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
