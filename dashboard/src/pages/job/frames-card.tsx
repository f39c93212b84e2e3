import type { CombinedError } from 'urql';
import { FrameGrid } from '../../components/frame-grid.tsx';
import type { FrameFieldsFragment } from '../../../../common/graphql/generated/graphql.ts';

/** The frame grid, with what is selected in it and the button that requeues the selection. */
export function FramesCard({
  frames,
  error,
  selected,
  focused,
  workerNames,
  canRequeue,
  onSelect,
  onRequeueSelected,
}: {
  frames: readonly FrameFieldsFragment[] | null;
  error: CombinedError | null;
  selected: ReadonlySet<number>;
  focused: number | null;
  workerNames: ReadonlyMap<string, string>;
  canRequeue: boolean;
  onSelect: (selected: ReadonlySet<number>, focused: number | null) => void;
  onRequeueSelected: () => void;
}) {
  return (
    <div className="card">
      <div className="card-header">
        <h2>Frames</h2>
        <div className="selection-bar" data-testid="selection-bar">
          {selected.size > 0 ? (
            <>
              <span data-testid="selected-count">{selected.size} selected</span>
              {canRequeue && (
                <button type="button" className="button button-small button-primary" data-testid="requeue-selected" onClick={onRequeueSelected}>
                  Requeue selected
                </button>
              )}
              <button type="button" className="button button-small" onClick={() => onSelect(new Set(), focused)}>
                Clear
              </button>
            </>
          ) : (
            <span className="muted small">Click a frame for its details; Ctrl- or Shift-click to select several.</span>
          )}
        </div>
      </div>
      {frames ? (
        <FrameGrid frames={frames} selected={selected} focused={focused} workerNames={workerNames} onSelect={onSelect} />
      ) : error ? (
        <p className="alert alert-error">Could not load the frames: {error.message}</p>
      ) : (
        <p className="muted">Loading frames…</p>
      )}
    </div>
  );
}
