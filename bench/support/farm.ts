/**
 * What every benchmark needs: the server and real workers as processes of their own (as
 * `npm start` and `npm run worker` run them), their memory and CPU read from /proc, plain
 * GraphQL over fetch and graphql-ws, statistics, and the one JSON line a benchmark prints.
 *
 * Plain strings rather than codegen documents: the benchmarks only read a few fields, and
 * must keep running while the schema grows.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, groupControl, waitFor } from '../../tests/support/processes.ts';
import { bundleServerIfNeeded, SERVER_BUNDLE } from '../../server/bundle.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FAKE_BLENDER = path.join(ROOT, 'bench', 'fake-blender');
const WORKER_MAIN = path.join(ROOT, 'worker', 'main.ts');
export const BLENDER_PATH = process.env.BLENDER_PATH ?? 'blender';

// ---- output -------------------------------------------------------------------------------

let benchName = 'bench';

/** Progress goes to stderr: stdout carries only the result line. */
export function progress(message: string): void {
  process.stderr.write(`[${benchName} ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/** Names the benchmark for progress lines; call first. */
export function benchmark(name: string): void {
  benchName = name;
}

/** The one JSON line a benchmark prints. */
export function emit(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** A parameter: `--name value` on the command line, else the environment variable, else the default. */
export function param(flag: string, env: string, fallback: number): number {
  const index = process.argv.indexOf(`--${flag}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${flag} / ${env} must be a number, got "${raw}"`);
  return value;
}

export async function tempDir(prefix: string): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), `farm-bench-${prefix}-`));
}

// ---- the machine ----------------------------------------------------------------------------

export interface Machine {
  cpus: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  blender: string | null;
  openFiles: { soft: number | null; hard: number | null };
}

export async function machine(): Promise<Machine> {
  const blender = await promisify(execFile)(BLENDER_PATH, ['--version'], { timeout: 30_000 }).then(
    ({ stdout }) => stdout.split('\n').find((line) => /^Blender \d/.test(line.trim()))?.trim() ?? null,
    () => null,
  );
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    blender,
    openFiles: openFilesLimit(),
  };
}

/** `ulimit -n` of this process (its children inherit it): soft and hard. */
export function openFilesLimit(): { soft: number | null; hard: number | null } {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line ?? '').replace('Max open files', '').trim().split(/\s+/);
    const num = (v: string | undefined) => (v === undefined || v === 'unlimited' ? null : Number(v));
    return { soft: num(soft), hard: num(hard) };
  } catch {
    return { soft: null, hard: null };
  }
}

// ---- statistics -----------------------------------------------------------------------------

/** Nearest-rank percentile of unsorted values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Rounds to `digits` decimals; null stays null. */
export function round(value: number | null | undefined, digits = 2): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function summary(values: readonly number[], digits = 2) {
  return {
    n: values.length,
    p50: round(percentile(values, 50), digits),
    p90: round(percentile(values, 90), digits),
    p99: round(percentile(values, 99), digits),
    max: round(values.length ? values.reduce((a, b) => (b > a ? b : a)) : null, digits),
  };
}

// ---- /proc ----------------------------------------------------------------------------------

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux x86-64

export interface ProcStats {
  rssBytes: number;
  /** The kernel's high-water mark of RSS since the process started. */
  hwmBytes: number;
  /** User + system CPU seconds of the process itself. */
  cpuSeconds: number;
  /** The same, of its children that have exited (a worker's Blender processes). */
  childCpuSeconds: number;
}

export function procStats(pid: number): ProcStats | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = (i: number) => Number(fields[i - 3] ?? 0);
    return {
      rssBytes: kb('VmRSS'),
      hwmBytes: kb('VmHWM'),
      cpuSeconds: (ticks(14) + ticks(15)) / CLOCK_TICKS,
      childCpuSeconds: (ticks(16) + ticks(17)) / CLOCK_TICKS,
    };
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `intervalMs`, keeping the peak. */
export class RssSampler {
  peakBytes = 0;
  samples = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): number {
    const stats = procStats(this.pid);
    if (stats) {
      this.samples += 1;
      this.peakBytes = Math.max(this.peakBytes, stats.rssBytes);
    }
    return stats?.rssBytes ?? 0;
  }

  /** Starts a new peak from now. */
  reset(): void {
    this.peakBytes = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

export const MiB = 1024 * 1024;

// ---- processes ------------------------------------------------------------------------------

export interface FarmProcess {
  child: ChildProcess;
  pid: number;
  /** The last lines it printed (all of them would grow without end on a long run). */
  tail: string[];
  /** How many lines matched each pattern given to `count`. */
  counted: Map<string, number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

const TAIL_LINES = 200;

/**
 * A node process in its own process group (so stopping it also stops what it started), its
 * output drained line by line: a pipe nobody reads would stall it.
 */
function spawnNode(args: string[], env: NodeJS.ProcessEnv, opts: { show: boolean; count?: string[]; logFile?: string | undefined }): FarmProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, detached: true });
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : null;
  const tail: string[] = [];
  const counted = new Map<string, number>((opts.count ?? []).map((pattern) => [pattern, 0]));
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      if (opts.show) process.stderr.write(chunk);
      log?.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        for (const [pattern, n] of counted) if (line.includes(pattern)) counted.set(pattern, n + 1);
        tail.push(line);
      }
      if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
    });
  }
  const { exited, stop } = groupControl(child);
  return { child, pid: child.pid!, tail, counted, exited, stop };
}

export interface ServerHandle extends FarmProcess {
  url: string;
  dataDir: string;
}

/** The control server as `npm start` runs it, without local workers, on a fresh data folder. */
export async function startServer(opts: { env?: NodeJS.ProcessEnv; dataDir?: string; count?: string[] } = {}): Promise<ServerHandle> {
  const dataDir = opts.dataDir ?? (await tempDir('data'));
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server. A
  // TypeScript preload among them (bench/support/sql-census.ts) brings tsx along.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const tsx = nodeArgs.some((arg) => arg.endsWith('.ts')) ? ['--import', 'tsx'] : [];
  await bundleServerIfNeeded();
  const proc = spawnNode(
    [...tsx, ...nodeArgs, SERVER_BUNDLE],
    { PORT: String(port), HOST: '127.0.0.1', FARM_DATA_DIR: dataDir, FARM_LOCAL_WORKERS: '0', LOG_LEVEL: 'info', ...opts.env },
    // BENCH_SERVER_LOG=FILE keeps the server's whole log (only its last lines are kept otherwise).
    { show: Boolean(process.env.BENCH_SHOW_SERVER), count: ['farm server listening', ...(opts.count ?? [])], logFile: process.env.BENCH_SERVER_LOG },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor('the server to listen', async () => {
    if (proc.child.exitCode !== null) throw new Error(`the server exited (${proc.child.exitCode}):\n${proc.tail.join('\n')}`);
    return (proc.counted.get('farm server listening') ?? 0) > 0;
  }, { timeoutMs: 60_000 });
  return { ...proc, url, dataDir };
}

/** What the worker command offers now (other engineers add flags while the benchmarks run). */
export interface WorkerFeatures {
  slots: boolean;
  renderMode: boolean;
  /** The `--render-mode` values the usage names, e.g. ["session", "spawn"]. */
  renderModes: string[];
}

export async function workerFeatures(): Promise<WorkerFeatures> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', WORKER_MAIN, '--help'], { cwd: ROOT, timeout: 60_000 });
  const modeLine = stdout.split('\n').find((line) => line.includes('--render-mode')) ?? '';
  const modes = [...new Set(['session', 'spawn'].filter((mode) => stdout.includes(mode) && modeLine !== ''))];
  return { slots: stdout.includes('--slots'), renderMode: modeLine !== '', renderModes: modes };
}

/** Lines a worker prints that the benchmarks wait for. */
export const SUBSCRIBED = 'subscribed for frames';

/** A real worker process, as `npm run worker` starts it. */
export function startWorkerProcess(opts: {
  url: string;
  name: string;
  workDir: string;
  blenderPath?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
}): FarmProcess {
  const args = ['--import', 'tsx', WORKER_MAIN, '--server', opts.url, '--name', opts.name, '--work-dir', opts.workDir];
  if (opts.blenderPath) args.push('--blender', opts.blenderPath);
  args.push(...(opts.args ?? []));
  return spawnNode(args, { LOG_LEVEL: 'info', ...opts.env }, { show: Boolean(process.env.BENCH_SHOW_WORKERS), count: [SUBSCRIBED] });
}

// ---- GraphQL --------------------------------------------------------------------------------

export class GraphQLFailure extends Error {}

/** fetch failed before the server answered (the socket was reset or refused). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'fetch failed';
}

/**
 * fetch, tried again when the connection fails before an answer: a busy server may close an
 * idle keep-alive socket just as it is reused (ECONNRESET), and undici retries no POST itself.
 */
export const network = { retries: 0 };

export async function fetchRetrying(input: string, init: RequestInit, retries = 5): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (!isNetworkError(error) || attempt >= retries) throw error;
      network.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/** One GraphQL request over HTTP; throws with the server's words on errors. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string, timeoutMs?: number): Promise<T> {
  const response = await fetchRetrying(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new GraphQLFailure(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new GraphQLFailure(`HTTP ${response.status}: no data`);
  return body.data;
}

/**
 * A GraphQL multipart request (the spec graphql-upload-minimal implements) with one file at
 * `filePath` (a variable path such as "variables.input.file"). The blob is read from disk as
 * it is sent, so a file of any size is fine.
 */
export async function gqlUpload<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  filePath: string,
  file: Blob,
  fileName: string,
  token?: string,
): Promise<T> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify({ 0: [filePath] }));
  form.set('0', file, fileName);
  // A retried upload is what a real worker does too (worker/agent.ts, untilDelivered).
  const response = await fetchRetrying(`${url}/graphql`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new GraphQLFailure(body.errors.map((e) => e.message).join('; '));
  if (!body.data) throw new GraphQLFailure(`HTTP ${response.status}: no data`);
  return body.data;
}

export interface SubmitInput {
  name: string;
  totalFrames: number;
  outputFormat?: string;
  requiredTags?: string[];
  maxAttempts?: number;
}

export interface SubmittedJob {
  id: string;
  totalFrames: number;
  createdAt: string;
}

const SUBMIT_JOB = `mutation SubmitJob($input: SubmitJobInput!) {
  submitJob(input: $input) { id totalFrames createdAt }
}`;

/** Submits a job through the real multipart upload, as a user's script would. */
export async function submitJob(url: string, blendFile: string, input: SubmitInput): Promise<SubmittedJob> {
  const data = await gqlUpload<{ submitJob: SubmittedJob }>(
    url,
    SUBMIT_JOB,
    { input: { outputFormat: 'PNG', ...input, file: null } },
    'variables.input.file',
    await fs.openAsBlob(blendFile),
    path.basename(blendFile),
  );
  return data.submitJob;
}

/**
 * submitJob for big files: the multipart body written by hand over node:http, the file piped
 * from disk in 1 MiB reads. undici's FormData encoder spent ~8 CPU seconds per GiB here,
 * enough to make the client the bottleneck on 2 cores (10.2 s per GiB against curl's 4.9 s).
 */
export async function submitJobStreaming(url: string, blendFile: string, input: SubmitInput): Promise<SubmittedJob> {
  const boundary = `----farm-bench-${crypto.randomUUID()}`;
  const operations = JSON.stringify({ query: SUBMIT_JOB, variables: { input: { outputFormat: 'PNG', ...input, file: null } } });
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    field('operations', operations) +
      field('map', JSON.stringify({ 0: ['variables.input.file'] })) +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="${path.basename(blendFile)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = (await fsp.stat(blendFile)).size;
  const body = await new Promise<string>((resolve, reject) => {
    const request = http.request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.write(head);
    const file = fs.createReadStream(blendFile, { highWaterMark: 1024 * 1024 });
    file.on('error', reject);
    file.pipe(request, { end: false });
    file.on('end', () => request.end(tail));
  });
  const parsed = JSON.parse(body) as { data?: { submitJob: SubmittedJob }; errors?: { message: string }[] };
  if (parsed.errors?.length || !parsed.data) throw new GraphQLFailure(parsed.errors?.map((e) => e.message).join('; ') ?? body);
  return parsed.data.submitJob;
}

export interface JobState {
  status: string;
  framesDone: number;
  framesFailed: number;
  totalFrames: number;
}

export async function jobState(url: string, jobId: string): Promise<JobState> {
  // A server that stopped answering must not hold the poll (and the benchmark's deadline) up.
  const data = await gql<{ job: JobState | null }>(url, 'query ($id: ID!) { job(id: $id) { status framesDone framesFailed totalFrames } }', { id: jobId }, undefined, 20_000);
  if (!data.job) throw new Error(`no job ${jobId}`);
  return data.job;
}

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELED']);

/** Polls (every `intervalMs`, a cheap query) until the job is finished; returns its last state. */
export async function waitJobFinished(url: string, jobId: string, timeoutMs: number, intervalMs = 200, onPoll?: (s: JobState) => void): Promise<JobState> {
  return waitFor(`job ${jobId} to finish`, async () => {
    // A poll the server was too busy to answer is not the end: the deadline is.
    const state = await jobState(url, jobId).catch((error: unknown) => {
      progress(`polling the job: ${(error as Error).message}`);
      return null;
    });
    if (!state) return null;
    onPoll?.(state);
    return FINISHED.has(state.status) ? state : null;
  }, { timeoutMs, intervalMs });
}

export interface FrameRecord {
  number: number;
  status: string;
  attempts: number;
  assignedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  renderTimeMs: number | null;
  worker: { id: string; name: string } | null;
}

export interface JobRecord {
  id: string;
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  framesDone: number;
  framesFailed: number;
  totalFrames: number;
  frames: FrameRecord[];
}

/** The job and all its frames with their timestamps, as the server recorded them. */
export async function jobRecord(url: string, jobId: string, timeoutMs?: number): Promise<JobRecord> {
  const data = await gql<{ job: JobRecord | null }>(
    url,
    `query ($id: ID!) { job(id: $id) {
      id status createdAt startedAt finishedAt framesDone framesFailed totalFrames
      frames { number status attempts assignedAt startedAt finishedAt renderTimeMs worker { id name } }
    } }`,
    { id: jobId },
    undefined,
    timeoutMs,
  );
  if (!data.job) throw new Error(`no job ${jobId}`);
  return data.job;
}

export async function workers(url: string): Promise<{ id: string; name: string; status: string }[]> {
  return (await gql<{ workers: { id: string; name: string; status: string }[] }>(url, '{ workers { id name status } }')).workers;
}

export const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/**
 * A file that passes the server's .blend check (it starts with Blender's header) and is
 * `size` bytes long; sparse, so a large one is written at once. Only fake-blender reads it.
 */
export async function fakeBlend(file: string, size = 1024): Promise<string> {
  const handle = await fsp.open(file, 'w');
  try {
    await handle.write(Buffer.from('BLENDER-v304REND', 'ascii'));
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
  return file;
}
