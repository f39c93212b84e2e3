/**
 * The dispatch harness shared by dispatch.ts and fan-out.ts: one server process, real worker
 * processes (`--slots`, `--render-mode spawn`) running bench/fake-blender, one job, and the
 * figures computed afterwards from what the server recorded (Frame assignedAt / finishedAt)
 * and what fake-blender logged (when each "render" started and ended, in which slot).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  FAKE_BLENDER,
  type FarmProcess,
  fakeBlend,
  jobRecord,
  type JobRecord,
  mean,
  ms,
  procStats,
  progress,
  round,
  type ServerHandle,
  startServer,
  startWorkerProcess,
  type SubmittedJob,
  submitJob,
  SUBSCRIBED,
  summary,
  tempDir,
  waitJobFinished,
  workerFeatures,
  workers,
} from './farm.ts';
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

interface FakeRender {
  start: number;
  end: number;
  frame: number;
  /** The worker slot's work folder: what tells the slots apart. */
  slot: string;
}

/** fake-blender's log: "START END FRAME PATH", epoch seconds with microseconds. */
async function readFakeLog(file: string): Promise<FakeRender[]> {
  const text = await fsp.readFile(file, 'utf8').catch(() => '');
  const renders: FakeRender[] = [];
  for (const line of text.split('\n')) {
    const [start, end, frame, ...rest] = line.trim().split(' ');
    if (!start || !end || !frame || rest.length === 0) continue;
    const file = rest.join(' ');
    const seconds = (v: string) => Number(v.replace(',', '.')) * 1000;
    renders.push({ start: seconds(start), end: seconds(end), frame: Number(frame), slot: file.slice(0, file.lastIndexOf('/frames/')) });
  }
  return renders;
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
  const started: FarmProcess[] = [];
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
      await waitFor(
        `${total} workers to subscribe`,
        async () => {
          const dead = started.find((w) => w.child.exitCode !== null);
          if (dead) throw new Error(`a worker exited (${dead.child.exitCode}):\n${dead.tail.join('\n')}`);
          const subscribed = started.reduce((n, w) => n + (w.counted.get(SUBSCRIBED) ?? 0), 0);
          return subscribed >= total && (await workers(server.url)).length >= total;
        },
        { timeoutMs: 120_000, intervalMs: 250 },
      );
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

    // ---- figures ----
    const frames = record.frames;
    const finishTimes = frames.map((f) => ms(f.finishedAt)).filter((t): t is number => t !== null).sort((a, b) => a - b);
    const assignTimes = frames.map((f) => ms(f.assignedAt)).filter((t): t is number => t !== null);
    const createdAt = ms(record.createdAt)!;
    const firstAssigned = assignTimes.reduce((a, b) => Math.min(a, b), Infinity);
    const lastFinished = finishTimes[finishTimes.length - 1] ?? NaN;
    // With the workers waiting, the clock starts when the job is created; when they start
    // afterwards (fan-out), when the first frame goes out.
    const t0 = opts.beforeWorkers ? firstAssigned : createdAt;
    const elapsedMs = lastFinished - t0;

    const bySlot = new Map<string, FakeRender[]>();
    for (const r of renders) bySlot.set(r.slot, [...(bySlot.get(r.slot) ?? []), r]);
    const finishedOf = new Map(frames.map((f) => [f.number, ms(f.finishedAt)]));
    const assignedOf = new Map(frames.map((f) => [f.number, ms(f.assignedAt)]));
    const idleGaps: number[] = [];
    const uploadedToNextStart: number[] = [];
    const assignedToStart: number[] = [];
    const renderEndToStored: number[] = [];
    for (const list of bySlot.values()) {
      list.sort((a, b) => a.start - b.start);
      list.forEach((r, i) => {
        const assigned = assignedOf.get(r.frame);
        const finished = finishedOf.get(r.frame);
        if (assigned != null) assignedToStart.push(r.start - assigned);
        if (finished != null) renderEndToStored.push(finished - r.end);
        const next = list[i + 1];
        if (!next) return;
        idleGaps.push(next.start - r.end);
        if (finished != null) uploadedToNextStart.push(next.start - finished);
      });
    }
    const renderMs = renders.map((r) => r.end - r.start);
    const slotMsPerFrame = (elapsedMs * total) / frames.length;
    const cpu = { server: cpuAfter.server - cpuBefore.server, workers: cpuAfter.workers - cpuBefore.workers };

    const figures = {
      frames: frames.length,
      framesDone: record.framesDone,
      framesWithRetries: frames.filter((f) => f.attempts > 1).length,
      elapsedS: round(elapsedMs / 1000, 3),
      framesPerS: round((frames.length * 1000) / elapsedMs, 1),
      // The slot time one frame costs; fake-blender renders in ~0, so nearly all of it is the farm's.
      slotMsPerFrame: round(slotMsPerFrame, 2),
      fakeRenderMs: { mean: round(mean(renderMs), 2), ...summary(renderMs) },
      perFrameOverheadMs: round(slotMsPerFrame - (mean(renderMs) ?? 0), 2),
      // A slot without a Blender running: its last render ended, its next has not begun.
      idleGapMs: summary(idleGaps),
      // The wording: frame stored on the server (finishedAt) → the slot's next render
      // started. Negative: the next frame was already rendering while this one uploaded.
      uploadedToNextStartMs: summary(uploadedToNextStart),
      phasesMs: {
        assignedToRenderStart: summary(assignedToStart),
        renderEndToStored: summary(renderEndToStored),
      },
      cpuSeconds: {
        server: round(cpu.server, 2),
        workers: round(cpu.workers, 2),
        serverPer1000Frames: round((cpu.server * 1000) / frames.length, 2),
        workersPer1000Frames: round((cpu.workers * 1000) / frames.length, 2),
        // Both cores busy for the whole run would be 2 × elapsed.
        busyShareOf2Cores: round((cpu.server + cpu.workers) / (2 * (elapsedMs / 1000)), 2),
      },
      serverRssMiB: serverStats ? round(serverStats.rssBytes / 1024 / 1024, 1) : null,
    };
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
