import { useCallback, useEffect, useMemo, useState } from 'react';
import { FrameDetails } from '../../components/frame-details.tsx';
import { useLiveProgress } from '../../components/job-progress.tsx';
import { type JobFrames, useJobFrames, useWorkerNames } from '../../graphql/job-frames.ts';
import { useArrivedAt, useLiveQuery, useThrottled } from '../../graphql/live.ts';
import { Link } from '../../router.tsx';
import { FramesCard } from './frames-card.tsx';
import { JobHeader } from './job-header.tsx';
import { JobPageQuery, type PageJob } from './job-query.ts';
import { ProgressCard } from './progress-card.tsx';
import { BlocklistCard, LatestRenderCard, PreviewVideoCard, SettingsCard } from './side-cards.tsx';
import { allows, useJobActions } from './use-job-actions.ts';

/** One job: its header and actions, progress, live frame grid with a frame's details, and side cards. */
export function JobPage({ jobId }: { jobId: string }) {
  const [result, refetchJob] = useLiveQuery({ query: JobPageQuery, variables: { id: jobId } });
  const job = result.data?.job;
  // Fetched beside the job, not after it: the grid is most of what the page waits for.
  const frames = useJobFrames(jobId);
  const workerNames = useWorkerNames(frames.workerIds);

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
  return <LoadedJobPage job={job} data={result.data} refetchJob={refetchJob} jobFrames={frames} workerNames={workerNames} />;
}

function LoadedJobPage({
  job,
  data,
  refetchJob,
  jobFrames,
  workerNames,
}: {
  job: PageJob;
  /** The query's answer: when it changes identity, the job's progress in it is new. */
  data: unknown;
  refetchJob: () => void;
  jobFrames: JobFrames;
  workerNames: ReadonlyMap<string, string>;
}) {
  const jobId = job.id;
  const { frames, latest, error: framesError } = jobFrames;
  const refetchJobSoon = useThrottled(refetchJob, 1000);
  const arrivedAt = useArrivedAt(data);
  const fromQuery = useMemo(() => ({ progress: job.progress, receivedAt: arrivedAt }), [job.progress, arrivedAt]);
  // One job: always live, so that a change made elsewhere (another user, the CLI) shows too.
  const timed = useLiveProgress(jobId, fromQuery, true);
  const progress = timed.progress;

  // The job's own fields follow its progress: status, allowed actions, the zip link, the blocklist.
  const zipDue = progress.framesDone > 0 && !job.framesZipUrl;
  useEffect(() => {
    if (progress.status !== job.status || zipDue || progress.framesFailed !== job.framesFailed) refetchJobSoon();
  }, [job, progress.status, progress.framesFailed, zipDue, refetchJobSoon]);

  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [focused, setFocused] = useState<number | null>(null);
  const onSelect = useCallback((next: ReadonlySet<number>, focus: number | null) => {
    setSelected(next);
    setFocused(focus);
  }, []);
  const focusedFrame = useMemo(() => frames?.find((frame) => frame.number === focused) ?? null, [frames, focused]);

  const actions = useJobActions({ ...progress, id: jobId, name: job.name, framesCanceled: job.framesCanceled });
  const requeue = async (numbers: readonly number[]) => {
    setSelected(new Set(numbers));
    if (await actions.requeueFrames(numbers)) setSelected(new Set());
  };
  const status = progress.status;
  const latestWorker = latest?.workerId ? workerNames.get(latest.workerId) : undefined;

  return (
    <section className="page" data-testid="job-page" data-job-id={job.id}>
      {actions.confirmDialog}
      <JobHeader job={job} status={status} actions={actions} />
      {actions.error && (
        <p className="alert alert-error" role="alert" data-testid="action-error">
          {actions.error}
        </p>
      )}
      {job.error && <p className="alert alert-error">{job.error}</p>}
      <ProgressCard job={job} timed={timed} actions={actions} />

      <div className="job-layout">
        <div className="job-main">
          <FramesCard
            frames={frames}
            error={framesError}
            selected={selected}
            focused={focused}
            workerNames={workerNames}
            canRequeue={allows(job, 'REQUEUE_FRAMES')}
            onSelect={onSelect}
            onRequeueSelected={() => void requeue([...selected])}
          />
          {focusedFrame && (
            <FrameDetails
              key={focusedFrame.number}
              frame={focusedFrame}
              workerName={focusedFrame.workerId ? (workerNames.get(focusedFrame.workerId) ?? null) : null}
              canRequeue={allows(job, 'REQUEUE_FRAMES')}
              onClose={() => setFocused(null)}
              onRequeue={() => void requeue([focusedFrame.number])}
            />
          )}
        </div>

        <aside className="job-side">
          <LatestRenderCard latest={latest} workerName={latestWorker} />
          {job.previewVideoUrl && status === 'COMPLETED' && <PreviewVideoCard url={job.previewVideoUrl} />}
          <SettingsCard job={job} />
          {job.blocklist.length > 0 && <BlocklistCard blocklist={job.blocklist} />}
        </aside>
      </div>
    </section>
  );
}
