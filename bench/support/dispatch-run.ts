/**
 * The dispatch harness shared by dispatch.ts and fan-out.ts: one server process, real worker
 * processes (`--slots`, `--render-mode spawn`) running bench/fake-blender, one job, and the
 * figures computed afterwards (dispatch-figures.ts).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { FAKE_BLENDER, type ServerHandle, startServer, startWorkerProcess, workerFeatures, workersSubscribed, type WorkerProcess } from './farm.ts';
import { dispatchFigures, readFakeLog } from './dispatch-figures.ts';
import { fakeBlend, jobRecord, type JobRecord, submitJob, type SubmittedJob, waitJobFinished } from './jobs.ts';
import { procStats } from './proc.ts';
import { progress, tempDir } from './report.ts';
import { workers } from './client.ts';
import { waitFor } from '../../tests/support/processes.ts';

export interface DispatchOptions {
  frames: number;
  /** Worker processes and slots in each; without `--slots` on the worker, processes × slots processes of one slot. */
  processes: number;
  slots: number;
  timeoutMs: number;
  /**
   * Called once the job exists, before any worker starts (fan-out subscribes its monitors
   * here). Without it, the workers start first and are idle when the job is submitted.
   */
  beforeWorkers?: (server: ServerHandle, job: SubmittedJob) => Promise<void>;
  /** Called once the job is finished, before anything is stopped. */
  afterFinished?: (server: ServerHandle, job: SubmittedJob) => Promise<void>;
}

export interface DispatchRun {
  layout: { processes: number; slotsPerProcess: number; workers: number; slotsFlag: boolean; renderModeFlag: boolean; note: string | null };
  job: JobRecord;
  figures: Record<string, unknown>;
  /** Each frame's finishedAt, ascending: the k-th is when framesDone became k. */
  finishTimes: number[];
}

export async function runDispatch(opts: DispatchOptions): Promise<DispatchRun> {
  const features = await workerFeatures();
  const slotsFlag = features.slots;
  const processes = slotsFlag ? opts.processes : opts.processes * opts.slots;
  const slotsPerProcess = slotsFlag ? opts.slots : 1;
  const total = processes * slotsPerProcess;
  const note = slotsFlag ? null : `the worker has no --slots yet: ${processes} worker processes of one slot instead`;
  if (note) progress(note);
  if (!features.renderMode) progress('the worker has no --render-mode yet: it spawns Blender per frame, which is what this benchmark wants');

  const dir = await tempDir('dispatch');
  const fakeLog = path.join(dir, 'fake-blender.log');
  const blend = await fakeBlend(path.join(dir, 'scene.blend'));
  const server = await startServer();
  progress(`server at ${server.url} (pid ${server.pid})`);
  const started: WorkerProcess[] = [];
  try {
    const startWorkers = async () => {
      const args = [...(slotsFlag ? ['--slots', String(slotsPerProcess)] : []), ...(features.renderMode ? ['--render-mode', 'spawn'] : [])];
      for (let i = 1; i <= processes; i += 1) {
        started.push(
          startWorkerProcess({
            url: server.url,
            name: `bench-${i}`,
            workDir: path.join(dir, `worker-${i}`),
            blenderPath: FAKE_BLENDER,
            args,
            env: { FAKE_BLENDER_LOG: fakeLog, LC_ALL: 'C' },
          }),
        );
      }
      progress(`started ${processes} worker process(es) × ${slotsPerProcess} slot(s): ${args.join(' ') || '(no extra flags)'}`);
      await workersSubscribed(started, { slots: slotsPerProcess, timeoutMs: 120_000, intervalMs: 250 });
      await waitFor(`the server to list ${total} workers`, async () => (await workers(server.url)).length >= total, { timeoutMs: 30_000, intervalMs: 250 });
      progress(`${total} workers registered and subscribed`);
    };

    const workerCpu = () => started.reduce((s, w) => s + ((st) => (st ? st.cpuSeconds + st.childCpuSeconds : 0))(procStats(w.pid)), 0);
    let job: SubmittedJob;
    let cpuBefore: { server: number; workers: number };
    const submittedAt = Date.now();
    if (opts.beforeWorkers) {
      job = await submitJob(server.url, blend, { name: 'dispatch', totalFrames: opts.frames });
      await opts.beforeWorkers(server, job);
      cpuBefore = { server: procStats(server.pid)?.cpuSeconds ?? 0, workers: 0 };
      await startWorkers();
    } else {
      await startWorkers();
      // Let the workers' start-up (tsx compiling, first heartbeats) settle before the clock starts.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      cpuBefore = { server: procStats(server.pid)?.cpuSeconds ?? 0, workers: workerCpu() };
      job = await submitJob(server.url, blend, { name: 'dispatch', totalFrames: opts.frames });
    }
    progress(`job ${job.id}: ${job.totalFrames} frames`);
    let lastShown = 0;
    const state = await waitJobFinished(server.url, job.id, opts.timeoutMs, 250, (s) => {
      if (Date.now() - lastShown > 5000) {
        lastShown = Date.now();
        progress(`${s.framesDone}/${s.totalFrames} frames done`);
      }
    });
    const doneAt = Date.now();
    const cpuAfter = { server: procStats(server.pid)?.cpuSeconds ?? 0, workers: workerCpu() };
    const serverStats = procStats(server.pid);
    await opts.afterFinished?.(server, job);
    progress(`job ${state.status}: ${state.framesDone} done, ${state.framesFailed} failed, in ${((doneAt - submittedAt) / 1000).toFixed(1)} s`);
    const record = await jobRecord(server.url, job.id);
    const renders = await readFakeLog(fakeLog);

    const { figures, finishTimes } = dispatchFigures({
      record,
      renders,
      slots: total,
      clockFrom: opts.beforeWorkers ? 'first-assignment' : 'job-created',
      cpuSeconds: { server: cpuAfter.server - cpuBefore.server, workers: cpuAfter.workers - cpuBefore.workers },
      serverRssBytes: serverStats?.rssBytes ?? null,
    });
    return {
      layout: { processes, slotsPerProcess, workers: total, slotsFlag, renderModeFlag: features.renderMode, note },
      job: record,
      figures,
      finishTimes,
    };
  } finally {
    await Promise.all(started.map((w) => w.stop()));
    await server.stop();
    if (process.env.BENCH_KEEP) progress(`kept ${dir} and ${server.dataDir} (BENCH_KEEP)`);
    else {
      await fsp.rm(dir, { recursive: true, force: true });
      await fsp.rm(server.dataDir, { recursive: true, force: true });
    }
  }
}
