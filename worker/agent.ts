import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CombinedError } from '@urql/core';
import type { Logger } from 'pino';
import { BlendCache } from './blend-cache.ts';
import { backoffMs, createFarmClient, type FarmClient, sleep } from '../common/client.ts';
import { type Assignment, type FrameInHand, FramesInHand } from './frames-in-hand.ts';
import type { FrameFailureKind, FrameRevocationsSubscription } from '../common/graphql/generated/graphql.ts';
import {
  Assignments,
  FrameRevocations,
  Heartbeat,
  RegisterWorker,
  ReportFrameFailure,
  ReportFrameProgress,
  SignOff,
  UploadFrame,
} from './graphql/operations.ts';
import { type FrameRenderer, SpawnFrameRenderer } from './blender/frame-renderer.ts';
import type { RenderFrameResult } from './blender/render-frame.ts';
import type { ProcessRunner } from '../common/blender/runner.ts';
import { findUndelivered, forgetUndelivered, rememberUndelivered, type RenderedFrame } from './undelivered.ts';

export interface AgentOptions {
  serverUrl: string;
  name: string;
  blenderPath: string;
  /** Where the worker keeps its registration, its .blend cache and frames not yet delivered. */
  workDir: string;
  log: Logger;
  runner: ProcessRunner;
  /** Renders this agent's frames, one at a time; default: one Blender per frame through `runner`. */
  renderer?: FrameRenderer | undefined;
  /** What this worker offers (e.g. "gpu"); sent when it registers, changed later on the server. */
  tags?: string[] | undefined;
  /** The .blend cache, shared by the slots of one worker process; default: WORK_DIR/blends. */
  cache?: BlendCache | undefined;
}

interface Registration {
  serverUrl: string;
  name: string;
  workerId: string;
  token: string;
  heartbeatIntervalSeconds: number;
}

type Revocation = FrameRevocationsSubscription['frameRevocations'];

/** How a delivery ended; `put off`: the worker is stopping, the frame is delivered when it starts again. */
type Delivery = { outcome: 'delivered' | 'unwanted' | 'put off' } | { outcome: 'refused'; reason: string };

interface Failure {
  error: string;
  logTail: string | null;
  kind: FrameFailureKind;
  renderTimeMs: number | null;
}

/** What urql's `client.subscription(...)` returns, as far as the agent needs it. */
interface SubscriptionSource<Data> {
  subscribe(onResult: (result: { data?: Data; error?: CombinedError }) => void): { unsubscribe(): void };
}

/** Progress reports per frame at most this often: enough for a live bar, cheap for the server. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * How long a stopping worker, once its Blender is gone, spends on the server: its sign-off
 * and closing its connection. Past that it gives up: the server's lease timeout puts the
 * worker's frames back in the queue all the same.
 */
const STOP_DEADLINE_MS = 3_000;

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
 * Passes each result of a subscription to `onData` until the subscription fails (resolves
 * with the error) or `until` aborts (resolves with null).
 */
function listen<Data>(source: SubscriptionSource<Data>, until: AbortSignal, onData: (data: Data) => void): Promise<CombinedError | null> {
  return new Promise((resolve) => {
    if (until.aborted) return resolve(null);
    // Set once `subscribe` returns, which may be after the subscription failed.
    const live: { subscription?: { unsubscribe(): void } } = {};
    let ended = false;
    const end = (error: CombinedError | null): void => {
      if (ended) return;
      ended = true;
      until.removeEventListener('abort', onAbort);
      live.subscription?.unsubscribe();
      resolve(error);
    };
    const onAbort = (): void => end(null);
    until.addEventListener('abort', onAbort, { once: true });
    live.subscription = source.subscribe((result) => {
      if (result.error) end(result.error);
      else if (result.data && !ended) onData(result.data);
    });
    if (ended) live.subscription.unsubscribe();
  });
}

/**
 * One worker: registers with the server, keeps its heartbeat, takes frames from its
 * assignments subscription one at a time, renders each with Blender and delivers it, and
 * stops a frame the server revokes. When the server is unreachable it keeps what it rendered
 * (on disk, across restarts) and retries with backoff. Stopping, it signs off.
 */
