import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CombinedError } from '@urql/core';
import type { Logger } from 'pino';
import { BlendCache } from './blend-cache.ts';
import { backoffMs, createFarmClient, type FarmClient } from './client.ts';
import type { AssignmentFieldsFragment } from './graphql/generated/graphql.ts';
import {
  Assignments,
  Heartbeat,
  RegisterWorker,
  ReportFrameFailure,
  ReportFrameProgress,
  UploadFrame,
} from './graphql/operations.ts';
import { renderFrame } from './blender/render-frame.ts';
import type { ProcessRunner } from './blender/runner.ts';

export interface AgentOptions {
  serverUrl: string;
  name: string;
  blenderPath: string;
  /** Where the worker keeps its registration, its .blend cache and frames not yet delivered. */
  workDir: string;
  log: Logger;
  runner: ProcessRunner;
}

interface Registration {
  serverUrl: string;
  name: string;
  workerId: string;
  token: string;
  heartbeatIntervalSeconds: number;
}

/** Progress reports per frame at most this often: enough for a live bar, cheap for the server. */
const PROGRESS_INTERVAL_MS = 250;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/** A failure to reach the server, as opposed to the server refusing the request. */
function isNetworkError(error: CombinedError): boolean {
  return Boolean(error.networkError) && error.graphQLErrors.length === 0;
}

