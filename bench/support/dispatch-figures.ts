/**
 * The dispatch figures, from what the server recorded (each frame's assignedAt and finishedAt)
 * and what bench/fake-blender logged (when each "render" started and ended, in which slot).
 */
import fsp from 'node:fs/promises';
import { type JobRecord, ms } from './jobs.ts';
import { mean, round, summary } from './stats.ts';

export interface FakeRender {
  start: number;
  end: number;
  frame: number;
  /** The worker slot's work folder: what tells the slots apart. */
  slot: string;
}

/** fake-blender's log: "START END FRAME PATH", epoch seconds with microseconds. */
export async function readFakeLog(file: string): Promise<FakeRender[]> {
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

export interface DispatchMeasures {
  record: JobRecord;
  renders: FakeRender[];
  /** Worker slots in all. */
  slots: number;
  /**
   * With the workers waiting, the clock starts when the job is created; when they start
   * afterwards (fan-out), when the first frame goes out.
   */
  clockFrom: 'job-created' | 'first-assignment';
  /** CPU seconds spent while the job ran. */
  cpuSeconds: { server: number; workers: number };
  serverRssBytes: number | null;
}

export function dispatchFigures(run: DispatchMeasures) {
  const { record, renders } = run;
  const frames = record.frames;
  const finishTimes = frames.map((f) => ms(f.finishedAt)).filter((t): t is number => t !== null).sort((a, b) => a - b);
  const assignTimes = frames.map((f) => ms(f.assignedAt)).filter((t): t is number => t !== null);
  const createdAt = ms(record.createdAt)!;
  const firstAssigned = assignTimes.reduce((a, b) => Math.min(a, b), Infinity);
  const lastFinished = finishTimes[finishTimes.length - 1] ?? NaN;
  const t0 = run.clockFrom === 'first-assignment' ? firstAssigned : createdAt;
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
  const slotMsPerFrame = (elapsedMs * run.slots) / frames.length;
  const cpu = run.cpuSeconds;

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
    serverRssMiB: run.serverRssBytes === null ? null : round(run.serverRssBytes / 1024 / 1024, 1),
  };
  return { figures, finishTimes };
}
