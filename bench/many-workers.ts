/**
 * many-workers: one server process, 500 simulated workers, one 10,000-frame job.
 *
 *   node --import tsx bench/many-workers.ts [--workers 500] [--frames 10000] [--heartbeat-s 5]
 *
 * The workers live in this process (bench/support/sim-worker.ts): each registers, heartbeats,
 * holds a graphql-ws connection with the two subscriptions a real worker opens, and uploads a
 * tiny file for every frame it is given, at once. The server is `npm start`'s, in a process
 * of its own; /proc/<pid> gives its peak RSS (sampled every 100 ms, and the kernel's VmHWM)
 * and its CPU seconds (utime + stime) from submission to the last frame.
 * Checks that every frame was done exactly once: framesDone = frames, and no frame handed out
 * twice (attempts > 1).
 */
import { benchmark, emit, machine, openFilesLimit, param, progress, tempDir } from './support/report.ts';
import { fakeBlend, jobRecord, submitJob, waitJobFinished } from './support/jobs.ts';
import { MiB, procStats, RssSampler } from './support/proc.ts';
import { network } from './support/client.ts';
import { round } from './support/stats.ts';
import { startServer } from './support/farm.ts';
import path from 'node:path';
import fsp from 'node:fs/promises';
import { newStats, SimWorker } from './support/sim-worker.ts';

const WORKERS = param('workers', 'BENCH_MANY_WORKERS', 500);
const FRAMES = param('frames', 'BENCH_MANY_FRAMES', 10_000);
// The server's default FARM_HEARTBEAT_INTERVAL_S, which real workers follow: 500 workers then
// send 50 heartbeats a second.
const HEARTBEAT_S = param('heartbeat-s', 'BENCH_MANY_HEARTBEAT_S', 10);
/** How long the connected, idle farm is watched to tell the heartbeats' CPU from the frames'. */
const IDLE_WINDOW_S = 5;
// A healthy farm finishes in well under this; a server that falls behind its heartbeats does not
// finish at all (workers declared lost, frames handed out again), and what it did is reported.
const TIMEOUT_MS = param('timeout-s', 'BENCH_MANY_TIMEOUT_S', 150) * 1000;
/** Registrations and connections at once, so start-up does not look like an attack. */
const CONNECT_BATCH = 50;

const TARGET = { peakRssMiB: 300, everyFrameDoneOnce: true };
/** Server log lines that mean the farm fell behind: a worker's heartbeats came too late, and the late delivery of its frame. */
const WORKER_LOST = '"msg":"worker lost"';
const DUPLICATE = 'duplicate upload acknowledged';

