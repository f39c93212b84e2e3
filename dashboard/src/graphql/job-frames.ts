import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type CombinedError, useClient } from 'urql';
import { graphql } from '../../../common/graphql/generated/index.ts';
import type { FrameFieldsFragment } from '../../../common/graphql/generated/graphql.ts';
import { useConnection, useEvents, useLiveQuery, useThrottled } from './live.ts';

/**
 * Fetched once per job (and again after a reconnection), outside urql's document cache:
 * a query watched by useQuery would be fetched again whole, 10,000 frames, after every
 * mutation returning a Job (pause, resume, priority), as urql invalidates by typename.
 */
const JobFramesQuery = graphql(`
  query DashboardJobFrames($id: ID!) {
    job(id: $id) {
      id
      frames {
        ...FrameFields
      }
    }
  }
`);

const JobFrameChanges = graphql(`
  subscription JobFrameChanges($jobId: ID!) {
    frameChanged(jobId: $jobId) {
      ...FrameFields
    }
  }
`);

const WorkerNamesQuery = graphql(`
  query WorkerNames {
    workers {
      id
      name
    }
  }
`);

/** Events are applied this often: canceling a 10,000-frame job sends 10,000 of them at once. */
const FLUSH_MS = 50;

interface JobFramesState {
  jobId: string;
  /** The connection epoch the list was fetched (or is being fetched) for. */
  epoch: number;
  /** In frame order; an unchanged frame keeps its object, so its tile is not rendered again. */
  frames: readonly FrameFieldsFragment[] | null;
  /** Frame number → its place in `frames`. */
  places: ReadonlyMap<number, number>;
  /** Events heard while the fetch is out, laid over its answer; null once it came back. */
  early: ReadonlyMap<number, FrameFieldsFragment> | null;
  /** The DONE frame that finished last, kept up to date event by event. */
  latest: FrameFieldsFragment | null;
  /** Every worker the frames name: a new object only when a worker is new to the page. */
  workerIds: ReadonlySet<string>;
  error: CombinedError | null;
}

export interface JobFrames {
  frames: readonly FrameFieldsFragment[] | null;
  latest: FrameFieldsFragment | null;
  workerIds: ReadonlySet<string>;
  error: CombinedError | null;
}

/**
 * One job's frames, live: the list fetched once, with every frameChanged event laid over
 * it. Every frame change is published, so an event is never older than the list; only
 * after a reconnection (events missed) is the list fetched again, and until it arrives
 * the frames shown so far stay, events applied. A batch of events costs a copy of the
 * list's pointers and the changed frames' tiles, not a render of every tile.
 */
export function useJobFrames(jobId: string): JobFrames {
  const client = useClient();
  const { epoch } = useConnection();
  const [state, setState] = useState<JobFramesState>(() => emptyState(jobId, epoch));

  useEffect(() => {
    let current = true;
    setState((s) => begin(s, jobId, epoch));
    void client
      .query(JobFramesQuery, { id: jobId }, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (current) setState((s) => fetched(s, jobId, epoch, result.data?.job?.frames ?? null, result.error ?? null));
      });
    return () => {
      current = false;
    };
  }, [client, jobId, epoch]);

  const pending = useRef(new Map<number, FrameFieldsFragment>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onFrame = useCallback((data: { frameChanged: FrameFieldsFragment }) => {
    pending.current.set(data.frameChanged.number, data.frameChanged);
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const batch = pending.current;
      pending.current = new Map();
      setState((s) => applyEvents(s, batch));
    }, FLUSH_MS);
  }, []);
  useEvents(JobFrameChanges, { jobId }, onFrame);

  if (state.jobId !== jobId) return { frames: null, latest: null, workerIds: NO_WORKERS, error: null };
  return { frames: state.frames, latest: state.latest, workerIds: state.workerIds, error: state.error };
}

/**
 * Worker id → name, for frames that carry only their worker's id. Fetched with the page
 * and again (at most once a second) when a frame names a worker the page does not know.
 */
