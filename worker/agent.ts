import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { type AgentClient, describe } from './agent-client.ts';
import { BlendCache } from './blend-cache.ts';
import { ContentCache } from './content-cache.ts';
import { backoffMs, sleep } from '../common/client.ts';
import { Connection } from './connection.ts';
import { FrameLoop } from './frame-loop.ts';
import type { FrameRenderer } from './blender/frame-renderer.ts';
import { Assignments, FrameRevocations, SignOff } from './graphql/operations.ts';
import { type BlendFiles, OneFrame } from './one-frame.ts';
import { ProjectTrees } from './project-trees.ts';
import { WorkerRegistration } from './registration.ts';
import { ServerCalls } from './server-calls.ts';

export interface AgentOptions {
  serverUrl: string;
  name: string;
  /** The farm server, as the agent talks to it: worker/farm-client.ts's connectToFarm, or a fake in tests. */
  client: AgentClient;
  /** Where the worker keeps its registration, its .blend cache and frames not yet delivered. */
  workDir: string;
  log: Logger;
  /** Renders this agent's frames, one at a time. */
  renderer: FrameRenderer;
  /** What this worker offers (e.g. "gpu"); sent when it registers, changed later on the server. */
  tags?: string[] | undefined;
  /** The .blend cache, shared by the slots of one worker process; default: WORK_DIR/blends. */
  cache?: BlendFiles | undefined;
  /** Jobs' project trees, shared by the slots of one worker process; default: WORK_DIR/projects, from WORK_DIR/contents. */
  projects?: ProjectTrees | undefined;
  /** How long to wait before retry `attempt` while the server is away; default backoffMs (0.5 s doubling to 15 s). */
  retryDelayMs?: ((attempt: number) => number) | undefined;
}

/**
 * How long a stopping worker, once its Blender is gone, spends on the server: its sign-off
 * and closing its connection. Past that it gives up: the server's lease timeout puts the
 * worker's frames back in the queue all the same.
 */
const STOP_DEADLINE_MS = 3_000;

/**
 * One worker: registers with the server, keeps its heartbeat, takes frames from its
 * assignments subscription one at a time, renders each with Blender and delivers it, and
 * stops a frame the server revokes. When the server is unreachable it keeps what it rendered
 * (on disk, across restarts) and retries with backoff. Stopping, it signs off.
 */
export class WorkerAgent {
  private readonly client: AgentClient;
  private readonly registration: WorkerRegistration;
  private readonly connection: Connection;
  private readonly oneFrame: OneFrame;
  private readonly frames: FrameLoop;

  constructor(private readonly opts: AgentOptions) {
    const { client, log, workDir } = opts;
    this.client = client;
    const calls = new ServerCalls(opts.serverUrl, log, opts.retryDelayMs ?? backoffMs);
    this.registration = new WorkerRegistration(client, calls, opts);
    this.connection = new Connection(client, this.registration, calls, log);
    const blends = opts.cache ?? new BlendCache(path.join(workDir, 'blends'));
    const projects = opts.projects ?? new ProjectTrees(path.join(workDir, 'projects'), new ContentCache(path.join(workDir, 'contents')));
    this.oneFrame = new OneFrame(client, calls, opts.renderer, blends, projects, workDir, log);
    this.frames = new FrameLoop(this.oneFrame, log);
  }

  get workerId(): string | null {
    return this.registration.current?.workerId ?? null;
  }

  /** Works until `signal` aborts; then stops Blender, signs off and returns. */
  async run(signal: AbortSignal): Promise<void> {
    await fsp.mkdir(this.opts.workDir, { recursive: true });
    await this.registration.ensure(signal);
    await this.frames.queueUndelivered(path.join(this.opts.workDir, 'frames'), signal);
    const heartbeats = this.connection.heartbeats(signal);
    const { client, connection, frames } = this;
    await Promise.all([
      connection.keepSubscribed('assignments', signal, (workerId) => client.subscription(Assignments, { workerId }), (data) =>
        frames.take(data.assignments, signal),
      ),
      connection.keepSubscribed('frame revocations', signal, (workerId) => client.subscription(FrameRevocations, { workerId }), (data) =>
        frames.revoke(data.frameRevocations),
      ),
    ]);
    await this.stop(heartbeats);
  }

  /** After the stop signal: Blender gone first (the signal sent it SIGTERM), then the server told. */
  private async stop(heartbeats: Promise<void>): Promise<void> {
    await this.oneFrame.rendering;
    await this.opts.renderer.close();
    const timer = new AbortController();
    const deadline = sleep(STOP_DEADLINE_MS, timer.signal).then(() => null);
    try {
      // A heartbeat or a socket waiting on a server that does not answer must not hold the worker up.
      await Promise.race([heartbeats, deadline]);
      // An upload on the wire finishes (or is put off for the next start) before the sign-off.
      await Promise.race([this.frames.deliveries, deadline]);
      await this.signOff(deadline);
      await Promise.race([this.client.close(), deadline]);
    } finally {
      timer.abort();
    }
  }

  /** Tells the server this worker is stopping, so the frames it holds go back to the queue at once. */
  private async signOff(deadline: Promise<null>): Promise<void> {
    const registration = this.registration.current;
    if (!registration) return;
    const result = await Promise.race([this.client.mutation(SignOff, { workerId: registration.workerId }), deadline]);
    if (result && !result.error) {
      this.opts.log.info('signed off from the farm');
      return;
    }
    const why = result?.error ? describe(result.error) : `no answer in ${STOP_DEADLINE_MS / 1000} s`;
    this.opts.log.warn(`could not sign off (${why}); the server requeues this worker's frames when its lease runs out`);
  }
}