function describe(error: CombinedError | Error): string {
  const network = 'networkError' in error ? error.networkError : undefined;
  if (network) {
    const cause = (network as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code === 'ECONNREFUSED' ? 'connection refused' : (cause?.message ?? network.message);
  }
  if ('graphQLErrors' in error && error.graphQLErrors.length) return error.graphQLErrors.map((e) => e.message).join('; ');
  return error.message;
}

function errorCode(error: CombinedError): string | undefined {
  return error.graphQLErrors[0]?.extensions?.code as string | undefined;
}

/**
 * One worker: registers with the server, keeps its heartbeat, takes frames from its
 * assignments subscription one at a time, renders each with Blender and delivers it.
 * When the server is unreachable it keeps what it rendered and retries with backoff.
 */
export class WorkerAgent {
  private registration: Registration | null = null;
  private readonly farm: FarmClient;
  private readonly cache: BlendCache;
  private readonly queue: AssignmentFieldsFragment[] = [];
  /** Frames queued or being worked on, so a re-delivered assignment is not rendered twice. */
  private readonly taken = new Set<string>();
  private draining = false;
  private serverReachable = true;

  constructor(private readonly opts: AgentOptions) {
    this.cache = new BlendCache(path.join(opts.workDir, 'blends'));
    this.farm = createFarmClient({
      serverUrl: opts.serverUrl,
      token: () => this.registration?.token ?? null,
      onSocketRetry: (attempt, delay) =>
        opts.log.warn(`lost the subscription to ${this.farm.graphqlUrl}; reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1})`),
      onSocketConnected: () => opts.log.info('subscribed for frames'),
    });
  }

  get workerId(): string | null {
    return this.registration?.workerId ?? null;
  }

  async run(signal: AbortSignal): Promise<void> {
    await fsp.mkdir(this.opts.workDir, { recursive: true });
    await this.ensureRegistered(signal);
    const heartbeats = this.heartbeatLoop(signal);
    await this.subscriptionLoop(signal);
    await heartbeats;
    await this.farm.close();
  }

  /** Calls `attempt` until it succeeds or is refused; waits with backoff while the server is unreachable. */
  private async untilDelivered<T>(what: string, signal: AbortSignal, attempt: () => Promise<{ data?: T; error?: CombinedError }>): Promise<T | null> {
    for (let n = 0; !signal.aborted; n += 1) {
      const result = await attempt();
      if (!result.error && result.data !== undefined) {
        if (!this.serverReachable) this.opts.log.info(`farm server at ${this.opts.serverUrl} is reachable again`);
        this.serverReachable = true;
        return result.data;
      }
      const error = result.error;
      if (error && !isNetworkError(error)) throw error;
      const delay = backoffMs(n);
      this.serverReachable = false;
      this.opts.log.warn(
        `cannot reach the farm server at ${this.opts.serverUrl} (${error ? describe(error) : 'no answer'}) to ${what}; retrying in ${(delay / 1000).toFixed(1)} s`,
      );
      await sleep(delay, signal);
    }
    return null;
  }

  private registrationFile(): string {
    return path.join(this.opts.workDir, 'registration.json');
  }

  /** Reuses the registration kept from an earlier run with the same server and name, else registers. */
  private async ensureRegistered(signal: AbortSignal, forceNew = false): Promise<void> {
    const { client } = this.farm;
    if (!forceNew) {
      const saved = await fsp
        .readFile(this.registrationFile(), 'utf8')
        .then((text) => JSON.parse(text) as Registration)
        .catch(() => null);
      if (saved && saved.serverUrl === this.opts.serverUrl && saved.name === this.opts.name) {
        this.registration = saved;
        try {
          await this.untilDelivered('send a heartbeat', signal, () => client.mutation(Heartbeat, { workerId: saved.workerId }).toPromise());
          this.opts.log.info({ workerId: saved.workerId }, `rejoined the farm at ${this.opts.serverUrl} as ${saved.name}`);
          return;
        } catch (error) {
          this.opts.log.info(`the saved registration was refused (${describe(error as CombinedError)}); registering again`);
          this.registration = null;
        }
      }
    }
    this.registration = null;
    const data = await this.untilDelivered('register', signal, () => client.mutation(RegisterWorker, { name: this.opts.name }).toPromise());
    if (!data) return;
    const { registerWorker } = data;
    this.registration = {
      serverUrl: this.opts.serverUrl,
      name: this.opts.name,
      workerId: registerWorker.worker.id,
      token: registerWorker.token,
      heartbeatIntervalSeconds: registerWorker.heartbeatIntervalSeconds,
    };
    await fsp.writeFile(this.registrationFile(), JSON.stringify(this.registration), { mode: 0o600 });
    this.opts.log.info({ workerId: registerWorker.worker.id }, `registered with the farm at ${this.opts.serverUrl} as ${this.opts.name}`);
  }

  private async heartbeatLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep((this.registration?.heartbeatIntervalSeconds ?? 10) * 1000, signal);
      const registration = this.registration;
      if (signal.aborted || !registration) continue;
      const result = await this.farm.client.mutation(Heartbeat, { workerId: registration.workerId }).toPromise();
      if (!result.error) {
        if (!this.serverReachable) this.opts.log.info(`farm server at ${this.opts.serverUrl} is reachable again`);
        this.serverReachable = true;
      } else if (isNetworkError(result.error)) {
        if (this.serverReachable) {
          this.opts.log.warn(`cannot reach the farm server at ${this.opts.serverUrl} (${describe(result.error)}); will keep trying`);
        }
        this.serverReachable = false;
      } else if (errorCode(result.error) === 'UNAUTHENTICATED') {
        this.opts.log.warn(`the server no longer knows this worker (${describe(result.error)}); registering again`);
        await this.ensureRegistered(signal, true);
      } else {
        this.opts.log.warn(`heartbeat refused: ${describe(result.error)}`);
      }
    }
  }

  private async subscriptionLoop(signal: AbortSignal): Promise<void> {
    for (let failures = 0; !signal.aborted; ) {
      const registration = this.registration;
      if (!registration) {
        await this.ensureRegistered(signal);
        continue;
      }
      const error = await new Promise<CombinedError | null>((resolve) => {
        const subscription = this.farm.client.subscription(Assignments, { workerId: registration.workerId }).subscribe((result) => {
          if (result.error) {
            subscription.unsubscribe();
            resolve(result.error);
          } else if (result.data) {
            failures = 0;
            this.enqueue(result.data.assignments, signal);
          }
        });
        signal.addEventListener('abort', () => {
          subscription.unsubscribe();
          resolve(null);
        }, { once: true });
      });
      if (!error || signal.aborted) break;
      if (errorCode(error) === 'UNAUTHENTICATED' || errorCode(error) === 'FORBIDDEN') {
        this.opts.log.warn(`the server refused this worker's subscription (${describe(error)}); registering again`);
        await this.ensureRegistered(signal, true);
      } else {
        const delay = backoffMs(failures++);
        this.opts.log.warn(`the assignments subscription ended (${describe(error)}); subscribing again in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay, signal);
      }
    }
  }

  private enqueue(assignment: AssignmentFieldsFragment, signal: AbortSignal): void {
    const key = `${assignment.jobId}:${assignment.frameNumber}`;
    if (this.taken.has(key)) return;
    this.taken.add(key);
    this.queue.push(assignment);
    void this.drain(signal);
  }

  private async drain(signal: AbortSignal): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next && !signal.aborted; next = this.queue.shift()) {
        try {
          await this.renderAndDeliver(next, signal);
        } catch (error) {
          this.opts.log.error({ err: error, jobId: next.jobId, frame: next.frameNumber }, 'could not finish the frame');
        } finally {
          this.taken.delete(`${next.jobId}:${next.frameNumber}`);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async renderAndDeliver(a: AssignmentFieldsFragment, signal: AbortSignal): Promise<void> {
    const { log } = this.opts;
    const frameLog = log.child({ job: a.job.name, jobId: a.jobId, frame: a.frameNumber });
    frameLog.info('rendering frame');
    const { client } = this.farm;

    let blendFile: string;
    try {
      blendFile = await this.cache.get(a.blendUrl, a.blendSha256);
    } catch (error) {
      await this.reportFailure(a, signal, { error: `The worker could not download the .blend: ${(error as Error).message}`, logTail: null, kind: 'RENDER_FAILED', renderTimeMs: null });
      return;
    }

    let progressChain: Promise<unknown> = Promise.resolve();
    let lastReport = 0;
    const outputDir = path.join(this.opts.workDir, 'frames', a.jobId);
    await fsp.mkdir(outputDir, { recursive: true });
    const result = await renderFrame(this.opts.runner, {
      blenderPath: this.opts.blenderPath,
      blendFile,
      blendName: a.job.blendName,
      sceneName: a.sceneName ?? undefined,
      format: a.outputFormat,
      outputDir,
      frame: a.frameNumber,
      signal,
      onProgress: (percent: number) => {
        const now = Date.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS && percent < 100) return;
        lastReport = now;
        progressChain = progressChain.then(() =>
          client.mutation(ReportFrameProgress, { jobId: a.jobId, frameNumber: a.frameNumber, percent }).toPromise(),
        );
      },
    });
    await progressChain;
    if (signal.aborted) return;

    if (!result.ok) {
      if (result.kind === 'ABORTED') return;
      frameLog.warn({ error: result.error }, 'frame failed');
      await this.reportFailure(a, signal, { error: result.error, logTail: result.logTail, kind: result.kind, renderTimeMs: null });
      return;
    }
    // openAsBlob reads the file as it is sent: a large EXR never sits in memory.
    const blob = new File([await fs.openAsBlob(result.file)], path.basename(result.file));
    try {
      const data = await this.untilDelivered(`deliver frame ${a.frameNumber}`, signal, () =>
        client.mutation(UploadFrame, { jobId: a.jobId, frameNumber: a.frameNumber, file: blob, renderTimeMs: result.renderTimeMs }).toPromise(),
      );
      if (data) {
        frameLog.info({ renderTimeMs: result.renderTimeMs }, 'frame delivered');
        await fsp.rm(result.file, { force: true });
      }
    } catch (error) {
      frameLog.warn(`the server refused frame ${a.frameNumber}: ${describe(error as CombinedError)}`);
    }
  }

  private async reportFailure(
    a: AssignmentFieldsFragment,
    signal: AbortSignal,
    failure: { error: string; logTail: string | null; kind: 'RENDER_FAILED' | 'SCENE_NOT_FOUND'; renderTimeMs: number | null },
  ): Promise<void> {
    try {
      await this.untilDelivered(`report frame ${a.frameNumber} failed`, signal, () =>
        this.farm.client.mutation(ReportFrameFailure, { jobId: a.jobId, frameNumber: a.frameNumber, ...failure }).toPromise(),
      );
    } catch (error) {
      this.opts.log.warn(`the server refused the failure report for frame ${a.frameNumber}: ${describe(error as CombinedError)}`);
    }
  }
}

export function defaultWorkDir(name: string): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'blender-farm', name.replace(/[^A-Za-z0-9._-]/g, '_'));
}