export class WorkerAgent {
  private registration: Registration | null = null;
  /** Aborted whenever the registration changes, so subscriptions are made again for the new one. */
  private registrationChanged = new AbortController();
  private registering: Promise<void> | null = null;
  private readonly farm: FarmClient;
  private readonly cache: BlendCache;
  private readonly renderer: FrameRenderer;
  private readonly frames = new FramesInHand();
  private draining = false;
  /** The Blender render under way, so a stopping worker can wait for Blender to be gone. */
  private rendering: Promise<unknown> | null = null;
  /** Uploads, one after the other, beside rendering. */
  private deliveries: Promise<void> = Promise.resolve();
  /** Blender's last lines of frames being delivered, for a failure report should the server refuse one. */
  private readonly renderLogTails = new Map<string, string>();
  private serverReachable = true;

  constructor(private readonly opts: AgentOptions) {
    this.renderer = opts.renderer ?? new SpawnFrameRenderer(opts.runner, opts.blenderPath);
    this.cache = opts.cache ?? new BlendCache(path.join(opts.workDir, 'blends'));
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

  /** Works until `signal` aborts; then stops Blender, signs off and returns. */
  async run(signal: AbortSignal): Promise<void> {
    await fsp.mkdir(this.opts.workDir, { recursive: true });
    await this.ensureRegistered(signal);
    await this.queueUndelivered(signal);
    const heartbeats = this.heartbeatLoop(signal);
    const { client } = this.farm;
    await Promise.all([
      this.keepSubscribed('assignments', signal, (workerId) => client.subscription(Assignments, { workerId }), (data) =>
        this.take(data.assignments, signal),
      ),
      this.keepSubscribed('frame revocations', signal, (workerId) => client.subscription(FrameRevocations, { workerId }), (data) =>
        this.revoke(data.frameRevocations),
      ),
    ]);
    await this.stop(heartbeats);
  }

  /** After the stop signal: Blender gone first (the signal sent it SIGTERM), then the server told. */
  private async stop(heartbeats: Promise<void>): Promise<void> {
    await this.rendering;
    await this.renderer.close();
    const timer = new AbortController();
    const deadline = sleep(STOP_DEADLINE_MS, timer.signal).then(() => null);
    try {
      // A heartbeat or a socket waiting on a server that does not answer must not hold the worker up.
      await Promise.race([heartbeats, deadline]);
      // An upload on the wire finishes (or is put off for the next start) before the sign-off.
      await Promise.race([this.deliveries, deadline]);
      await this.signOff(deadline);
      await Promise.race([this.farm.close(), deadline]);
    } finally {
      timer.abort();
    }
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

  // ---- registration ----------------------------------------------------------------------

  private registrationFile(): string {
    return path.join(this.opts.workDir, 'registration.json');
  }

  private setRegistration(registration: Registration | null): void {
    if (registration === this.registration) return;
    this.registration = registration;
    this.registrationChanged.abort();
    this.registrationChanged = new AbortController();
    // graphql-ws authenticates a connection once, with the token it was opened with: the
    // subscriptions of a new registration need a new connection (none is open at the first).
    if (registration) this.farm.ws.terminate();
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
        this.setRegistration(saved);
        try {
          const data = await this.untilDelivered('send a heartbeat', signal, () => client.mutation(Heartbeat, { workerId: saved.workerId }).toPromise());
          if (data) this.rejoined(saved);
          return;
        } catch (error) {
          this.opts.log.info(`the saved registration was refused (${describe(error as CombinedError)}); registering again`);
        }
      }
    }
    this.setRegistration(null);
    const { name, tags } = this.opts;
    const data = await this.untilDelivered('register', signal, () => client.mutation(RegisterWorker, { name, tags }).toPromise());
    if (!data) return;
    const { registerWorker } = data;
    const registration = {
      serverUrl: this.opts.serverUrl,
      name,
      workerId: registerWorker.worker.id,
      token: registerWorker.token,
      heartbeatIntervalSeconds: registerWorker.heartbeatIntervalSeconds,
    };
    await fsp.writeFile(this.registrationFile(), JSON.stringify(registration), { mode: 0o600 });
    this.setRegistration(registration);
    this.opts.log.info({ workerId: registration.workerId, tags }, `registered with the farm at ${this.opts.serverUrl} as ${name}`);
  }

