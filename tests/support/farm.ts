import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CombinedError } from '@urql/core';
import { buildApp, type BuildAppOptions, type FarmApp } from '../../server/app.ts';
import { readConfig, type ServerConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import type { JobDetailsQuery, SubmitJobInput } from '../../common/graphql/generated/graphql.ts';
import { JobDetails, SubmitJob } from './operations.ts';
import { waitFor } from './processes.ts';
import { type ServerProcess, spawnServer, spawnWorker, type WorkerProcess, workersSubscribed } from './programs.ts';

export async function tempDir(prefix: string): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), `farm-${prefix}-`));
}

export interface TestFarm {
  url: string;
  app: FarmApp;
  config: ServerConfig;
  /** An anonymous client, as a user or a dashboard would have. */
  farm: FarmClient;
  stop(): Promise<void>;
}

/** A real server on a free port with its own SQLite file and data folder (and, in `options`, its clock). */
export async function startFarm(overrides: Partial<ServerConfig> = {}, options: BuildAppOptions = {}): Promise<TestFarm> {
  const config: ServerConfig = {
    ...readConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir: overrides.dataDir ?? (await tempDir('data')),
    logLevel: process.env.TEST_LOG_LEVEL ?? 'warn',
    heartbeatIntervalS: 2,
    workerTimeoutS: 30,
    localWorkers: 0,
    ...overrides,
  };
  const app = await buildApp(config, createLogger(config.logLevel), options);
  const { url } = await app.start();
  const farm = createFarmClient({ serverUrl: url });
  return {
    url,
    app,
    config,
    farm,
    async stop() {
      await farm.close();
      await app.stop();
    },
  };
}

export type TestWorker = WorkerProcess;

/** A real worker process, as `npm run worker` starts it. */
export function startWorker(
  url: string,
  name: string,
  opts: { blenderPath?: string; workDir?: string; env?: NodeJS.ProcessEnv; args?: string[] } = {},
): TestWorker {
  return spawnWorker({
    url,
    name,
    workDir: opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `farm-worker-${name}-`)),
    blenderPath: opts.blenderPath,
    args: opts.args,
    env: { LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL ?? 'info', ...opts.env },
    show: Boolean(process.env.TEST_SHOW_WORKERS),
  });
}

export type { ServerProcess };

/** The control server as `npm start` runs it (without local workers), in a process of its own. */
export async function startServerProcess(opts: { dataDir: string; port: number; env?: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  return spawnServer({ ...opts, show: Boolean(process.env.TEST_SHOW_SERVER) });
}

export interface FarmWithWorkers extends TestFarm {
  workers: TestWorker[];
}

/**
 * A test farm and real workers of these names, each subscribed before this resolves, so each
 * gets frames of the first job; stop() stops the workers, then the farm.
 */
export async function startFarmWithWorkers(names: readonly string[], opts: { workDirs?: readonly string[] } = {}): Promise<FarmWithWorkers> {
  const farm = await startFarm();
  const workers = names.map((name, i) => startWorker(farm.url, name, { workDir: opts.workDirs?.[i] }));
  const stop = async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await farm.stop();
  };
  await workersSubscribed(workers).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { ...farm, workers, stop };
}

/**
 * Polls the job's details (JobDetails) until `until` holds of it, and returns it; `until`
 * may throw to fail at once (a job that failed while the test waits for it to complete).
 */
export async function jobWhen(
  farm: FarmClient,
  id: string,
  what: string,
  until: (job: NonNullable<JobDetailsQuery['job']>) => boolean,
  timeoutMs: number,
) {
  return waitFor(`job ${id} to ${what}`, async () => {
    const job = ok(await farm.client.query(JobDetails, { id }).toPromise()).job;
    assert.ok(job, `job ${id} exists`);
    return until(job) ? job : null;
  }, { timeoutMs, intervalMs: 250 });
}

/** The pino JSON lines of a process's output (other lines skipped). */
export function logRecords(lines: readonly string[]): Array<Record<string, unknown> & { msg?: string; time?: number }> {
  const records = [];
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      records.push(JSON.parse(line) as Record<string, unknown> & { msg?: string; time?: number });
    } catch {
      // A line cut in two by the pipe; not one of ours to check.
    }
  }
  return records;
}

/** Unwraps an urql result, failing with the server's own words. */
export function ok<T>(result: { data?: T; error?: CombinedError }): T {
  if (result.error) throw new Error(`GraphQL error: ${result.error.message}`);
  if (result.data === undefined) throw new Error('GraphQL returned no data');
  return result.data;
}

/** Submits a job through the real multipart upload, as a user's script would. */
export async function submitJob(farm: FarmClient, blendFile: string, input: Omit<SubmitJobInput, 'file'>) {
  const file = new File([await fs.openAsBlob(blendFile)], path.basename(blendFile));
  return farm.client.mutation(SubmitJob, { input: { ...input, file } }).toPromise();
}

/** Downloads a URL to a file and returns its path. */
export async function download(url: string, dest: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  await fsp.writeFile(dest, Buffer.from(await response.arrayBuffer()));
  return dest;
}

/** Every file under `dir`, relative to it; [] when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}
