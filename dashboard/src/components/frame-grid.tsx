import { type MouseEvent, useState } from 'react';
import type { FrameFieldsFragment, FrameStatus } from '../graphql/generated/graphql.ts';

const LEGEND: readonly FrameStatus[] = ['QUEUED', 'ASSIGNED', 'RENDERING', 'DONE', 'FAILED', 'CANCELED'];

/**
 * A URL for a frame's JPEG that changes when the frame is rendered again: the server keeps
 * the same path, and the browser would otherwise show the old picture from its cache.
 */
export function versioned(url: string, frame: Pick<FrameFieldsFragment, 'finishedAt'>): string {
  return frame.finishedAt ? `${url}${url.includes('?') ? '&' : '?'}v=${encodeURIComponent(frame.finishedAt)}` : url;
}

/**
 * One tile per frame, coloured by state; rendered frames show their thumbnail. A click
 * selects a frame and opens its details, Ctrl/⌘-click adds or removes one, Shift-click
 * selects the run from the last clicked frame.
 */
export function FrameGrid({
  frames,
  selected,
  focused,
  onSelect,
}: {
  frames: readonly FrameFieldsFragment[];
  selected: ReadonlySet<number>;
  focused: number | null;
  onSelect: (selected: ReadonlySet<number>, focused: number | null) => void;
}) {
  const [anchor, setAnchor] = useState<number | null>(null);
  const counts = new Map<FrameStatus, number>();
  for (const frame of frames) counts.set(frame.status, (counts.get(frame.status) ?? 0) + 1);

  const click = (event: MouseEvent, number: number) => {
    const additive = event.ctrlKey || event.metaKey;
    if (event.shiftKey && anchor !== null) {
      const from = frames.findIndex((f) => f.number === anchor);
      const to = frames.findIndex((f) => f.number === number);
      const run = frames.slice(Math.min(from, to), Math.max(from, to) + 1).map((f) => f.number);
      onSelect(new Set([...(additive ? selected : []), ...run]), number);
      return;
    }
    setAnchor(number);
    if (additive) {
      const next = new Set(selected);
      if (next.has(number)) next.delete(number);
      else next.add(number);
      onSelect(next, next.has(number) ? number : focused === number ? null : focused);
      return;
    }
    onSelect(new Set([number]), number);
  };

  return (
    <div>
      <ul className="legend" aria-label="Frames by state">
        {LEGEND.map((status) => (
          <li key={status} data-testid={`legend-${status.toLowerCase()}`}>
            <span className={`swatch status-${status.toLowerCase()}`} /> {status.toLowerCase()}{' '}
            <strong>{counts.get(status) ?? 0}</strong>
          </li>
        ))}
      </ul>
      <div className="frame-grid" data-testid="frame-grid" role="group" aria-label="Frames">
        {frames.map((frame) => {
          const isSelected = selected.has(frame.number);
          const thumb = frame.status === 'DONE' && frame.thumbnailUrl ? versioned(frame.thumbnailUrl, frame) : null;
          return (
            <button
              type="button"
              key={frame.number}
              className={`tile status-${frame.status.toLowerCase()}${isSelected ? ' selected' : ''}${focused === frame.number ? ' focused' : ''}`}
              data-testid="frame-tile"
              data-frame={frame.number}
              data-status={frame.status}
              aria-pressed={isSelected}
              aria-label={`Frame ${frame.number}, ${frame.status.toLowerCase()}`}
              title={`Frame ${frame.number}: ${frame.status.toLowerCase()}${frame.worker ? ` (${frame.worker.name})` : ''}`}
              onClick={(event) => click(event, frame.number)}
            >
              {thumb && <img src={thumb} alt="" loading="lazy" data-testid="frame-thumb" />}
              {frame.status === 'RENDERING' && <span className="tile-progress" style={{ width: `${frame.progress}%` }} />}
              <span className="tile-number">{frame.number}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