  private rejoined(saved: Registration): void {
    const { log, tags, serverUrl } = this.opts;
    log.info({ workerId: saved.workerId }, `rejoined the farm at ${serverUrl} as ${saved.name}`);
    // The server keeps a worker's tags; registerWorker is the only worker call that sets them.
    if (tags?.length) log.info(`--tags ${tags.join(',')} not sent: this worker registered before; change its tags on the server (setWorkerTags)`);
  }

  /**
   * Registers anew after the server refused `refused`; one registration at a time, however
   * many of the heartbeat and subscription loops found out.
   */
  private registerAgain(refused: Registration | null, signal: AbortSignal): Promise<void> {
    if (!this.registering) {
      if (this.registration !== refused) return Promise.resolve();
      this.registering = this.ensureRegistered(signal, true).finally(() => {
        this.registering = null;
      });
    }
    return this.registering;
  }

  /** Tells the server this worker is stopping, so the frames it holds go back to the queue at once. */
  private async signOff(deadline: Promise<null>): Promise<void> {
    const registration = this.registration;
    if (!registration) return;
    const result = await Promise.race([this.farm.client.mutation(SignOff, { workerId: registration.workerId }).toPromise(), deadline]);
    if (result && !result.error) {
      this.opts.log.info('signed off from the farm');
      return;
    }
    const why = result?.error ? describe(result.error) : `no answer in ${STOP_DEADLINE_MS / 1000} s`;
    this.opts.log.warn(`could not sign off (${why}); the server requeues this worker's frames when its lease runs out`);
  }

  // ---- talking to the server -------------------------------------------------------------

