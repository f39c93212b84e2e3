import { memo, type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FrameFieldsFragment, FrameStatus } from '../../../common/graphql/generated/graphql.ts';
import { FRAME_STATUSES } from '../../../common/job-status.ts';

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
 * selects the run from the last clicked frame. With 10,000 frames and events every 50 ms,
 * only the tiles whose frame, selection or worker changed render again: each tile's props
 * are the frame object (kept while the frame is unchanged), booleans, a name and one click
 * handler for all.
 */
export const FrameGrid = memo(function FrameGrid({
  frames,
  selected,
  focused,
  workerNames,
  onSelect,
}: {
  frames: readonly FrameFieldsFragment[];
  selected: ReadonlySet<number>;
  focused: number | null;
  workerNames: ReadonlyMap<string, string>;
  onSelect: (selected: ReadonlySet<number>, focused: number | null) => void;
}) {
  const [anchor, setAnchor] = useState<number | null>(null);
  const counts = useMemo(() => {
    const byStatus = new Map<FrameStatus, number>();
    for (const frame of frames) byStatus.set(frame.status, (byStatus.get(frame.status) ?? 0) + 1);
    return byStatus;
  }, [frames]);

  // The click handler reads these when it runs, so that it stays one function for every tile.
  const latest = useRef({ frames, selected, focused, anchor, onSelect });
  useEffect(() => {
    latest.current = { frames, selected, focused, anchor, onSelect };
  });
  const click = useCallback((event: MouseEvent, number: number) => {
    const { frames, selected, focused, anchor, onSelect } = latest.current;
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
  }, []);

  return (
    <div>
      <ul className="legend" aria-label="Frames by state">
        {FRAME_STATUSES.map((status) => (
          <li key={status} data-testid={`legend-${status.toLowerCase()}`}>
            <span className={`swatch status-${status.toLowerCase()}`} /> {status.toLowerCase()}{' '}
            <strong>{counts.get(status) ?? 0}</strong>
          </li>
        ))}
      </ul>
      <div className="frame-grid" data-testid="frame-grid" role="group" aria-label="Frames">
        {frames.map((frame) => (
          <FrameTile
            key={frame.number}
            frame={frame}
            selected={selected.has(frame.number)}
            focused={focused === frame.number}
            workerName={frame.workerId ? workerNames.get(frame.workerId) : undefined}
            onClick={click}
          />
        ))}
      </div>
    </div>
  );
});

const FrameTile = memo(function FrameTile({
  frame,
  selected,
  focused,
  workerName,
  onClick,
}: {
  frame: FrameFieldsFragment;
  selected: boolean;
  focused: boolean;
  workerName: string | undefined;
  onClick: (event: MouseEvent, number: number) => void;
}) {
  const thumb = frame.status === 'DONE' && frame.thumbnailUrl ? versioned(frame.thumbnailUrl, frame) : null;
  return (
    <button
      type="button"
      className={`tile status-${frame.status.toLowerCase()}${selected ? ' selected' : ''}${focused ? ' focused' : ''}`}
      data-testid="frame-tile"
      data-frame={frame.number}
      data-status={frame.status}
      aria-pressed={selected}
      aria-label={`Frame ${frame.number}, ${frame.status.toLowerCase()}`}
      title={`Frame ${frame.number}: ${frame.status.toLowerCase()}${workerName ? ` (${workerName})` : ''}`}
      onClick={(event) => onClick(event, frame.number)}
    >
      {thumb && <img src={thumb} alt="" loading="lazy" data-testid="frame-thumb" />}
      {frame.status === 'RENDERING' && <span className="tile-progress" style={{ width: `${frame.progress}%` }} />}
      <span className="tile-number">{frame.number}</span>
    </button>
  );
});