benchmark('many-workers');
const limit = openFilesLimit();
// Each simulated worker holds a WebSocket and, while uploading, an HTTP connection: both ends
// are in this machine, so 500 workers need ~2,000 descriptors across the two processes.
progress(`open files limit (ulimit -n): ${limit.soft} soft, ${limit.hard} hard`);
const dir = await tempDir('many');
const server = await startServer({
  env: { FARM_HEARTBEAT_INTERVAL_S: String(HEARTBEAT_S), FARM_WORKER_TIMEOUT_S: String(Math.max(30, HEARTBEAT_S * 3)) },
  count: [WORKER_LOST, DUPLICATE],
});
const rss = new RssSampler(server.pid, 100);
const idleRss = rss.sample();
const stats = newStats();
const sims: SimWorker[] = [];
try {
  progress(`server at ${server.url} (pid ${server.pid}), RSS ${(idleRss / MiB).toFixed(1)} MiB; registering ${WORKERS} workers`);
  const connectStarted = performance.now();
  for (let i = 0; i < WORKERS; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, WORKERS - i) }, (_, j) => new SimWorker(server.url, `sim-${i + j + 1}`, stats));
    await Promise.all(batch.map(async (sim) => {
      await sim.register();
      await sim.subscribe();
      sim.startHeartbeats(HEARTBEAT_S);
    }));
    sims.push(...batch);
  }
  const connectS = (performance.now() - connectStarted) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const connectedRss = rss.sample();
  progress(`${sims.length} workers registered and subscribed in ${connectS.toFixed(1)} s; server RSS ${(connectedRss / MiB).toFixed(1)} MiB`);
  const idleCpuBefore = procStats(server.pid)!.cpuSeconds;
  await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_S * 1000));
  const idleCpuPerS = (procStats(server.pid)!.cpuSeconds - idleCpuBefore) / IDLE_WINDOW_S;
  progress(`idle with ${sims.length} workers heartbeating: server CPU ${idleCpuPerS.toFixed(3)} s/s`);

  const blend = await fakeBlend(path.join(dir, 'scene.blend'));
  const before = procStats(server.pid)!;
  const benchCpuBefore = process.cpuUsage();
  const submitted = performance.now();
  const job = await submitJob(server.url, blend, { name: 'many-workers', totalFrames: FRAMES });
  progress(`job ${job.id}: ${FRAMES} frames`);
  let lastShown = 0;
  const finished = await waitJobFinished(server.url, job.id, TIMEOUT_MS, 250, (s) => {
    if (Date.now() - lastShown > 5000) {
      lastShown = Date.now();
      progress(`${s.framesDone}/${s.totalFrames} done; server RSS ${(rss.sample() / MiB).toFixed(1)} MiB, CPU ${(procStats(server.pid)!.cpuSeconds - before.cpuSeconds).toFixed(1)} s`);
    }
  }).catch((error: unknown) => {
    progress(`${(error as Error).message}: reporting what was done`);
    return null;
  });
  const elapsedS = (performance.now() - submitted) / 1000;
  const after = procStats(server.pid)!;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  progress(`job ${finished?.status ?? 'NOT FINISHED'} after ${elapsedS.toFixed(1)} s; checking every frame`);
  const record = await jobRecord(server.url, job.id, 60_000).catch((error: unknown) => {
    progress(`the server did not list the job's frames within 60 s (${(error as Error).message})`);
    return null;
  });
  rss.stop();
  const frames = record?.frames ?? [];
  const retried = frames.filter((f) => f.attempts > 1).length;
  const notDone = record ? frames.filter((f) => f.status !== 'DONE').length : null;
  const stuck = frames.filter((f) => f.status !== 'DONE').slice(0, 10).map((f) => ({ number: f.number, status: f.status, attempts: f.attempts, worker: f.worker?.name ?? null }));
  const workersUsed = new Set(frames.map((f) => f.worker?.id)).size;
  const doneOnce = record !== null && record.framesDone === FRAMES && notDone === 0 && retried === 0;
  const cpuS = after.cpuSeconds - before.cpuSeconds;
  const peakRssMiB = round(Math.max(rss.peakBytes, after.hwmBytes) / MiB, 1);
  emit({
    bench: 'many-workers',
    workers: WORKERS,
    frames: FRAMES,
    heartbeatS: HEARTBEAT_S,
    finished: finished !== null,
    elapsedS: round(elapsedS, 2),
    framesPerS: round((record?.framesDone ?? 0) / elapsedS, 1),
    serverPeakRssMiB: peakRssMiB,
    serverRssMiB: { idle: round(idleRss / MiB, 1), connected: round(connectedRss / MiB, 1), sampledPeak: round(rss.peakBytes / MiB, 1), hwm: round(after.hwmBytes / MiB, 1) },
    // Per frame done (all of them once the job finished).
    serverCpuSecondsPer1000Frames: round((cpuS * 1000) / Math.max(1, record?.framesDone ?? 0), 2),
    serverCpuSeconds: round(cpuS, 2),
    // The connected farm with no job: heartbeats and idle subscriptions only.
    serverIdleCpuSecondsPerS: round(idleCpuPerS, 3),
    serverCpuSecondsPer1000FramesBeyondIdle: round(((cpuS - idleCpuPerS * elapsedS) * 1000) / Math.max(1, record?.framesDone ?? 0), 2),
    // The simulated workers share the 2 cores with the server.
    benchProcessCpuSeconds: round((benchCpu.user + benchCpu.system) / 1e6, 2),
    connectS: round(connectS, 1),
    framesDone: record?.framesDone ?? null,
    framesNotDone: notDone,
    framesHandedOutTwice: retried,
    ...(stuck.length ? { framesNotDoneSample: stuck } : {}),
    everyFrameDoneOnce: doneOnce,
    // Workers the server declared lost (heartbeats later than FARM_WORKER_TIMEOUT_S), and uploads of frames done meanwhile by another.
    workersLost: server.counted.get(WORKER_LOST) ?? 0,
    duplicateUploads: server.counted.get(DUPLICATE) ?? 0,
    workersThatRendered: workersUsed,
    // networkRetries: requests sent again after the connection was reset before an answer.
    clients: { ...stats, networkRetries: network.retries, errors: stats.errors.slice(0, 5) },
    openFilesLimit: limit,
    target: TARGET,
    met: { peakRssMiB: (peakRssMiB ?? Infinity) < TARGET.peakRssMiB, everyFrameDoneOnce: doneOnce },
    machine: await machine(),
  });
} finally {
  rss.stop();
  await Promise.all(sims.map((sim) => sim.close()));
  await server.stop();
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.rm(server.dataDir, { recursive: true, force: true });
}
