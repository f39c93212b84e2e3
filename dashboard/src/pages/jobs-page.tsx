import { useMemo, useRef, useState } from 'react';
import { FrameCounts, liveTimes, useLiveProgress } from '../components/job-progress.tsx';
import { columns, ListTable } from '../components/list-table.tsx';
import { Page } from '../components/page.tsx';
import { ProgressBar, StatusBadge, Tags } from '../components/status.tsx';
import { formatDuration, formatRelative, frameRange, plural } from '../format.ts';
import { graphql } from '../../../common/graphql/generated/index.ts';
import type { JobsPageQuery as JobsPageData } from '../../../common/graphql/generated/graphql.ts';
import { useArrivedAt, useEvents, useLiveQuery, useNow, useThrottled } from '../graphql/live.ts';
import { jobPath, Link } from '../router.tsx';

const JobsPageQuery = graphql(`
  query JobsPage {
    jobs {
      ...JobSettingsFields
      progress {
        ...ProgressFields
      }
    }
  }
`);

const FarmChanges = graphql(`
  subscription JobsPageFarm {
    farmProgress {
      jobsQueued
      jobsRunning
      jobsCompleted
      jobsFailed
      framesRendering
      totalFramesDone
    }
  }
`);

type JobRowData = JobsPageData['jobs'][number];

const JOB_COLUMNS = columns('Job', 'Status', 'Progress.col-progress', 'Elapsed', 'ETA', 'Priority.num', 'Settings', 'Required tags');

type FarmTotals = { jobsQueued: number; jobsRunning: number; jobsCompleted: number; jobsFailed: number; framesRendering: number; totalFramesDone: number };

/**
 * Every job, newest first. The list is fetched again, at most once a second, when the
 * farm says something changed (farmProgress: a job submitted, canceled, deleted, a frame
 * changing state); running jobs also follow their own jobProgress subscription.
 */
export function JobsPage() {
  const [result, refetch] = useLiveQuery({ query: JobsPageQuery });
  const refetchSoon = useThrottled(refetch, 1000);
  const [farm, setFarm] = useState<FarmTotals | null>(null);
  const snapshotSeen = useRef(false);
  useEvents(FarmChanges, {}, (data) => {
    setFarm(data.farmProgress);
    // The first answer is the totals as they are, which the list was fetched with.
    if (snapshotSeen.current) refetchSoon();
    snapshotSeen.current = true;
  });
  const now = useNow(1000);
  const arrivedAt = useArrivedAt(result.data);
  const jobs = result.data?.jobs;

  return (
    <Page
      testId="jobs-page"
      title="Jobs"
      subtitleTestId="farm-totals"
      subtitle={
        farm && (
          <>
            {farm.jobsRunning} running · {farm.jobsQueued} queued · {plural(farm.framesRendering, 'frame')} rendering ·{' '}
            {plural(farm.totalFramesDone, 'frame')} rendered
          </>
        )
      }
      actions={
        <Link to="/submit" className="button button-primary">
          Submit a job
        </Link>
      }
    >
      <ListTable noun="jobs" items={jobs} error={result.error} testId="jobs-table" className="jobs-table" columns={JOB_COLUMNS} empty={<NoJobs />}>
        {(job) => <JobRow key={job.id} job={job} arrivedAt={arrivedAt} now={now} />}
      </ListTable>
    </Page>
  );
}

function NoJobs() {
  return (
    <>
      <p>No jobs yet.</p>
      <Link to="/submit" className="button button-primary">
        Submit a .blend
      </Link>
    </>
  );
}

function JobRow({ job, arrivedAt, now }: { job: JobRowData; arrivedAt: number; now: number }) {
  const fromQuery = useMemo(() => ({ progress: job.progress, receivedAt: arrivedAt }), [job.progress, arrivedAt]);
  // Only running jobs move between the list's refetches (which every frame state change
  // brings): a subscription each for their render progress and ETA.
  const timed = useLiveProgress(job.id, fromQuery, job.status === 'RUNNING');
  const { progress } = timed;
  const times = liveTimes(timed, now);
  return (
    <tr data-testid="job-row" data-job-id={job.id} data-status={progress.status}>
      <td>
        <Link to={jobPath(job.id)} className="job-name" data-testid="job-link">
          {job.name}
        </Link>
        <div className="muted small" title={job.blendName}>
          {job.blendName} · {formatRelative(job.createdAt, now)}
        </div>
      </td>
      <td>
        <StatusBadge status={progress.status} testId="job-status" />
      </td>
      <td className="col-progress">
        <ProgressBar percent={progress.percent} status={progress.status} testId="job-progress" label={`${job.name} progress`} />
        <div className="small">
          <FrameCounts progress={progress} />
        </div>
      </td>
      <td className="nowrap" data-testid="job-elapsed">
        {times.elapsed}
      </td>
      <td className="nowrap" data-testid="job-eta">
        {times.eta}
      </td>
      <td className="num" data-testid="job-priority">
        {job.priority}
      </td>
      <td className="settings small">
        <div>
          <span className="format">{job.outputFormat}</span> · frames {frameRange(job)}
        </div>
        <div className="muted">
          scene {job.sceneName ?? <em>active</em>} · {job.maxAttempts} tries · timeout{' '}
          {job.renderTimeoutSeconds == null ? 'none' : formatDuration(job.renderTimeoutSeconds)}
        </div>
      </td>
      <td>
        <Tags tags={job.requiredTags} empty="any worker" />
      </td>
    </tr>
  );
}
