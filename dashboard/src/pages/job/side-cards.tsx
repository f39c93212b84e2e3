import { versioned } from '../../components/frame-grid.tsx';
import { StatusBadge, Tags } from '../../components/status.tsx';
import { formatDateTime, formatDuration, formatMs, frameRange } from '../../format.ts';
import type { FrameFieldsFragment } from '../../../../common/graphql/generated/graphql.ts';
import type { PageJob } from './job-query.ts';

/** The frame that finished last, large, linking to its original image. */
export function LatestRenderCard({ latest, workerName }: { latest: FrameFieldsFragment | null; workerName: string | undefined }) {
  return (
    <div className="card">
      <h2>Latest render</h2>
      {latest?.previewUrl ? (
        <figure className="latest-render">
          <a href={latest.outputUrl ?? latest.previewUrl} target="_blank" rel="noreferrer">
            <img src={versioned(latest.previewUrl, latest)} alt={`Frame ${latest.number}`} data-testid="latest-preview" />
          </a>
          <figcaption className="muted small">
            Frame {latest.number}
            {workerName && <> · {workerName}</>}
            {latest.renderTimeMs != null && <> · {formatMs(latest.renderTimeMs)}</>}
          </figcaption>
        </figure>
      ) : (
        <p className="muted">Nothing rendered yet.</p>
      )}
    </div>
  );
}

/** The server's H.264 of a COMPLETED job's frames, to play and to download. */
export function PreviewVideoCard({ url }: { url: string }) {
  return (
    <div className="card">
      <h2>Preview video</h2>
      <video className="preview-video" controls preload="metadata" src={url} data-testid="preview-video" />
      <a className="small" href={url} download data-testid="download-video">
        Download MP4
      </a>
    </div>
  );
}

/** The job as it was submitted, and when it started and finished. */
export function SettingsCard({ job }: { job: PageJob }) {
  return (
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
  );
}

/** Workers that failed the job's frames; blocked ones get no more of them. */
export function BlocklistCard({ blocklist }: { blocklist: PageJob['blocklist'] }) {
  return (
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
          {blocklist.map((entry) => (
            <tr key={entry.worker.id} title={entry.lastError ?? undefined}>
              <td>{entry.worker.name}</td>
              <td className="num">{entry.failures}</td>
              <td>{entry.blocked ? <StatusBadge status="BLOCKED" /> : <span className="muted">no</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