export function useWorkerNames(workerIds: ReadonlySet<string>): ReadonlyMap<string, string> {
  const [result, refetch] = useLiveQuery({ query: WorkerNamesQuery });
  const refetchSoon = useThrottled(refetch, 1000);
  const names = useMemo(() => new Map((result.data?.workers ?? []).map((w) => [w.id, w.name])), [result.data]);
  // Asked about once each: a worker deleted since would otherwise be asked for on every event.
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!result.data) return;
    for (const id of workerIds) {
      if (names.has(id) || asked.current.has(id)) continue;
      asked.current.add(id);
      refetchSoon();
    }
  }, [workerIds, names, result.data, refetchSoon]);
  return names;
}

const NO_WORKERS: ReadonlySet<string> = new Set();

function emptyState(jobId: string, epoch: number): JobFramesState {
  return { jobId, epoch, frames: null, places: new Map(), early: new Map(), latest: null, workerIds: NO_WORKERS, error: null };
}

/** A fetch goes out: another job starts empty, the same job keeps what it shows meanwhile. */
function begin(s: JobFramesState, jobId: string, epoch: number): JobFramesState {
  if (s.jobId !== jobId) return emptyState(jobId, epoch);
  if (s.epoch === epoch && s.early) return s;
  return { ...s, epoch, early: new Map(), error: null };
}

function fetched(
  s: JobFramesState,
  jobId: string,
  epoch: number,
  list: readonly FrameFieldsFragment[] | null,
  error: CombinedError | null,
): JobFramesState {
  if (s.jobId !== jobId || s.epoch !== epoch) return s;
  if (error) return { ...s, error };
  const early = s.early ?? new Map<number, FrameFieldsFragment>();
  const frames = list && early.size > 0 ? list.map((frame) => early.get(frame.number) ?? frame) : list;
  const places = new Map<number, number>();
  const workerIds = new Set<string>();
  frames?.forEach((frame, place) => {
    places.set(frame.number, place);
    if (frame.workerId) workerIds.add(frame.workerId);
  });
  return { ...s, frames, places, early: null, latest: latestRendered(frames ?? []), workerIds, error: null };
}

function applyEvents(s: JobFramesState, batch: ReadonlyMap<number, FrameFieldsFragment>): JobFramesState {
  const changes = [...batch.values()].filter((frame) => frame.jobId === s.jobId);
  if (changes.length === 0) return s;
  let early = s.early;
  if (early) {
    const next = new Map(early);
    for (const frame of changes) next.set(frame.number, frame);
    early = next;
  }
  let workerIds = s.workerIds;
  for (const frame of changes) {
    if (!frame.workerId || workerIds.has(frame.workerId)) continue;
    workerIds = new Set(workerIds).add(frame.workerId);
  }
  if (!s.frames) return { ...s, early, workerIds };

  const frames = s.frames.slice();
  let latest = s.latest;
  let rescan = false;
  for (const frame of changes) {
    const place = s.places.get(frame.number);
    if (place === undefined) continue;
    frames[place] = frame;
    if (latest?.number === frame.number) {
      // The latest render rendered again, or sent back to the queue: then another one is the latest.
      if (isRendered(frame)) latest = frame;
      else rescan = true;
    } else if (isRendered(frame) && (!latest || finishedMs(frame) >= finishedMs(latest))) {
      latest = frame;
    }
  }
  return { ...s, frames, early, latest: rescan ? latestRendered(frames) : latest, workerIds };
}

function isRendered(frame: FrameFieldsFragment): boolean {
  return frame.status === 'DONE' && frame.finishedAt != null;
}

function finishedMs(frame: FrameFieldsFragment): number {
  return frame.finishedAt ? Date.parse(frame.finishedAt) : Number.NEGATIVE_INFINITY;
}

function latestRendered(frames: readonly FrameFieldsFragment[]): FrameFieldsFragment | null {
  let latest: FrameFieldsFragment | null = null;
  for (const frame of frames) {
    if (isRendered(frame) && (!latest || finishedMs(frame) >= finishedMs(latest))) latest = frame;
  }
  return latest;
}
