/**
 * No frame lost, none counted twice, with real processes: a real server process, real
 * worker processes running real Blender, killed and frozen with real signals. Each test
 * ends with the same checks (support/checks.ts): every frame DONE exactly once with a valid
 * file, framesDone == totalFrames, and no frame rendered by two workers at the same time.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import { isJobFinished } from '../../common/job-status.ts';
import { makeScene, renderPlain } from '../support/blender.ts';
import { assertAllFramesDone, assertCountedOnce, assertNoFrameRenderedTwiceAtOnce } from '../support/checks.ts';
import { logRecords, ok, type ServerProcess, startServerProcess, startWorker, submitJob, tempDir, type TestWorker } from '../support/farm.ts';
import { JobFrames, WorkerDetails } from '../support/operations.ts';
import { freePort, waitFor } from '../support/processes.ts';
import { workersSubscribed } from '../support/programs.ts';

// 256x144 at 96 samples: ~2 s a frame on this 2-core machine, long enough to catch a worker
// in the middle of one.
const SLOW = { samples: 96, scale: 400, width: 256, height: 144 };
// Short enough to keep the suite quick, long enough over a 1 s heartbeat not to misfire.
const FAST_LEASES = { FARM_WORKER_TIMEOUT_S: '3', FARM_HEARTBEAT_INTERVAL_S: '1' };

interface Farm {
  server: ServerProcess;
  client: FarmClient;
  dataDir: string;
  port: number;
  workers: TestWorker[];
  /** Every line of every server process started for this farm, restarts included. */
  serverLines: string[];
}

async function startFarmProcess(env: NodeJS.ProcessEnv): Promise<Farm> {
  const dataDir = await tempDir('faults-data');
  const port = await freePort();
  const server = await startServerProcess({ dataDir, port, env });
  return { server, client: createFarmClient({ serverUrl: server.url }), dataDir, port, workers: [], serverLines: server.lines };
}

async function stopFarm(farm: Farm): Promise<void> {
  await Promise.all(farm.workers.map((w) => w.stop()));
  await farm.client.close();
  await farm.server.stop();
}

/** A test on a farm of its own, started with `env` and stopped however the test ends. */
function onFarm(env: NodeJS.ProcessEnv, test: (farm: Farm, t: TestContext) => Promise<void>) {
  return async (t: TestContext) => {
    const farm = await startFarmProcess(env);
    try {
      await test(farm, t);
    } finally {
      await stopFarm(farm);
    }
  };
}

function addWorker(farm: Farm, name: string): TestWorker {
  const worker = startWorker(farm.server.url, name);
  farm.workers.push(worker);
  return worker;
}

async function jobFrames(farm: Farm, jobId: string) {
  const job = ok(await farm.client.client.query(JobFrames, { id: jobId }, { requestPolicy: 'network-only' }).toPromise()).job;
  assert.ok(job, `job ${jobId}`);
  return job;
}

/** Waits until `worker` is rendering a frame of the job (its first progress report); returns the frame number. */
async function frameRenderingOn(farm: Farm, jobId: string, worker: TestWorker): Promise<number> {
  return waitFor(`${worker.name} to be rendering a frame`, async () => {
    const job = await jobFrames(farm, jobId);
    return job.frames.find((f) => f.status === 'RENDERING' && f.worker?.name === worker.name)?.number;
  }, { timeoutMs: 60_000 });
}

/**
 * Worker alpha, alone on a job of `totalFrames` frames, is sent `signal` (with the Blender it
 * runs) in the middle of a frame, and worker beta joins: returns both, the job, alpha's frame
 * and when the signal went.
 */
async function alphaInterrupted(farm: Farm, blend: string, name: string, totalFrames: number, signal: NodeJS.Signals) {
  const alpha = addWorker(farm, 'alpha');
  await workersSubscribed([alpha]);
  const job = ok(await submitJob(farm.client, blend, { name, totalFrames, outputFormat: 'PNG' })).submitJob;
  const frame = await frameRenderingOn(farm, job.id, alpha);
  const signalledAt = Date.now();
  alpha.signalGroup(signal);
  const beta = addWorker(farm, 'beta');
  return { alpha, beta, job, frame, signalledAt };
}

async function jobEnds(farm: Farm, jobId: string, timeoutMs = 120_000) {
  return waitFor(`job ${jobId} to end`, async () => {
    const job = await jobFrames(farm, jobId);
    return isJobFinished(job.status) ? job : null;
  }, { timeoutMs, intervalMs: 250 });
}

