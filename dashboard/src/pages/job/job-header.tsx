import { StatusBadge } from '../../components/status.tsx';
import { formatBytes, formatDateTime } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { PageJob } from './job-query.ts';
import { allows, type JobActions } from './use-job-actions.ts';

/**
 * The job's name, live status and file, and the buttons for what the server allows now
 * (Job.allowedActions): the page keeps no table of its own of which status allows what.
 */
export function JobHeader({ job, status, actions }: { job: PageJob; status: string; actions: JobActions }) {
  return (
    <>
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
          {allows(job, 'PAUSE') && (
            <button type="button" className="button" data-testid="pause-job" onClick={actions.pause}>
              Pause
            </button>
          )}
          {allows(job, 'RESUME') && (
            <button type="button" className="button" data-testid="resume-job" onClick={actions.resume}>
              Resume
            </button>
          )}
          {allows(job, 'CANCEL') && (
            <button type="button" className="button button-danger-outline" data-testid="cancel-job" onClick={() => void actions.cancel()}>
              Cancel
            </button>
          )}
          {allows(job, 'REQUEUE_FAILED') && (
            <button type="button" className="button" data-testid="requeue-job" onClick={() => void actions.requeue(false)}>
              Requeue failed &amp; canceled
            </button>
          )}
          {allows(job, 'REQUEUE_ALL') && (
            <button type="button" className="button" data-testid="rerender-job" onClick={() => void actions.requeue(true)}>
              Render again
            </button>
          )}
          {job.framesZipUrl && (
            <a className="button" href={job.framesZipUrl} download data-testid="download-zip">
              Download frames (.zip)
            </a>
          )}
          {allows(job, 'DELETE') && (
            <button type="button" className="button button-danger-outline" data-testid="delete-job" onClick={() => void actions.remove()}>
              Delete
            </button>
          )}
        </div>
      </header>
    </>
  );
}
