import { useCallback, useEffect, useMemo, useState } from 'react';
import { useMutation } from 'urql';
import { useConfirm } from '../components/confirm.tsx';
import { FrameDetails } from '../components/frame-details.tsx';
import { FrameGrid, versioned } from '../components/frame-grid.tsx';
import { FrameCounts, liveTimes, type TimedProgress, useLiveProgress } from '../components/job-progress.tsx';
import { ProgressBar, StatusBadge, Tags } from '../components/status.tsx';
import { formatBytes, formatDateTime, formatDuration, formatMs, frameRange } from '../format.ts';
import { graphql } from '../../../common/graphql/generated/index.ts';
import { useJobFrames, useWorkerNames } from '../graphql/job-frames.ts';
import { useArrivedAt, useLiveQuery, useNow, useThrottled } from '../graphql/live.ts';
import { Link, navigate } from '../router.tsx';

const JobPageQuery = graphql(`
  query JobPage($id: ID!) {
    job(id: $id) {
      ...JobSettingsFields
      blendSha256
      startedAt
      finishedAt
      framesDone
      framesFailed
      framesCanceled
      framesZipUrl
      previewVideoUrl
      progress {
        ...ProgressFields
      }
      blocklist {
        failures
        blocked
        blockedAt
        lastError
        worker {
          id
          name
        }
      }
    }
  }
`);

const PauseJob = graphql(`
  mutation DashboardPauseJob($jobId: ID!) {
    pauseJob(jobId: $jobId) {
      id
      status
    }
  }
`);

const ResumeJob = graphql(`
  mutation DashboardResumeJob($jobId: ID!) {
    resumeJob(jobId: $jobId) {
      id
      status
    }
  }
`);

const CancelJob = graphql(`
  mutation DashboardCancelJob($jobId: ID!) {
    cancelJob(jobId: $jobId) {
      id
      status
      framesCanceled
    }
  }
`);

const RequeueJob = graphql(`
  mutation DashboardRequeueJob($jobId: ID!, $allFrames: Boolean) {
    requeueJob(jobId: $jobId, allFrames: $allFrames) {
      id
      status
      framesDone
      framesFailed
      framesCanceled
    }
  }
`);

const RequeueFrames = graphql(`
  mutation DashboardRequeueFrames($jobId: ID!, $frames: [Int!]!) {
    requeueFrames(jobId: $jobId, frames: $frames) {
      id
      status
      framesDone
    }
  }
`);

const SetJobPriority = graphql(`
  mutation DashboardSetJobPriority($jobId: ID!, $priority: Int!) {
    setJobPriority(jobId: $jobId, priority: $priority) {
      id
      priority
    }
  }
`);

const DeleteJob = graphql(`
  mutation DashboardDeleteJob($jobId: ID!) {
    deleteJob(jobId: $jobId) {
      id
      name
    }
  }
`);

