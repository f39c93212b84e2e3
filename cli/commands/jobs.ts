import type { CliJobFieldsFragment } from '../../common/graphql/generated/graphql.ts';
import { formatAgo, formatDuration, formatPercent, formatTable } from '../format.ts';
import { CliJobs } from '../operations.ts';
import { listCommand } from './list-command.ts';

/** `Job 3f2a… "Shot 010": COMPLETED · 250/250 frames in 12m 30s`, with failures and the job's error when there are any. */
export function jobLine(job: CliJobFieldsFragment): string {
  const parts = [`${job.framesDone}/${job.totalFrames} frames done`];
  if (job.framesFailed > 0) parts.push(`${job.framesFailed} failed`);
  if (job.framesCanceled > 0) parts.push(`${job.framesCanceled} canceled`);
  const elapsed = job.progress.elapsedSeconds;
  if (elapsed !== null && elapsed !== undefined) parts.push(`${job.finishedAt ? 'took' : 'running for'} ${formatDuration(elapsed)}`);
  const error = job.error ? ` · ${job.error}` : '';
  return `Job ${job.id} "${job.name}": ${job.status} · ${parts.join(' · ')}${error}`;
}

function frameRange(job: CliJobFieldsFragment): string {
  if (job.frameStart === job.frameEnd) return String(job.frameStart);
  return `${job.frameStart}-${job.frameEnd}${job.frameStep === 1 ? '' : `x${job.frameStep}`}`;
}

export function jobsTable(jobs: readonly CliJobFieldsFragment[], nowMs: number): string {
  if (jobs.length === 0) return 'No jobs.';
  return formatTable(
    ['ID', 'NAME', 'STATUS', 'FRAMES', 'DONE', 'FAILED', 'PROGRESS', 'PRIORITY', 'CREATED'],
    jobs.map((job) => [
      job.id,
      job.name,
      job.status,
      frameRange(job),
      `${job.framesDone}/${job.totalFrames}`,
      String(job.framesFailed),
      formatPercent(job.progress.percent),
      String(job.priority),
      formatAgo(job.createdAt, nowMs),
    ]),
  );
}

const DESCRIPTION = `Every job, newest first: id, name, status, frame range, frames done/total, failed
frames, progress, priority and age.`;

export const jobsCommand = listCommand('jobs', 'list every job, newest first', DESCRIPTION, CliJobs, (data) => data.jobs, jobsTable);
