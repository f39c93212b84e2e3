import { useCallback, useEffect } from 'react';
import { columns, ListTable } from '../components/list-table.tsx';
import { Page } from '../components/page.tsx';
import { ProgressBar, StatusBadge, Tags } from '../components/status.tsx';
import { formatPercent, formatRelative } from '../format.ts';
import { graphql } from '../../../common/graphql/generated/index.ts';
import type { FrameStatus, WorkersPageQuery as WorkersPageData } from '../../../common/graphql/generated/graphql.ts';
import { isFrameHeld } from '../../../common/job-status.ts';
import { useArrivedAt, useConnection, useEvents, useLatestByKey, useLiveQuery, useNow, useThrottled } from '../graphql/live.ts';
import { jobPath, Link } from '../router.tsx';

const WorkersPageQuery = graphql(`
  query WorkersPage {
    workers {
      id
      name
      status
      lastHeartbeatAt
      createdAt
      tags
      currentFrames {
        id
        jobId
        number
        status
        progress
        job {
          id
          name
        }
      }
      blocklist {
        failures
        blocked
        lastError
        job {
          id
          name
        }
      }
    }
  }
`);

const AllFrameChanges = graphql(`
  subscription WorkersPageFrames {
    frameChanged {
      id
      status
      progress
      workerId
    }
  }
`);

type Worker = WorkersPageData['workers'][number];

const WORKER_COLUMNS = columns('Worker', 'Status', 'Rendering.col-current', 'Last heartbeat', 'Tags', 'Blocklist');

/** Heartbeats are not events: the list is fetched again this often, and on frame changes. */
const REFRESH_MS = 3000;

interface FrameLive {
  status: FrameStatus;
  progress: number;
  workerId: string | null;
}

export function WorkersPage() {
  const [result, refetch] = useLiveQuery({ query: WorkersPageQuery });
  const refetchSoon = useThrottled(refetch, 1000);
  useEffect(() => {
    const timer = setInterval(refetch, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refetch]);

  // Render progress arrives as events many times a second; it goes straight onto the
  // frames shown. A frame changing hands or state makes the list be fetched again. The
  // events of the whole farm pass through here: only frames a worker holds are kept, and
  // each answer of the list starts the map again (it knows as much as the events so far).
  const { epoch } = useConnection();
  const listedAt = useArrivedAt(result.data);
  const [liveFrames, put] = useLatestByKey<string, FrameLive>(`${epoch}@${listedAt}`);
  const workers = result.data?.workers;
  const onFrame = useCallback(
    (data: { frameChanged: { id: string; status: FrameStatus; progress: number; workerId?: string | null } }) => {
      const frame = data.frameChanged;
      const holder = workers?.find((w) => w.id === frame.workerId);
      const shown = holder?.currentFrames.find((f) => f.id === frame.id);
      if (!shown || shown.status !== frame.status) refetchSoon();
      const held = frame.workerId && isFrameHeld(frame.status);
      put(frame.id, held ? { status: frame.status, progress: frame.progress, workerId: frame.workerId ?? null } : undefined);
    },
    [workers, put, refetchSoon],
  );
  useEvents(AllFrameChanges, {}, onFrame);
  const now = useNow(1000);

  return (
    <Page
      testId="workers-page"
      title="Workers"
      subtitle={workers && `${workers.filter((w) => w.status !== 'OFFLINE').length} online · ${workers.filter((w) => w.status === 'BUSY').length} busy`}
    >
      <ListTable noun="workers" items={workers} error={result.error} testId="workers-table" columns={WORKER_COLUMNS} empty={<NoWorkers />}>
        {(worker) => <WorkerRow key={worker.id} worker={worker} liveFrames={liveFrames} now={now} />}
      </ListTable>
    </Page>
  );
}

function NoWorkers() {
  return (
    <p>
      No worker has joined yet. Start one with <code>npm run worker -- --server {window.location.origin}</code>.
    </p>
  );
}

/** A worker: its status, the frames it holds with their live percent, heartbeat, tags and blocklist. */
function WorkerRow({ worker, liveFrames, now }: { worker: Worker; liveFrames: ReadonlyMap<string, FrameLive>; now: number }) {
  return (
    <tr data-testid="worker-row" data-worker-name={worker.name} data-status={worker.status}>
      <td>
        <strong data-testid="worker-name">{worker.name}</strong>
        <div className="muted small">joined {formatRelative(worker.createdAt, now)}</div>
      </td>
      <td>
        <StatusBadge status={worker.status} testId="worker-status" />
      </td>
      <td className="col-current" data-testid="worker-current">
        {worker.currentFrames.length === 0 && <span className="muted">—</span>}
        {worker.currentFrames.map((frame) => {
          const update = liveFrames.get(frame.id);
          const progress = update && update.workerId === worker.id ? update.progress : frame.progress;
          const status = update && update.workerId === worker.id ? update.status : frame.status;
          return (
            <div key={frame.id} className="current-frame" data-testid="worker-frame">
              <div className="small">
                <Link to={jobPath(frame.jobId)}>{frame.job.name}</Link> · frame {frame.number}
              </div>
              <div className="current-frame-bar small">
                <ProgressBar percent={progress} status={status} size="small" label={`Frame ${frame.number}`} />
                <span data-testid="worker-frame-percent">{status === 'ASSIGNED' ? 'starting' : formatPercent(progress)}</span>
              </div>
            </div>
          );
        })}
      </td>
      <td className="nowrap" data-testid="worker-heartbeat" title={worker.lastHeartbeatAt}>
        {formatRelative(worker.lastHeartbeatAt, now)}
      </td>
      <td>
        <Tags tags={worker.tags} empty="none" />
      </td>
      <td>
        {worker.blocklist.length === 0 && <span className="muted">—</span>}
        {worker.blocklist.map((entry) => (
          <div key={entry.job.id} className="small" title={entry.lastError ?? undefined}>
            <Link to={jobPath(entry.job.id)}>{entry.job.name}</Link>: {entry.failures}{' '}
            {entry.failures === 1 ? 'failure' : 'failures'}
            {entry.blocked && (
              <>
                {' '}
                <StatusBadge status="BLOCKED" />
              </>
            )}
          </div>
        ))}
      </td>
    </tr>
  );
}
