import type { CliWorkersQuery } from '../../common/graphql/generated/graphql.ts';
import { formatAgo, formatTable } from '../format.ts';
import { CliWorkers } from '../operations.ts';
import { listCommand } from './list-command.ts';

type Worker = CliWorkersQuery['workers'][number];

function framesText(worker: Worker): string {
  if (worker.currentFrames.length === 0) return '-';
  return worker.currentFrames
    .map((f) => `${f.jobId.slice(0, 8)}:${f.number}${f.status === 'RENDERING' ? ` ${Math.floor(f.progress)}%` : ''}`)
    .join(', ');
}

export function workersTable(workers: readonly Worker[], nowMs: number): string {
  if (workers.length === 0) return 'No workers have joined the farm.';
  return formatTable(
    ['NAME', 'STATUS', 'TAGS', 'LAST SEEN', 'FRAMES (JOB:FRAME)'],
    workers.map((w) => [w.name, w.status, w.tags.join(',') || '-', formatAgo(w.lastHeartbeatAt, nowMs), framesText(w)]),
  );
}

const DESCRIPTION = `Every worker that joined the farm, by name: status (IDLE, BUSY, OFFLINE), tags, when it
was last heard from, and the frames it holds now.`;

export const workersCommand = listCommand('workers', 'list the workers and what they render', DESCRIPTION, CliWorkers, (data) => data.workers, workersTable);
