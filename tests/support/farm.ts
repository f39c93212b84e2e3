import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CombinedError } from '@urql/core';
import { buildApp, type BuildAppOptions, type FarmApp } from '../../server/app.ts';
import { bundleServerIfNeeded, SERVER_BUNDLE } from '../../server/bundle.ts';
import { readConfig, type ServerConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import type { SubmitJobInput } from '../../common/graphql/generated/graphql.ts';
import { SubmitJob } from './operations.ts';
import { groupControl, waitFor } from './processes.ts';

const WORKER_MAIN = fileURLToPath(new URL('../../worker/main.ts', import.meta.url));

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

export interface TestWorker {
  name: string;
  process: ChildProcess;
  /**
   * Signals the worker and everything it started (Blender): the process group, as when a
   * machine dies (SIGKILL) or freezes (SIGSTOP).
   */
  signalGroup(signal: NodeJS.Signals): void;
  /** Everything the worker printed, stdout and stderr, line by line. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** A real worker process, as `npm run worker` starts it. */
export function startWorker(
  url: string,
  name: string,
  opts: { blenderPath?: string; workDir?: string; env?: NodeJS.ProcessEnv; args?: string[] } = {},
): TestWorker {
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `farm-worker-${name}-`));
  const args = ['--import', 'tsx', WORKER_MAIN, '--server', url, '--name', name, '--work-dir', workDir];
  if (opts.blenderPath) args.push('--blender', opts.blenderPath);
  args.push(...(opts.args ?? []));
  const { child, ...rest } = spawnLogged(args, {
    env: { LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL ?? 'info', ...opts.env },
    show: Boolean(process.env.TEST_SHOW_WORKERS),
  });
  return { name, process: child, ...rest };
}

/**
 * A node process in its own process group, its output collected line by line. Its own
 * group lets a test kill or freeze it together with the Blender it started.
 */
function spawnLogged(args: string[], opts: { env: NodeJS.ProcessEnv; show: boolean }) {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
    detached: true,
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    if (opts.show) process.stderr.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, lines, ...groupControl(child) };
}


export interface ServerProcess {
  url: string;
  process: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signalGroup(signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/** The control server as `npm start` runs it (without local workers), in a process of its own. */
export async function startServerProcess(opts: { dataDir: string; port: number; env?: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  // The bundle `npm start` runs, built from the sources under test when they changed.
  await bundleServerIfNeeded();
  const { child, lines, ...rest } = spawnLogged([SERVER_BUNDLE], {
    env: {
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      FARM_DATA_DIR: opts.dataDir,
      FARM_LOCAL_WORKERS: '0',
      LOG_LEVEL: 'info',
      ...opts.env,
    },
    show: Boolean(process.env.TEST_SHOW_SERVER),
  });
  const url = `http://127.0.0.1:${opts.port}`;
  await waitFor(`the server at ${url} to listen`, () => lines.some((line) => line.includes('farm server listening')), {
    timeoutMs: 30_000,
  });
  return { url, process: child, lines, ...rest };
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
