import { useState } from 'react';
import { FrameCounts, liveTimes, type TimedProgress } from '../../components/job-progress.tsx';
import { ProgressBar } from '../../components/status.tsx';
import { useNow } from '../../graphql/live.ts';
import type { PageJob } from './job-query.ts';
import { allows, type JobActions } from './use-job-actions.ts';

/** The job's bar, frame counts, clocks and priority. */
export function ProgressCard({ job, timed, actions }: { job: PageJob; timed: TimedProgress; actions: JobActions }) {
  const { progress } = timed;
  return (
    <div className="card progress-card">
      <ProgressBar percent={progress.percent} status={progress.status} size="large" testId="job-progress" label="Job progress" />
      <dl className="stats">
        <div>
          <dt>Frames</dt>
          <dd>
            <FrameCounts progress={progress} />
          </dd>
        </div>
        <JobTimes timed={timed} />
        <div>
          <dt>Priority</dt>
          <dd className="priority-edit">
            <PriorityEdit priority={job.priority} editable={allows(job, 'SET_PRIORITY')} actions={actions} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

/**
 * Elapsed time and time left, counting on between progress events: the one part of the
 * page that ticks every second, so the clock does not render the frame grid again.
 */
function JobTimes({ timed }: { timed: TimedProgress }) {
  const times = liveTimes(timed, useNow(1000));
  return (
    <>
      <div>
        <dt>Elapsed</dt>
        <dd data-testid="job-elapsed">{times.elapsed}</dd>
      </div>
      <div>
        <dt>Time left</dt>
        <dd data-testid="job-eta">{times.eta}</dd>
      </div>
    </>
  );
}

/** The priority as typed until it is set (Enter or the button); the job's own value otherwise. */
function PriorityEdit({ priority, editable, actions }: { priority: number; editable: boolean; actions: JobActions }) {
  const [draft, setDraft] = useState<string | null>(null);
  const submit = async () => {
    if (draft === null) return;
    const next = Number(draft);
    if (!Number.isInteger(next)) {
      actions.fail('Priority: a whole number, higher first');
      return;
    }
    if (await actions.setPriority(next)) setDraft(null);
  };
  return (
    <>
      <input
        type="number"
        step={1}
        aria-label="Priority"
        data-testid="priority-input"
        disabled={!editable}
        value={draft ?? String(priority)}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void submit();
        }}
      />
      <button
        type="button"
        className="button button-small"
        data-testid="set-priority"
        disabled={!editable || draft === null || draft === String(priority)}
        onClick={() => void submit()}
      >
        Set
      </button>
    </>
  );
}
