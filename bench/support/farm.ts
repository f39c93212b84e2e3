/**
 * The farm a benchmark measures: the server and real workers as processes of their own (as
 * `npm start` and `npm run worker` run them, through tests/support/programs.ts), on a fresh
 * data folder, keeping only the last lines each prints (a long run would fill memory).
 */
import path from 'node:path';
import { freePort, runToEnd } from '../../tests/support/processes.ts';
import { ROOT, type ServerProcess, spawnServer, spawnWorker, WORKER_MAIN, type WorkerProcess } from '../../tests/support/programs.ts';
import { tempDir } from './report.ts';

export { SUBSCRIBED, workersSubscribed } from '../../tests/support/programs.ts';
export type { WorkerProcess };

export const FAKE_BLENDER = path.join(ROOT, 'bench', 'fake-blender');

const KEEP_LINES = 200;

export interface ServerHandle extends ServerProcess {
  dataDir: string;
}

/** The control server as `npm start` runs it, without local workers, on a fresh data folder. */
export async function startServer(opts: { env?: NodeJS.ProcessEnv; dataDir?: string; count?: string[] } = {}): Promise<ServerHandle> {
  const dataDir = opts.dataDir ?? (await tempDir('data'));
  const server = await spawnServer({
    dataDir,
    port: await freePort(),
    env: opts.env,
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
    nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    show: Boolean(process.env.BENCH_SHOW_SERVER),
    // BENCH_SERVER_LOG=FILE keeps the server's whole log (only its last lines are kept otherwise).
    logFile: process.env.BENCH_SERVER_LOG,
    keepLines: KEEP_LINES,
    count: opts.count,
  });
  return { ...server, dataDir };
}

/** A real worker process, as `npm run worker` starts it. */
export function startWorkerProcess(opts: {
  url: string;
  name: string;
  workDir: string;
  blenderPath?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}): WorkerProcess {
  return spawnWorker({ ...opts, show: Boolean(process.env.BENCH_SHOW_WORKERS), keepLines: KEEP_LINES });
}

/** What the worker command offers now (other engineers add flags while the benchmarks run). */
export interface WorkerFeatures {
  slots: boolean;
  renderMode: boolean;
  /** The `--render-mode` values the usage names, e.g. ["session", "spawn"]. */
  renderModes: string[];
}

export async function workerFeatures(): Promise<WorkerFeatures> {
  const { stdout } = await runToEnd(process.execPath, ['--import', 'tsx', WORKER_MAIN, '--help'], { cwd: ROOT, timeoutMs: 60_000 });
  const modeLine = stdout.split('\n').find((line) => line.includes('--render-mode')) ?? '';
  const modes = [...new Set(['session', 'spawn'].filter((mode) => stdout.includes(mode) && modeLine !== ''))];
  return { slots: stdout.includes('--slots'), renderMode: modeLine !== '', renderModes: modes };
}
