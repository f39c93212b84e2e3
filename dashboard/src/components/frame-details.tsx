import type { FrameFieldsFragment } from '../graphql/generated/graphql.ts';
import { formatDateTime, formatMs, formatPercent } from '../format.ts';
import { versioned } from './frame-grid.tsx';
import { StatusBadge } from './status.tsx';

/** Everything the farm knows about one frame, with its picture when it is rendered. */
export function FrameDetails({
  frame,
  onClose,
  onRequeue,
}: {
  frame: FrameFieldsFragment;
  onClose: () => void;
  onRequeue: () => void;
}) {
  return (
    <div className="card frame-details" data-testid="frame-details" data-frame={frame.number}>
      <div className="card-header">
        <h2>
          Frame {frame.number} <StatusBadge status={frame.status} testId="frame-status" />
        </h2>
        <div className="actions">
          <button type="button" className="button button-small" data-testid="requeue-frame" onClick={onRequeue}>
            Requeue
          </button>
          <button type="button" className="button button-small" aria-label="Close frame details" onClick={onClose}>
            ✕
          </button>
        </div>
      </div>
      <div className="frame-details-body">
        <dl className="settings-list">
          <dt>Worker</dt>
          <dd data-testid="frame-worker">{frame.worker?.name ?? <span className="muted">none</span>}</dd>
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
      {frame.error && (
        <>
          <h3>Error</h3>
          <pre className="error-text" data-testid="frame-error">
            {frame.error}
          </pre>
        </>
      )}
      {frame.logTail && (
        <>
          <h3>Blender’s last lines</h3>
          <pre className="log-tail" data-testid="frame-log">
            {frame.logTail}
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
