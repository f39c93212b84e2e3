/**
 * fan-out: 100 monitoring clients, each on its own graphql-ws connection, subscribed to
 * `jobProgress` while the dispatch benchmark's farm (bench/support/dispatch-run.ts: 2 worker
 * processes × 8 slots, fake Blender) renders the job.
 *
 *   node --import tsx bench/fan-out.ts [--clients 100] [--frames 2000]
 *
 * What jobProgress sends (server/schema/progress.ts): a snapshot, then the job as it is at each
 * `jobChanged` publish: one per frame DONE (FrameEvents.announce, server/scheduler/frame-events.ts), one per job state
 * change, and one per progress report (none here: fake-blender prints no progress lines).
 *
 * Latency. The payload carries no time, so it is reconstructed: the k-th frame to finish
 * (finishedAt, recorded by the server in the transaction that made it DONE) is what made
 * framesDone = k, so an event with framesDone = k received at t has latency t − finishedAt(k).
 * That is "frame stored → every monitor knows", including the server's work between the commit
 * and the publish (a few queries). Both clocks are this machine's. Separately, `spreadMs` is
 * each client's receive time minus the first client's for the same event: the cost of the
 * fan-out itself.
 *
 * Loss. Every client sees the same publishes, so a framesDone value one client got (after its
 * snapshot) and another did not is an event lost by the latter. A value no client saw was
 * folded into the next publish by the server (it reads the job after the commit), which is
 * counted as `valuesNeverSent`, not as a loss. Each client must also end on framesDone = total.
 */
import { type Client as WsClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { benchmark, emit, machine, param, progress } from './support/report.ts';
import { summary } from './support/stats.ts';
import { waitFor } from '../tests/support/processes.ts';
import { runDispatch } from './support/dispatch-run.ts';
import { latencyAndLoss, type Received } from './support/fan-out-figures.ts';

const CLIENTS = param('clients', 'BENCH_FANOUT_CLIENTS', 100);
const FRAMES = param('frames', 'BENCH_FANOUT_FRAMES', 2000);
const TIMEOUT_MS = param('timeout-s', 'BENCH_FANOUT_TIMEOUT_S', 170) * 1000;

const TARGET = { latencyP99Ms: 50, eventsLost: 0 };

interface Monitor {
  ws: WsClient;
  events: Received[];
  errors: string[];
}

const JOB_PROGRESS = 'subscription ($jobId: ID!) { jobProgress(jobId: $jobId) { jobId status framesDone framesFailed totalFrames percent } }';

benchmark('fan-out');
const monitors: Monitor[] = [];
let closing = false;
let totalFrames = FRAMES;
const run = await runDispatch({
  frames: FRAMES,
  processes: 2,
  slots: 8,
  timeoutMs: TIMEOUT_MS,
  beforeWorkers: async (server, job) => {
    totalFrames = job.totalFrames;
    progress(`subscribing ${CLIENTS} monitoring clients to jobProgress`);
    for (let i = 0; i < CLIENTS; i += 1) {
      const monitor: Monitor = {
        ws: createClient({ url: `${server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 }),
        events: [],
        errors: [],
      };
      monitor.ws.subscribe<{ jobProgress: { framesDone: number; status: string } }>(
        { query: JOB_PROGRESS, variables: { jobId: job.id } },
        {
          next: (result) => {
            const at = Date.now();
            const p = result.data?.jobProgress;
            if (p) monitor.events.push({ at, framesDone: p.framesDone, status: p.status });
            if (result.errors?.length) monitor.errors.push(result.errors.map((e) => e.message).join('; '));
          },
          error: (error: unknown) => {
            if (closing) return;
            const close = error as { code?: number; reason?: string; message?: string };
            monitor.errors.push(close.message ?? `connection closed: ${close.code} ${close.reason ?? ''}`);
          },
          complete: () => undefined,
        },
      );
      monitors.push(monitor);
    }
    await waitFor('every monitor to get its snapshot', () => monitors.every((m) => m.events.length > 0), { timeoutMs: 60_000, intervalMs: 50 });
    progress(`${CLIENTS} monitors have their snapshot`);
  },
  // The last events may still be on their way when the job is seen finished.
  afterFinished: async () => {
    await waitFor('every monitor to see the last frame', () => monitors.every((m) => m.events.some((e) => e.framesDone === totalFrames)), { timeoutMs: 10_000, intervalMs: 50 }).catch(
      () => progress('not every monitor saw the last frame within 10 s'),
    );
    // Before the server stops, or every monitor reports the closed connection as an error.
    closing = true;
    await Promise.all(monitors.map((m) => Promise.resolve(m.ws.dispose()).catch(() => undefined)));
  },
});

const { latency, spreads, eventsPerClient, eventsLost, lostByClient, reachedTotal, valuesNeverSent } = latencyAndLoss(
  monitors.map((m) => m.events),
  run.finishTimes,
  totalFrames,
);

emit({
  bench: 'fan-out',
  clients: CLIENTS,
  frames: totalFrames,
  ...run.layout,
  latencyMs: latency,
  spreadMs: summary(spreads, 1),
  eventsReceived: eventsPerClient.reduce((a, b) => a + b, 0),
  eventsPerClient: { min: Math.min(...eventsPerClient), max: Math.max(...eventsPerClient) },
  eventsLost,
  clientsThatLostEvents: lostByClient.filter((n) => n > 0).length,
  clientsThatSawTheEnd: reachedTotal,
  valuesNeverSent,
  monitorErrors: monitors.flatMap((m) => m.errors).slice(0, 5),
  dispatchDuringFanOut: {
    framesPerS: run.figures.framesPerS,
    elapsedS: run.figures.elapsedS,
    idleGapMs: run.figures.idleGapMs,
    cpuSeconds: run.figures.cpuSeconds,
  },
  target: TARGET,
  met: {
    latencyP99Ms: latency.p99 !== null && latency.p99 < TARGET.latencyP99Ms,
    eventsLost: eventsLost === 0 && reachedTotal === CLIENTS,
  },
  machine: await machine(),
});