describe('fault tolerance with real processes', () => {
  let dir: string;
  let slowBlend: string;

  before(async () => {
    dir = await tempDir('faults');
    slowBlend = await makeScene({ out: path.join(dir, 'slow.blend'), frames: 6, samples: SLOW.samples, scale: SLOW.scale });
  });

  describe('a worker SIGKILLed in the middle of a frame', () => {
    it('has its frame rendered elsewhere after the timeout', onFarm(FAST_LEASES, async (farm) => {
      const { alpha, beta, job, frame: lostFrame, signalledAt: killedAt } = await alphaInterrupted(farm, slowBlend, 'killed worker', 4, 'SIGKILL');

      const done = await jobEnds(farm, job.id);
      assert.equal(done.status, 'COMPLETED', `job error: ${done.error}`);
      const lost = done.frames.find((f) => f.number === lostFrame)!;
      assert.equal(lost.worker?.name, 'beta', 'the lost frame was rendered by the other worker');
      assert.equal(lost.attempts, 2);
      const lostLog = logRecords(farm.serverLines).find((r) => r.msg === 'worker lost');
      assert.ok(lostLog, 'the server logged the lost worker');
      assert.ok(Date.now() - killedAt >= 3000, 'not before the 3 s timeout');

      await assertAllFramesDone(farm.client, job.id, { totalFrames: 4, width: SLOW.width, height: SLOW.height });
      assertCountedOnce(farm.serverLines, job.id, 4);
      assertNoFrameRenderedTwiceAtOnce([alpha, beta], job.id, { killedAt: new Map([[alpha, killedAt]]) });
    }));
  });

  describe('the server SIGKILLed in the middle of a job and started again', () => {
    // A timeout longer than the outage: the frames out on workers must stay theirs.
    const leases = { FARM_WORKER_TIMEOUT_S: '15', FARM_HEARTBEAT_INTERVAL_S: '1' };

    it('completes the job: workers reconnect, keep their frames, nothing counted twice', onFarm(leases, async (farm) => {
      const workers = [addWorker(farm, 'alpha'), addWorker(farm, 'beta')];
      await workersSubscribed(workers);
      const job = ok(await submitJob(farm.client, slowBlend, { name: 'server restart', totalFrames: 6, outputFormat: 'PNG' })).submitJob;

      await waitFor('a frame done and frames rendering', async () => {
        const state = await jobFrames(farm, job.id);
        return state.framesDone >= 1 && state.frames.some((f) => f.status === 'RENDERING');
      }, { timeoutMs: 60_000 });
      farm.server.signalGroup('SIGKILL');
      await farm.server.exited;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      farm.server = await startServerProcess({ dataDir: farm.dataDir, port: farm.port, env: leases });
      const firstLines = farm.serverLines;
      const restarted = farm.server;

      const done = await jobEnds(farm, job.id);
      assert.equal(done.status, 'COMPLETED', `job error: ${done.error}`);
      // Kept by the workers that were rendering them: no frame was handed out twice.
      assert.deepEqual(done.frames.map((f) => f.attempts), [1, 1, 1, 1, 1, 1]);
      const allServerLines = [...firstLines, ...restarted.lines];
      assert.equal(logRecords(allServerLines).filter((r) => r.msg === 'worker lost').length, 0, 'no worker was declared lost');

      await assertAllFramesDone(farm.client, job.id, { totalFrames: 6, width: SLOW.width, height: SLOW.height });
      assertCountedOnce(allServerLines, job.id, 6);
      assertNoFrameRenderedTwiceAtOnce(workers, job.id);
    }));
  });

  describe('a worker frozen (SIGSTOP) past the timeout, then resumed (SIGCONT)', () => {
    it('delivers late without counting the frame twice, and rejoins', onFarm(FAST_LEASES, async (farm) => {
      const { alpha, beta, job, frame: frozenFrame, signalledAt: frozenFrom } = await alphaInterrupted(farm, slowBlend, 'frozen worker', 4, 'SIGSTOP');
      // The frame goes to beta once alpha's lease is lost, and beta delivers it.
      await waitFor('beta to deliver the frozen frame', async () => {
        const state = await jobFrames(farm, job.id);
        const frame = state.frames.find((f) => f.number === frozenFrame);
        return frame?.status === 'DONE' && frame.worker?.name === 'beta';
      }, { timeoutMs: 60_000 });
      // The server has the frame before beta hears back: beta is on it until its own log says so.
      await waitFor('beta to log the delivery', () =>
        logRecords(beta.lines).some((r) => r.msg === 'frame delivered' && r.jobId === job.id && r.frame === frozenFrame),
      );
      const frozenTo = Date.now();
      alpha.signalGroup('SIGCONT');

      // alpha finishes the frame it was on and delivers it: acknowledged, not counted.
      await waitFor('alpha\'s late upload to be acknowledged', () =>
        logRecords(farm.serverLines).some((r) => r.msg === 'duplicate upload acknowledged, not counted' && r.frame === frozenFrame),
      { timeoutMs: 60_000 });
      const done = await jobEnds(farm, job.id);
      assert.equal(done.status, 'COMPLETED', `job error: ${done.error}`);
      await waitFor('alpha to be back online', async () => {
        const { workers } = ok(await farm.client.client.query(WorkerDetails, {}, { requestPolicy: 'network-only' }).toPromise());
        return workers.find((w) => w.name === 'alpha')?.status !== 'OFFLINE';
      }, { timeoutMs: 10_000 });

      await assertAllFramesDone(farm.client, job.id, { totalFrames: 4, width: SLOW.width, height: SLOW.height });
      assertCountedOnce(farm.serverLines, job.id, 4);
      assertNoFrameRenderedTwiceAtOnce([alpha, beta], job.id, { frozen: [{ worker: alpha, from: frozenFrom, to: frozenTo }] });
    }));
  });

  describe('a frame on which Blender always fails', () => {
    let failingBlend: string;
    let blenderFailsIt = true;

    before(async () => {
      failingBlend = await makeScene({ out: path.join(dir, 'failing.blend'), frames: 5, failFrame: 3 });
      // The scene fails frame 3 only on a Blender built without OpenImageDenoise (Debian's).
      blenderFailsIt = await renderPlain({ blendFile: failingBlend, frame: 3, format: 'PNG', outDir: path.join(dir, 'plain') }).then(
        () => false,
        () => true,
      );
    });

    it('ends FAILED after maxAttempts with the error visible; the job FAILED, other frames DONE; the worker blocklisted', onFarm({ FARM_WORKER_TIMEOUT_S: '30', FARM_HEARTBEAT_INTERVAL_S: '1' }, async (farm, t) => {
      if (!blenderFailsIt) {
        t.skip('this Blender renders the failing frame (it has OpenImageDenoise)');
        return;
      }
      const alpha = addWorker(farm, 'alpha');
      await workersSubscribed([alpha]);
      const job = ok(
        await submitJob(farm.client, failingBlend, { name: 'failing frame', totalFrames: 5, outputFormat: 'PNG', maxAttempts: 5 }),
      ).submitJob;

      // alpha alone: it fails frame 3 three times and is blocklisted for the job.
      const blocked = await waitFor('alpha to be blocklisted', async () => {
        const state = await jobFrames(farm, job.id);
        return state.blocklist.find((b) => b.worker.name === 'alpha' && b.blocked) ? state : null;
      }, { timeoutMs: 60_000 });
      assert.equal(blocked.blocklist[0]?.failures, 3);
      assert.match(blocked.blocklist[0]?.lastError ?? '', /OpenImageDenoise/);
      assert.equal(blocked.frames.find((f) => f.number === 3)?.status, 'QUEUED', 'retried, not yet out of attempts');

      // beta takes over: frame 3 fails twice more (5 = maxAttempts), the other frames render.
      const beta = addWorker(farm, 'beta');
      const done = await jobEnds(farm, job.id);
      assert.equal(done.status, 'FAILED');
      assert.equal(done.error, '1 of 5 frames failed');
      assert.equal(done.framesDone, 4);
      assert.equal(done.framesFailed, 1);
      const failed = done.frames.find((f) => f.number === 3)!;
      assert.equal(failed.status, 'FAILED');
      assert.equal(failed.failures, 5);
      assert.equal(failed.attempts, 5);
      assert.match(failed.error ?? '', /OpenImageDenoise/);
      assert.ok(failed.logTail, 'Blender\'s last lines are kept');
      for (const frame of done.frames.filter((f) => f.number !== 3)) {
        assert.equal(frame.status, 'DONE', `frame ${frame.number}`);
        assert.ok(frame.outputUrl);
      }
      const betaEntry = done.blocklist.find((b) => b.worker.name === 'beta');
      assert.equal(betaEntry?.failures, 2);
      assert.equal(betaEntry?.blocked, false);
      assertNoFrameRenderedTwiceAtOnce([alpha, beta], job.id);
    }));
  });
});
