import { useEffect, useRef } from 'react';
import type { FrameFieldsFragment } from '../../../common/graphql/generated/graphql.ts';
import { graphql } from '../../../common/graphql/generated/index.ts';
import { useLiveQuery } from '../graphql/live.ts';
import { formatDateTime, formatMs, formatPercent } from '../format.ts';
import { versioned } from './frame-grid.tsx';
import { StatusBadge } from './status.tsx';

/** What the grid does not fetch for every frame: up to 16 KB of Blender's output each. */
const FrameDetailsQuery = graphql(`
  query FrameDetails($jobId: ID!, $number: Int!) {
    frame(jobId: $jobId, number: $number) {
      id
      error
      logTail
    }
  }
`);

/**
 * Everything the farm knows about one frame, with its picture when it is rendered. The
 * frame comes live from the grid; its error and log are fetched for it alone, and again
 * whenever it changes state or is tried again. Give it `key={frame.number}`: one frame
 * per mount.
 */
export function FrameDetails({
  frame,
  workerName,
  canRequeue,
  onClose,
  onRequeue,
}: {
  frame: FrameFieldsFragment;
  /** null while the page does not know the worker's name yet */
  workerName: string | null;
  /** The job allows REQUEUE_FRAMES (Job.allowedActions). */
  canRequeue: boolean;
  onClose: () => void;
  onRequeue: () => void;
}) {
  const [result, refetch] = useLiveQuery({ query: FrameDetailsQuery, variables: { jobId: frame.jobId, number: frame.number } });
  // Progress events change nothing the query fetches: only a new state or attempt does.
  const version = `${frame.status}:${frame.attempts}:${frame.failures}`;
  const fetchedFor = useRef(version);
  useEffect(() => {
    if (fetchedFor.current === version) return;
    fetchedFor.current = version;
    refetch();
  }, [version, refetch]);
  const details = result.data?.frame?.id === frame.id ? result.data.frame : null;

  return (
    <div className="card frame-details" data-testid="frame-details" data-frame={frame.number}>
      <div className="card-header">
        <h2>
          Frame {frame.number} <StatusBadge status={frame.status} testId="frame-status" />
        </h2>
        <div className="actions">
          {canRequeue && (
            <button type="button" className="button button-small" data-testid="requeue-frame" onClick={onRequeue}>
              Requeue
            </button>
          )}
          <button type="button" className="button button-small" aria-label="Close frame details" onClick={onClose}>
            ✕
          </button>
        </div>
      </div>
      <div className="frame-details-body">
        <dl className="settings-list">
          <dt>Worker</dt>
          <dd data-testid="frame-worker">{workerName ?? <span className="muted">{frame.workerId ? '…' : 'none'}</span>}</dd>
          {frame.status === 'RENDERING' && (
            <>
              <dt>Progress</dt>
              <dd>{formatPercent(frame.progress)}</dd>
            </>
          )}
          <dt>Attempts</dt>
          <dd data-testid="frame-attempts">{frame.attempts}</dd>
          <dt>Failures</dt>
          <dd data-testid="frame-failures">{frame.failures}</dd>
          <dt>Render time</dt>
          <dd data-testid="frame-render-time">{formatMs(frame.renderTimeMs)}</dd>
          <dt>Assigned</dt>
          <dd>{formatDateTime(frame.assignedAt)}</dd>
          <dt>Finished</dt>
          <dd>{formatDateTime(frame.finishedAt)}</dd>
        </dl>
        {frame.thumbnailUrl && (
          <img className="frame-details-thumb" src={versioned(frame.thumbnailUrl, frame)} alt={`Frame ${frame.number}, small`} data-testid="frame-details-thumb" />
        )}
      </div>
      {details?.error && (
        <>
          <h3>Error</h3>
          <pre className="error-text" data-testid="frame-error">
            {details.error}
          </pre>
        </>
      )}
      {details?.logTail && (
        <>
          <h3>Blender’s last lines</h3>
          <pre className="log-tail" data-testid="frame-log">
            {details.logTail}
          </pre>
        </>
      )}
      {frame.previewUrl && (
        <figure className="frame-preview">
          <a href={frame.outputUrl ?? frame.previewUrl} target="_blank" rel="noreferrer">
            <img src={versioned(frame.previewUrl, frame)} alt={`Frame ${frame.number}`} data-testid="frame-preview" />
          </a>
          {frame.outputUrl && (
            <figcaption className="small">
              <a href={frame.outputUrl} download>
                Download the original image
              </a>
            </figcaption>
          )}
        </figure>
      )}
    </div>
  );
}
