/**
 * The farm's programs as processes of their own, as `npm start` and `npm run worker` run them,
 * for the tests and the benchmarks alike (supervised through processes.ts).
 */
import { fileURLToPath } from 'node:url';
import { bundleServerIfNeeded, SERVER_BUNDLE } from '../../server/bundle.ts';
import { supervise, type SupervisedProcess, type SuperviseOptions, waitFor } from './processes.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WORKER_MAIN = fileURLToPath(new URL('../../worker/main.ts', import.meta.url));

/** What the server prints once it accepts requests. */
export const LISTENING = 'farm server listening';
/** What a worker (each slot of one) prints once it waits for frames. */
export const SUBSCRIBED = 'subscribed for frames';

type Output = Pick<SuperviseOptions, 'show' | 'logFile' | 'keepLines' | 'count'>;

export interface ServerProcess extends SupervisedProcess {
  url: string;
}

/** The control server as `npm start` runs it (without local workers); resolves once it listens. */
export async function spawnServer(
  opts: { dataDir: string; port: number; env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[] } & Output,
): Promise<ServerProcess> {
  // The bundle `npm start` runs, built from the sources under test when they changed.
  await bundleServerIfNeeded();
  // A TypeScript preload among the node options (bench/support/sql-census.ts) brings tsx along.
  const nodeArgs = opts.nodeArgs ?? [];
  const tsx = nodeArgs.some((arg) => arg.endsWith('.ts')) ? ['--import', 'tsx'] : [];
  const server = supervise(process.execPath, [...tsx, ...nodeArgs, SERVER_BUNDLE], {
    cwd: ROOT,
    env: {
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      FARM_DATA_DIR: opts.dataDir,
      FARM_LOCAL_WORKERS: '0',
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    show: opts.show,
    logFile: opts.logFile,
    keepLines: opts.keepLines,
    count: [LISTENING, ...(opts.count ?? [])],
  });
  const url = `http://127.0.0.1:${opts.port}`;
  await waitFor(`the server at ${url} to listen`, () => {
    if (server.process.exitCode !== null) throw new Error(`the server exited (${server.process.exitCode}):\n${server.lines.join('\n')}`);
    return (server.counted.get(LISTENING) ?? 0) > 0;
  }, { timeoutMs: 60_000 });
  return { ...server, url };
}

export interface WorkerProcess extends SupervisedProcess {
  name: string;
}

/** A real worker process, as `npm run worker` starts it. */
export function spawnWorker(
  opts: { url: string; name: string; workDir: string; blenderPath?: string | undefined; args?: readonly string[]; env?: NodeJS.ProcessEnv } & Output,
): WorkerProcess {
  const args = ['--import', 'tsx', WORKER_MAIN, '--server', opts.url, '--name', opts.name, '--work-dir', opts.workDir];
  if (opts.blenderPath) args.push('--blender', opts.blenderPath);
  args.push(...(opts.args ?? []));
  const worker = supervise(process.execPath, args, {
    cwd: ROOT,
    env: { LOG_LEVEL: 'info', ...opts.env },
    show: opts.show,
    logFile: opts.logFile,
    keepLines: opts.keepLines,
    count: [SUBSCRIBED, ...(opts.count ?? [])],
  });
  return { ...worker, name: opts.name };
}

/**
 * Waits until every worker process has subscribed for frames with each of its `slots`, so
 * that each gets frames from the next job; fails at once when one exits instead.
 */
export async function workersSubscribed(
  workers: readonly WorkerProcess[],
  { slots = 1, timeoutMs = 60_000, intervalMs = 100 } = {},
): Promise<void> {
  await waitFor(`${workers.map((w) => w.name).join(', ')} to subscribe`, () => {
    const dead = workers.find((w) => w.process.exitCode !== null);
    if (dead) throw new Error(`worker ${dead.name} exited (${dead.process.exitCode}):\n${dead.lines.join('\n')}`);
    return workers.every((w) => (w.counted.get(SUBSCRIBED) ?? 0) >= slots);
  }, { timeoutMs, intervalMs });
}