export function JobPage({ jobId }: { jobId: string }) {
  const [result, refetchJob] = useLiveQuery({ query: JobPageQuery, variables: { id: jobId } });
  const refetchJobSoon = useThrottled(refetchJob, 1000);
  const { frames, latest, workerIds, error: framesError } = useJobFrames(jobId);
  const workerNames = useWorkerNames(workerIds);
  const job = result.data?.job;
  const arrivedAt = useArrivedAt(result.data);
  const fromQuery = useMemo(
    () => ({ progress: job?.progress ?? EMPTY_PROGRESS, receivedAt: arrivedAt }),
    [job?.progress, arrivedAt],
  );
  // One job: always live, so that a change made elsewhere (another user, the CLI) shows too.
  const timed = useLiveProgress(jobId, fromQuery, true);
  const progress = timed.progress;

  // The job's own fields follow its progress: status, the zip link, the blocklist.
  const zipDue = progress.framesDone > 0 && !job?.framesZipUrl;
  useEffect(() => {
    if (!job) return;
    if (progress.status !== job.status || zipDue || progress.framesFailed !== job.framesFailed) refetchJobSoon();
  }, [job, progress.status, progress.framesFailed, zipDue, refetchJobSoon]);

  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [focused, setFocused] = useState<number | null>(null);
  const onSelect = useCallback((next: ReadonlySet<number>, focus: number | null) => {
    setSelected(next);
    setFocused(focus);
  }, []);
  const focusedFrame = useMemo(() => frames?.find((frame) => frame.number === focused) ?? null, [frames, focused]);

  const [confirmDialog, confirm] = useConfirm();
  const [actionError, setActionError] = useState<string | null>(null);
  const [, pause] = useMutation(PauseJob);
  const [, resume] = useMutation(ResumeJob);
  const [, cancel] = useMutation(CancelJob);
  const [, requeueJob] = useMutation(RequeueJob);
  const [, requeueFrames] = useMutation(RequeueFrames);
  const [, setPriority] = useMutation(SetJobPriority);
  const [, deleteJob] = useMutation(DeleteJob);
  const [priorityDraft, setPriorityDraft] = useState<string | null>(null);

  const run = async (what: string, action: () => Promise<{ error?: { message: string } }>) => {
    setActionError(null);
    const outcome = await action();
    if (outcome.error) setActionError(`${what}: ${outcome.error.message.replace(/^\[GraphQL\] /, '')}`);
    return !outcome.error;
  };

  if (result.error && !job) {
    return (
      <section className="page">
        <p className="alert alert-error">Could not load the job: {result.error.message}</p>
      </section>
    );
  }
  if (!result.data) return <p className="page muted">Loading…</p>;
  if (!job) {
    return (
      <section className="page" data-testid="job-missing">
        <h1>No such job</h1>
        <p>
          There is no job with id <code>{jobId}</code>: it may have been deleted. <Link to="/jobs">All jobs</Link>
        </p>
      </section>
    );
  }

  const status = progress.status;
  const latestWorker = latest?.workerId ? workerNames.get(latest.workerId) : undefined;
  const canCancel = status === 'QUEUED' || status === 'RUNNING' || status === 'PAUSED';
  const requeueable = progress.framesFailed + (job.framesCanceled ?? 0);

  const onCancel = async () => {
    const open = progress.totalFrames - progress.framesDone - progress.framesFailed;
    const ok = await confirm({
      title: `Cancel “${job.name}”?`,
      message: `${open === 1 ? 'Its open frame is' : `Its ${open} open frames are`} canceled and workers rendering them stop. Rendered frames are kept; you can requeue the rest later.`,
      confirmLabel: 'Cancel job',
      danger: true,
    });
    if (ok) await run('Cancel', () => cancel({ jobId }));
  };
  const onRequeue = async (allFrames: boolean) => {
    const ok = await confirm({
      title: allFrames ? `Render all of “${job.name}” again?` : `Requeue the failed and canceled frames of “${job.name}”?`,
      message: allFrames
        ? `All ${job.totalFrames} frames go back to the queue, rendered ones too; their images are replaced as they render again.`
        : `${requeueable === 1 ? '1 frame goes' : `${requeueable} frames go`} back to the queue with fresh attempts, and the job's blocklist is cleared.`,
      confirmLabel: allFrames ? 'Render again' : 'Requeue frames',
    });
    if (ok) await run('Requeue', () => requeueJob({ jobId, allFrames }));
  };
  const onRequeueSelected = async () => {
    const numbers = [...selected].sort((a, b) => a - b);
    const ok = await confirm({
      title: `Requeue ${numbers.length === 1 ? `frame ${numbers[0]}` : `${numbers.length} frames`}?`,
      message: `${describeNumbers(numbers)} ${numbers.length === 1 ? 'goes' : 'go'} back to the queue whatever ${numbers.length === 1 ? 'its' : 'their'} state; a frame rendering now is stopped.`,
      confirmLabel: 'Requeue',
    });
    if (ok && (await run('Requeue frames', () => requeueFrames({ jobId, frames: numbers })))) setSelected(new Set());
  };
  const onDelete = async () => {
    const ok = await confirm({
      title: `Delete “${job.name}”?`,
      message: 'The job, its frames and every rendered image are removed from the farm. This cannot be undone.',
      confirmLabel: 'Delete job',
      danger: true,
    });
    if (ok && (await run('Delete', () => deleteJob({ jobId })))) navigate('/jobs');
  };
  const onSetPriority = async () => {
    if (priorityDraft === null) return;
    const priority = Number(priorityDraft);
    if (!Number.isInteger(priority)) {
      setActionError('Priority: a whole number, higher first');
      return;
    }
    if (await run('Priority', () => setPriority({ jobId, priority }))) setPriorityDraft(null);
  };

  return (
    <section className="page" data-testid="job-page" data-job-id={job.id}>
      {confirmDialog}
      <nav className="breadcrumbs">
        <Link to="/jobs">Jobs</Link> <span aria-hidden>›</span> <span>{job.name}</span>
      </nav>
      <header className="page-header">
        <div>
          <h1 className="job-title">
            <span data-testid="job-name">{job.name}</span> <StatusBadge status={status} testId="job-status" />
          </h1>
          <p className="subtitle">
            {job.blendName} ({formatBytes(job.blendSize)}) · submitted {formatDateTime(job.createdAt)}
          </p>
        </div>
        <div className="actions" role="toolbar" aria-label="Job actions">
          {(status === 'QUEUED' || status === 'RUNNING') && (
            <button type="button" className="button" data-testid="pause-job" onClick={() => void run('Pause', () => pause({ jobId }))}>
              Pause
            </button>
          )}
          {status === 'PAUSED' && (
            <button type="button" className="button" data-testid="resume-job" onClick={() => void run('Resume', () => resume({ jobId }))}>
              Resume
            </button>
          )}
          {canCancel && (
            <button type="button" className="button button-danger-outline" data-testid="cancel-job" onClick={() => void onCancel()}>
              Cancel
            </button>
          )}
          {requeueable > 0 && (
            <button type="button" className="button" data-testid="requeue-job" onClick={() => void onRequeue(false)}>
              Requeue failed &amp; canceled
            </button>
          )}
          {status === 'COMPLETED' && (
            <button type="button" className="button" data-testid="rerender-job" onClick={() => void onRequeue(true)}>
              Render again
            </button>
          )}
          {job.framesZipUrl && (
            <a className="button" href={job.framesZipUrl} download data-testid="download-zip">
              Download frames (.zip)
            </a>
          )}
          <button type="button" className="button button-danger-outline" data-testid="delete-job" onClick={() => void onDelete()}>
            Delete
          </button>
        </div>
      </header>

      {actionError && (
        <p className="alert alert-error" role="alert" data-testid="action-error">
          {actionError}
        </p>
      )}
      {job.error && <p className="alert alert-error">{job.error}</p>}

      <div className="card progress-card">
        <ProgressBar percent={progress.percent} status={status} size="large" testId="job-progress" label="Job progress" />
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
              <input
                type="number"
                step={1}
                aria-label="Priority"
                data-testid="priority-input"
                value={priorityDraft ?? String(job.priority)}
                onChange={(event) => setPriorityDraft(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') void onSetPriority();
                }}
              />
              <button
                type="button"
                className="button button-small"
                data-testid="set-priority"
                disabled={priorityDraft === null || priorityDraft === String(job.priority)}
                onClick={() => void onSetPriority()}
              >
                Set
              </button>
            </dd>
          </div>
        </dl>
      </div>

      <div className="job-layout">
        <div className="job-main">
          <div className="card">
            <div className="card-header">
              <h2>Frames</h2>
              <div className="selection-bar" data-testid="selection-bar">
                {selected.size > 0 ? (
                  <>
                    <span data-testid="selected-count">{selected.size} selected</span>
                    <button type="button" className="button button-small button-primary" data-testid="requeue-selected" onClick={() => void onRequeueSelected()}>
                      Requeue selected
                    </button>
                    <button type="button" className="button button-small" onClick={() => setSelected(new Set())}>
                      Clear
                    </button>
                  </>
                ) : (
                  <span className="muted small">Click a frame for its details; Ctrl- or Shift-click to select several.</span>
                )}
              </div>
            </div>
            {frames ? (
              <FrameGrid frames={frames} selected={selected} focused={focused} workerNames={workerNames} onSelect={onSelect} />
            ) : framesError ? (
              <p className="alert alert-error">Could not load the frames: {framesError.message}</p>
            ) : (
              <p className="muted">Loading frames…</p>
            )}
          </div>
          {focusedFrame && (
            <FrameDetails
              key={focusedFrame.number}
              frame={focusedFrame}
              workerName={focusedFrame.workerId ? (workerNames.get(focusedFrame.workerId) ?? null) : null}
              onClose={() => setFocused(null)}
              onRequeue={() => {
                setSelected(new Set([focusedFrame.number]));
                void (async () => {
                  const ok = await confirm({
                    title: `Requeue frame ${focusedFrame.number}?`,
                    message: 'It goes back to the queue whatever its state; if it is rendering now, that stops.',
                    confirmLabel: 'Requeue',
                  });
                  if (ok) await run('Requeue frame', () => requeueFrames({ jobId, frames: [focusedFrame.number] }));
                })();
              }}
            />
          )}
        </div>

        <aside className="job-side">
          <div className="card">
            <h2>Latest render</h2>
            {latest?.previewUrl ? (
              <figure className="latest-render">
                <a href={latest.outputUrl ?? latest.previewUrl} target="_blank" rel="noreferrer">
                  <img src={versioned(latest.previewUrl, latest)} alt={`Frame ${latest.number}`} data-testid="latest-preview" />
                </a>
                <figcaption className="muted small">
                  Frame {latest.number}
                  {latestWorker && <> · {latestWorker}</>}
                  {latest.renderTimeMs != null && <> · {formatMs(latest.renderTimeMs)}</>}
                </figcaption>
              </figure>
            ) : (
              <p className="muted">Nothing rendered yet.</p>
            )}
          </div>

          {job.previewVideoUrl && status === 'COMPLETED' && (
            <div className="card">
              <h2>Preview video</h2>
              <video className="preview-video" controls preload="metadata" src={job.previewVideoUrl} data-testid="preview-video" />
              <a className="small" href={job.previewVideoUrl} download data-testid="download-video">
                Download MP4
              </a>
            </div>
          )}

          <div className="card">
            <h2>Settings</h2>
            <dl className="settings-list" data-testid="job-settings">
              <dt>Output</dt>
              <dd>{job.outputFormat}</dd>
              <dt>Scene</dt>
              <dd>{job.sceneName ?? <span className="muted">the file’s active scene</span>}</dd>
              <dt>Frames</dt>
              <dd>
                {frameRange(job)} ({job.totalFrames})
              </dd>
              <dt>Max attempts</dt>
              <dd>{job.maxAttempts}</dd>
              <dt>Render timeout</dt>
              <dd>{job.renderTimeoutSeconds == null ? 'none' : formatDuration(job.renderTimeoutSeconds)}</dd>
              <dt>Required tags</dt>
              <dd>
                <Tags tags={job.requiredTags} empty="any worker" />
              </dd>
              <dt>Started</dt>
              <dd>{formatDateTime(job.startedAt)}</dd>
              <dt>Finished</dt>
              <dd>{formatDateTime(job.finishedAt)}</dd>
            </dl>
          </div>

          {job.blocklist.length > 0 && (
            <div className="card">
              <h2>Blocklist</h2>
              <table className="table compact" data-testid="job-blocklist">
                <thead>
                  <tr>
                    <th>Worker</th>
                    <th className="num">Failures</th>
                    <th>Blocked</th>
                  </tr>
                </thead>
                <tbody>
                  {job.blocklist.map((entry) => (
                    <tr key={entry.worker.id} title={entry.lastError ?? undefined}>
                      <td>{entry.worker.name}</td>
                      <td className="num">{entry.failures}</td>
                      <td>{entry.blocked ? <StatusBadge status="BLOCKED" /> : <span className="muted">no</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </aside>
      </div>
    </section>
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

const EMPTY_PROGRESS = {
  jobId: '',
  status: 'QUEUED',
  percent: 0,
  framesDone: 0,
  framesFailed: 0,
  framesRendering: 0,
  totalFrames: 0,
  startedAt: null,
  finishedAt: null,
  elapsedSeconds: null,
  etaSeconds: null,
} as const;

/** "Frames 1–3, 7 and 9" */
function describeNumbers(numbers: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === (numbers[j] ?? 0) + 1) j += 1;
    runs.push(j > i + 1 ? `${numbers[i]}–${numbers[j]}` : j === i + 1 ? `${numbers[i]}, ${numbers[j]}` : `${numbers[i]}`);
    i = j + 1;
  }
  const last = runs.pop();
  const text = runs.length ? `${runs.join(', ')} and ${last}` : last;
  return `${numbers.length === 1 ? 'Frame' : 'Frames'} ${text}`;
}
