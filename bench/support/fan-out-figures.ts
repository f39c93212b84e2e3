/**
 * fan-out's latency and loss (see bench/fan-out.ts), from what each monitoring client
 * received: its snapshot first, then every jobProgress event.
 */
import { summary } from './stats.ts';

export interface Received {
  at: number;
  framesDone: number;
  status: string;
}

/** `finishedAt` ascending: finishedAt[k-1] is the frame that made framesDone = k. */
export function latencyAndLoss(monitors: readonly Received[][], finishedAt: readonly number[], totalFrames: number) {
  const latencies: number[] = [];
  const firstReceipt = new Map<number, number>();
  const seenBy = new Map<number, number>();
  for (const events of monitors) {
    const [snapshot, ...changes] = events;
    let last = snapshot?.framesDone ?? 0;
    for (const e of changes) {
      if (e.framesDone <= last) continue; // the same count again (a state change or progress report)
      last = e.framesDone;
      const finished = finishedAt[e.framesDone - 1];
      if (finished !== undefined) latencies.push(e.at - finished);
      firstReceipt.set(e.framesDone, Math.min(firstReceipt.get(e.framesDone) ?? Infinity, e.at));
      seenBy.set(e.framesDone, (seenBy.get(e.framesDone) ?? 0) + 1);
    }
  }
  const spreads: number[] = [];
  let eventsLost = 0;
  const lostByClient: number[] = [];
  for (const events of monitors) {
    const start = events[0]?.framesDone ?? 0;
    const got = new Set<number>();
    for (const e of events.slice(1)) {
      got.add(e.framesDone);
    }
    for (const e of events.slice(1)) {
      const first = firstReceipt.get(e.framesDone);
      if (first !== undefined && e.at >= first) spreads.push(e.at - first);
    }
    let lost = 0;
    for (const value of seenBy.keys()) if (value > start && !got.has(value)) lost += 1;
    lostByClient.push(lost);
    eventsLost += lost;
  }
  const reachedTotal = monitors.filter((events) => events.some((e) => e.framesDone === totalFrames)).length;
  const eventsPerClient = monitors.map((events) => events.length);
  const snapshotDone = monitors.map((events) => events[0]?.framesDone ?? 0);
  const latestSnapshot = snapshotDone.reduce((a, b) => Math.max(a, b), 0);
  const valuesNeverSent = Array.from({ length: totalFrames }, (_, i) => i + 1).filter((v) => v > latestSnapshot && !seenBy.has(v)).length;
  const latency = summary(latencies, 1);
  return { latency, spreads, eventsPerClient, eventsLost, lostByClient, reachedTotal, valuesNeverSent };
}
