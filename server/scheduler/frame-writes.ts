import type { Frame, Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../db.ts';
import type { AppliedFrameChange } from './frame-events.ts';
import {
  type CounterDelta,
  decideFrame,
  type FrameEvent,
  type FrameEventInput,
  type FramePatch,
  framesThatAllow,
  isFrameHeld,
} from './state-machine.ts';

/**
 * The conditional writes every frame transition is made of. Each is decided by the state
 * machine on the row as read and written only if the row is still so, together with its
 * job's counters in one transaction: two racing calls cannot both succeed.
 */

type Tx = Prisma.TransactionClient;

/** What a frame event chosen from the row returns when no event applies. */
export type NoEvent = 'duplicate' | 'refused';

const SELECT_FACTS = { id: true, number: true, status: true, workerId: true, failures: true } as const;

/** Rows per UPDATE ... IN (...): SQLite's bound-parameter limit is 32,766. */
const CHUNK = 10_000;

/**
 * One frame, the event chosen from the row as read (or 'duplicate'/'refused' for none):
 * written only if the row is still so (status and worker). Returns the change, or the row
 * as it is when nothing was written (null: no such frame).
 */
export async function applyChosen(
  db: Db,
  jobId: string,
  number: number,
  choose: (frame: Frame) => FrameEvent | NoEvent,
  input: FrameEventInput,
): Promise<AppliedFrameChange | { current: Frame | null }> {
  return db.$transaction(async (tx) => {
    const frame = await tx.frame.findUnique({ where: { jobId_number: { jobId, number } } });
    if (!frame) return { current: null };
    const event = choose(frame);
    if (event === 'duplicate' || event === 'refused') return { current: frame };
    const decision = decideFrame(frame, event, input);
    if (!decision.ok) return { current: frame };
    const { change } = decision;
    const result = await tx.frame.updateMany({
      where: { id: frame.id, status: frame.status, workerId: frame.workerId },
      data: change.patch,
    });
    if (result.count === 0) return { current: await tx.frame.findUnique({ where: { id: frame.id } }) };
    await addCounters(tx, jobId, change.counters);
    return { frame: rowAsWritten(frame, change.patch), change };
  });
}

/** One frame, one event; null when refused or raced. */
export async function applyOne(
  db: Db,
  jobId: string,
  number: number,
  event: FrameEvent,
  input: FrameEventInput,
): Promise<AppliedFrameChange | null> {
  const outcome = await applyChosen(db, jobId, number, () => event, input);
  return 'change' in outcome ? outcome : null;
}

/**
 * An event that does not depend on a frame's own counts (cancel, requeue, reset, jobFailed)
 * applied to every frame of the job it allows, or to `numbers`; the frames changed, as
 * written. A frame that was held names its worker (revokeWorker), to be told to stop.
 */
export async function applyToMany(
  db: Db,
  jobId: string,
  event: 'cancel' | 'requeue' | 'reset' | 'jobFailed',
  input: FrameEventInput & { numbers?: number[] },
): Promise<AppliedFrameChange[]> {
  const applied: AppliedFrameChange[] = [];
  await db.$transaction(async (tx) => {
    const frames = await tx.frame.findMany({
      where: { jobId, status: { in: framesThatAllow(event) }, ...(input.numbers ? { number: { in: input.numbers } } : {}) },
      select: SELECT_FACTS,
    });
    const total: CounterDelta = { framesDone: 0, framesFailed: 0, framesCanceled: 0 };
    // Rows with the same status get the same patch: one UPDATE per status, not per frame.
    for (const from of new Set(frames.map((f) => f.status))) {
      const group = frames.filter((f) => f.status === from);
      const decision = decideFrame(group[0]!, event, { now: input.now, error: input.error });
      if (!decision.ok) continue;
      const { change } = decision;
      for (let i = 0; i < group.length; i += CHUNK) {
        const ids = group.slice(i, i + CHUNK).map((f) => f.id);
        await tx.frame.updateMany({ where: { id: { in: ids }, status: from }, data: change.patch });
      }
      for (const key of Object.keys(total) as (keyof CounterDelta)[]) total[key] += change.counters[key] * group.length;
      for (const f of group) {
        applied.push({ frame: f as Frame, change: { ...change, revokeWorker: isFrameHeld(from) ? f.workerId : null } });
      }
    }
    await addCounters(tx, jobId, total);
  });
  if (applied.length === 0) return [];
  const fresh = new Map<number, Frame>();
  const ids = applied.map((a) => a.frame.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const f of await db.frame.findMany({ where: { id: { in: ids.slice(i, i + CHUNK) } } })) fresh.set(f.id, f);
  }
  return applied.map((a) => ({ frame: fresh.get(a.frame.id) ?? a.frame, change: a.change }));
}

async function addCounters(tx: Tx, jobId: string, delta: CounterDelta): Promise<void> {
  if (!delta.framesDone && !delta.framesFailed && !delta.framesCanceled) return;
  await tx.job.update({
    where: { id: jobId },
    data: {
      framesDone: { increment: delta.framesDone },
      framesFailed: { increment: delta.framesFailed },
      framesCanceled: { increment: delta.framesCanceled },
    },
  });
}

/**
 * The row after `patch`, without reading it back: the patch names every column it changes,
 * with a count (attempts) as the increment it adds.
 */
function rowAsWritten(frame: Frame, patch: FramePatch): Frame {
  const { attempts, ...columns } = patch;
  return { ...frame, ...columns, attempts: frame.attempts + (attempts?.increment ?? 0) };
}
