import { formatPercent } from '../format.ts';

/** A job's, frame's or worker's status as a coloured pill; the colours are defined once in styles/base.css. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} data-testid={testId} data-status={status}>
      {status.toLowerCase()}
    </span>
  );
}

export function ProgressBar({
  percent,
  status,
  label,
  testId,
  size = 'normal',
}: {
  percent: number;
  /** Colours the bar as the status does (running blue, completed green, failed red, ...). */
  status?: string;
  label?: string;
  testId?: string;
  size?: 'normal' | 'large' | 'small';
}) {
  const clamped = Math.max(0, Math.min(100, percent));
  return (
    <div
      className={`progress progress-${size} ${status ? `status-${status.toLowerCase()}` : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped * 100) / 100}
      aria-label={label}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${clamped}%` }} />
      {size !== 'small' && <span className="progress-text">{formatPercent(clamped)}</span>}
    </div>
  );
}

export function Tags({ tags, empty = '—' }: { tags: readonly string[]; empty?: string }) {
  if (tags.length === 0) return <span className="muted">{empty}</span>;
  return (
    <span className="tags">
      {tags.map((tag) => (
        <span className="tag" key={tag}>
          {tag}
        </span>
      ))}
    </span>
  );
}
