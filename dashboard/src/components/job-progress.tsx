import { useState } from 'react';
import { WatchJobProgress } from '../graphql/fragments.ts';
import type { ProgressFieldsFragment } from '../../../common/graphql/generated/graphql.ts';
import { useEvents } from '../graphql/live.ts';
import { formatDuration } from '../format.ts';
import { jobClocks } from '../../../common/format.ts';

export interface TimedProgress {
  progress: ProgressFieldsFragment;
  /** Date.now() when it arrived: elapsed time and ETA count on from here between events. */
  receivedAt: number;
}

/**
 * A job's progress, live while `watch` is on: the subscription answers with a snapshot,
 * then with every change. Whichever of it and the query's arrived last is shown.
 */
export function useLiveProgress(jobId: string, fromQuery: TimedProgress, watch: boolean): TimedProgress {
  const [live, setLive] = useState<TimedProgress | null>(null);
  useEvents(
    WatchJobProgress,
    { jobId },
    (data) => setLive({ progress: data.jobProgress, receivedAt: Date.now() }),
    { pause: !watch },
  );
  if (watch && live && live.progress.jobId === jobId && live.receivedAt >= fromQuery.receivedAt) return live;
  return fromQuery;
}

/** Elapsed time running on, and the ETA counting down, between two progress events. */
export function liveTimes({ progress, receivedAt }: TimedProgress, now: number): { elapsed: string; eta: string } {
  const clocks = jobClocks(progress, (now - receivedAt) / 1000);
  let eta = '—';
  if (progress.status === 'RUNNING') eta = clocks.etaSeconds == null ? 'estimating…' : formatDuration(clocks.etaSeconds);
  return { elapsed: formatDuration(clocks.elapsedSeconds), eta };
}

/** "4 / 6 frames · 1 rendering · 1 failed" */
export function FrameCounts({ progress }: { progress: ProgressFieldsFragment }) {
  return (
    <span className="frame-counts" data-testid="frame-counts">
      <span data-testid="frames-done">
        {progress.framesDone} / {progress.totalFrames}
      </span>{' '}
      frames
      {progress.framesRendering > 0 && <span className="count-rendering"> · {progress.framesRendering} rendering</span>}
      {progress.framesFailed > 0 && <span className="count-failed"> · {progress.framesFailed} failed</span>}
    </span>
  );
}