  private async heartbeatLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep((this.registration?.heartbeatIntervalSeconds ?? 10) * 1000, signal);
      const registration = this.registration;
      if (signal.aborted || !registration) continue;
      try {
        await this.heartbeat(registration, signal);
      } catch (error) {
        // A heartbeat that goes wrong in an unforeseen way must not take the worker down.
        this.opts.log.error({ err: error }, 'heartbeat failed');
      }
    }
  }

  private async heartbeat(registration: Registration, signal: AbortSignal): Promise<void> {
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
      await this.registerAgain(registration, signal);
    } else {
      this.opts.log.warn(`heartbeat refused: ${describe(result.error)}`);
    }
  }

  /**
   * Keeps one of the worker's subscriptions open until `signal` aborts: subscribes again with
   * backoff when it fails, registers again when the server no longer accepts this worker,
   * and subscribes again as the new worker whenever the registration changed.
   */
  private async keepSubscribed<Data>(
    what: string,
    signal: AbortSignal,
    open: (workerId: string) => SubscriptionSource<Data>,
    onData: (data: Data) => void,
  ): Promise<void> {
    for (let failures = 0; !signal.aborted; ) {
      const registration = this.registration;
      if (!registration) {
        await this.registerAgain(null, signal);
        continue;
      }
      const until = AbortSignal.any([signal, this.registrationChanged.signal]);
      const error = await listen(open(registration.workerId), until, (data) => {
        failures = 0;
        onData(data);
      });
      if (!error || signal.aborted) continue;
      if (errorCode(error) === 'UNAUTHENTICATED' || errorCode(error) === 'FORBIDDEN') {
        this.opts.log.warn(`the server refused this worker's ${what} subscription (${describe(error)}); registering again`);
        await this.registerAgain(registration, signal);
      } else {
        const delay = backoffMs(failures++);
        this.opts.log.warn(`the ${what} subscription ended (${describe(error)}); subscribing again in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay, signal);
      }
    }
  }

  // ---- the frames in hand ----------------------------------------------------------------

  /** An assignment from the server: queued, unless this worker has that very attempt in hand. */
  private take(a: Assignment, signal: AbortSignal): void {
    const { queued, revoked } = this.frames.assign(a);
    if (revoked) this.logRevoked(revoked, `assigned again (attempt ${a.frame.attempts})`);
    if (queued) void this.drain(signal);
  }

  /** The server took a frame back: stopped at once if it is queued or rendering here. */
  private revoke(r: Revocation): void {
    const revoked = this.frames.revoke(r.jobId, r.frameNumber);
    if (revoked) {
      this.logRevoked(revoked, r.message);
      return;
    }
    // Rendered already: its upload goes on, and the server takes it or says it is not wanted.
    this.opts.log.debug({ jobId: r.jobId, frameNumber: r.frameNumber, reason: r.reason }, `revocation of a frame not rendering here: ${r.message}`);
  }

  private logRevoked(frame: FrameInHand, why: string): void {
    this.frameLog(frame).info(`frame ${frame.frameNumber} of job ${frame.jobId} revoked: ${why}`);
  }

  /**
   * Frames an earlier run rendered and did not deliver go first in the queue: delivered one by
   * one like any other, so the same frame, when the server assigns it again, is not rendered
   * again (and its file not overwritten) while its upload is under way.
   */
  private async queueUndelivered(signal: AbortSignal): Promise<void> {
    const { frames, unreadable } = await findUndelivered(path.join(this.opts.workDir, 'frames'));
    for (const note of unreadable) this.opts.log.warn(`ignoring ${note}: not a note of an undelivered frame`);
    for (const rendered of frames) {
      const frame = this.frames.addRendered(rendered);
      this.frameLog(frame).info(`frame ${frame.frameNumber} of job ${frame.jobId} was rendered before the worker stopped; delivering it`);
    }
    if (frames.length > 0) void this.drain(signal);
  }

  /**
   * Works through the frames in hand one at a time: one Blender per worker. A rendered frame
   * is uploaded in the background, one upload at a time, while Blender goes on with the next
   * frame: the server hands out the next frame as soon as an upload begins.
   */
  private async drain(signal: AbortSignal): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.frames.next(); next && !signal.aborted; next = this.frames.next()) {
        let handedOn = false;
        try {
          const rendered = 'assignment' in next.work ? await this.renderAndReport(next, next.work.assignment, signal) : next.work.rendered;
          if (rendered) {
            this.deliverInBackground(next, rendered, signal);
            handedOn = true;
          }
        } catch (error) {
          this.frameLog(next).error({ err: error }, 'could not finish the frame');
        } finally {
          if (!handedOn) this.finish(next, false, signal);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private finish(frame: FrameInHand, delivered: boolean, signal: AbortSignal): void {
    const again = this.frames.finish(frame, delivered);
    if (again && !signal.aborted) this.take(again, signal);
  }

  /** Queues the frame's upload behind the uploads before it. */
  private deliverInBackground(frame: FrameInHand, rendered: RenderedFrame, signal: AbortSignal): void {
    frame.stage = 'reporting';
    this.deliveries = this.deliveries.then(async () => {
      let delivered = false;
      try {
        delivered = await this.deliverOrReport(frame, rendered, signal);
      } catch (error) {
        this.frameLog(frame).error({ err: error }, 'could not deliver the frame');
      } finally {
        this.finish(frame, delivered, signal);
      }
    });
  }

  private frameLog(frame: FrameInHand): Logger {
    const job = 'assignment' in frame.work ? { job: frame.work.assignment.job.name } : {};
    return this.opts.log.child({ ...job, jobId: frame.jobId, frame: frame.frameNumber });
  }

  // ---- one frame -------------------------------------------------------------------------

  /**
   * Renders an assignment. Returns the rendered frame, noted on disk until it is delivered;
   * or null when it failed (reported to the server) or was stopped.
   */
  private async renderAndReport(frame: FrameInHand, a: Assignment, signal: AbortSignal): Promise<RenderedFrame | null> {
    const log = this.frameLog(frame);
    log.info('rendering frame');
    frame.stage = 'rendering';
    const result = await this.render(a, AbortSignal.any([signal, frame.revoked.signal]), log);
    if (!result.ok) {
      // Revoked (the server knows), or the worker is stopping (its sign-off hands the frame back).
      if (result.kind === 'ABORTED') return null;
      frame.stage = 'reporting';
      log.warn({ error: result.error }, 'frame failed');
      await this.reportFailure(a, signal, { error: result.error, logTail: result.logTail || null, kind: result.kind, renderTimeMs: result.renderTimeMs });
      return null;
    }
    const rendered: RenderedFrame = { jobId: a.jobId, frameNumber: a.frameNumber, renderTimeMs: result.renderTimeMs, file: result.file };
    await rememberUndelivered(rendered);
    this.renderLogTails.set(frame.key, result.logTail);
    return rendered;
  }

  /** Delivers a rendered frame; when the server refuses it outright, reports it failed. True when delivered. */
  private async deliverOrReport(frame: FrameInHand, rendered: RenderedFrame, signal: AbortSignal): Promise<boolean> {
    const delivery = await this.deliver(rendered, signal, this.frameLog(frame));
    const logTail = this.renderLogTails.get(frame.key) ?? null;
    this.renderLogTails.delete(frame.key);
    if (delivery.outcome === 'refused' && 'assignment' in frame.work) {
      // The server hands out the next frame only after an upload or a failure report.
      const error = `The server refused the rendered frame: ${delivery.reason}`;
      await this.reportFailure(frame.work.assignment, signal, { error, logTail, kind: 'RENDER_FAILED', renderTimeMs: rendered.renderTimeMs });
    }
    return delivery.outcome === 'delivered';
  }

  /** Blender on one frame, stopped when `stop` aborts or the job's render timeout passes. */
  private async render(a: Assignment, stop: AbortSignal, log: Logger): Promise<RenderFrameResult> {
    let blendFile: string;
    try {
      blendFile = await this.cache.get(a.blendUrl, a.blendSha256);
    } catch (error) {
      const message = `The worker could not download the .blend: ${(error as Error).message}`;
      return { ok: false, kind: stop.aborted ? 'ABORTED' : 'RENDER_FAILED', error: message, logTail: '', renderTimeMs: null };
    }
    const outputDir = path.join(this.opts.workDir, 'frames', a.jobId);
    await fsp.mkdir(outputDir, { recursive: true });
    let reports: Promise<void> = Promise.resolve();
    let lastReport = 0;
    const rendering = this.renderer.render({
      jobId: a.jobId,
      blendFile,
      blendName: a.job.blendName,
      sceneName: a.sceneName ?? undefined,
      format: a.outputFormat,
      outputDir,
      frame: a.frameNumber,
      signal: stop,
      timeoutMs: a.renderTimeoutSeconds === null ? undefined : a.renderTimeoutSeconds * 1000,
      onProgress: (percent: number) => {
        const now = Date.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS && percent < 100) return;
        lastReport = now;
        reports = reports.then(() => this.reportProgress(a, percent, log));
      },
    });
    this.rendering = rendering;
    try {
      return await rendering;
    } finally {
      this.rendering = null;
      await reports;
    }
  }

  private async reportProgress(a: Assignment, percent: number, log: Logger): Promise<void> {
    const { jobId, frameNumber } = a;
    const result = await this.farm.client.mutation(ReportFrameProgress, { jobId, frameNumber, percent }).toPromise();
    // Refused (CONFLICT) when this worker's lease on the frame was lost, e.g. while it was cut
    // off: rendering goes on all the same, since a late upload is still taken.
    if (result.error) log.debug(`progress report not taken: ${describe(result.error)}`);
  }

  /**
   * Uploads a rendered frame until the server takes it (or acknowledges it, when the frame is
   * DONE already), or says it is not wanted (canceled, or its job deleted: the file is
   * deleted), or refuses it otherwise (the file and its note stay for the next start).
   * While the server is unreachable it keeps trying, with backoff.
   */
  private async deliver(frame: RenderedFrame, signal: AbortSignal, log: Logger): Promise<Delivery> {
    const { jobId, frameNumber, renderTimeMs } = frame;
    const upload = async () => {
      // openAsBlob reads the file as it is sent: a large EXR never sits in memory.
      const file = new File([await fs.openAsBlob(frame.file)], path.basename(frame.file));
      return this.farm.client.mutation(UploadFrame, { jobId, frameNumber, file, renderTimeMs }).toPromise();
    };
    try {
      const data = await this.untilDelivered(`deliver frame ${frameNumber} of job ${jobId}`, signal, upload);
      if (!data) return { outcome: 'put off' };
      log.info({ renderTimeMs }, 'frame delivered');
      await forgetUndelivered(frame);
      return { outcome: 'delivered' };
    } catch (error) {
      if (!(error instanceof CombinedError)) throw error;
      const code = errorCode(error);
      if (code === 'CONFLICT' || code === 'NOT_FOUND') {
        log.warn(`upload of frame ${frameNumber} refused: ${describe(error)}; nobody wants it, deleted it here`);
        await forgetUndelivered(frame);
        return { outcome: 'unwanted' };
      }
      log.warn(`the server refused frame ${frameNumber} of job ${jobId} (${describe(error)}); kept ${frame.file} to deliver at the next start`);
      return { outcome: 'refused', reason: describe(error) };
    }
  }

  private async reportFailure(a: Assignment, signal: AbortSignal, failure: Failure): Promise<void> {
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
