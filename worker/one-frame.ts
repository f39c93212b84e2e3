import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { CombinedError } from '@urql/core';
import type { Logger } from 'pino';
import { type AgentClient, describe, errorCode } from './agent-client.ts';
import type { FrameFailureKind } from '../common/graphql/generated/graphql.ts';
import type { FrameRenderer } from './blender/frame-renderer.ts';
import type { RenderFrameResult } from './blender/render-frame.ts';
import type { Assignment, FrameInHand } from './frames-in-hand.ts';
import { ReportFrameFailure, ReportFrameProgress, UploadFrame, WorkerJobProject } from './graphql/operations.ts';
import type { AcquiredTree, JobProject, ProjectTrees } from './project-trees.ts';
import type { ServerCalls } from './server-calls.ts';
import { forgetUndelivered, rememberUndelivered, type RenderedFrame } from './undelivered.ts';

/** Where a frame's .blend comes from: worker/blend-cache.ts, shared by the slots of a worker. */
export interface BlendFiles {
  /** The local path of the .blend with this hash, downloaded from `url` if need be. */
  get(url: string, sha256: string): Promise<string>;
}

/** How a delivery ended; `put off`: the worker is stopping, the frame is delivered when it starts again. */
type Delivery = { outcome: 'delivered' | 'unwanted' | 'put off' } | { outcome: 'refused'; reason: string };

interface Failure {
  error: string;
  logTail: string | null;
  kind: FrameFailureKind;
  renderTimeMs: number | null;
}

/** Progress reports per frame at most this often: enough for a live bar, cheap for the server. */
const PROGRESS_INTERVAL_MS = 250;

/** The log of one frame's work: its lines carry the job and the frame. */
export function frameLog(log: Logger, frame: FrameInHand): Logger {
  const job = 'assignment' in frame.work ? { job: frame.work.assignment.job.name } : {};
  return log.child({ ...job, jobId: frame.jobId, frame: frame.frameNumber });
}

/**
 * The work on one frame, the same for each: its .blend fetched, Blender on it through the
 * FrameRenderer with its progress streamed to the server, then its file delivered, or its
 * failure reported.
 */
export class OneFrame {
  /** The Blender render under way, so a stopping worker can wait for Blender to be gone. */
  rendering: Promise<unknown> | null = null;
  /** Blender's last lines of frames being delivered, for a failure report should the server refuse one. */
  private readonly renderLogTails = new Map<string, string>();

  constructor(
    private readonly client: AgentClient,
    private readonly calls: ServerCalls,
    private readonly renderer: FrameRenderer,
    private readonly blends: BlendFiles,
    /** Jobs' project trees (worker/project-trees.ts), shared by the slots of a worker. */
    private readonly trees: ProjectTrees,
    /** Rendered frames go to `frames/<job id>/` in here. */
    private readonly workDir: string,
    private readonly log: Logger,
  ) {}

  /**
   * Renders an assignment. Returns the rendered frame, noted on disk until it is delivered;
   * or null when it failed (reported to the server) or was stopped.
   */
  async renderAndReport(frame: FrameInHand, a: Assignment, signal: AbortSignal): Promise<RenderedFrame | null> {
    const log = frameLog(this.log, frame);
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
  async deliverOrReport(frame: FrameInHand, rendered: RenderedFrame, signal: AbortSignal): Promise<boolean> {
    const delivery = await this.deliver(rendered, signal, frameLog(this.log, frame));
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
    let tree: AcquiredTree | null = null;
    try {
      blendFile = await this.blends.get(a.blendUrl, a.blendSha256);
    } catch (error) {
      return this.notRendered(`The worker could not download the .blend: ${(error as Error).message}`, stop);
    }
    // A bare .blend renders from the cache, as it always has; one with files from its project tree.
    if (a.job.fileCount > 0) {
      const started = performance.now();
      const laidOut = { files: -1 };
      try {
        tree = await this.trees.acquire(a.jobId, blendFile, async () => {
          const project = await this.jobProject(a.jobId, stop);
          laidOut.files = project.files.length;
          return project;
        });
        if (laidOut.files >= 0) log.info({ files: laidOut.files, ms: Math.round(performance.now() - started) }, "laid out the job's project tree");
      } catch (error) {
        return this.notRendered(`The worker could not lay out the job's project files: ${(error as Error).message}`, stop);
      }
      blendFile = tree.blendFile;
    }
    try {
      return await this.renderBlend(a, blendFile, tree?.pathMappings, stop, log);
    } finally {
      tree?.release();
    }
  }

  private notRendered(error: string, stop: AbortSignal): RenderFrameResult {
    return { ok: false, kind: stop.aborted ? 'ABORTED' : 'RENDER_FAILED', error, logTail: '', renderTimeMs: null };
  }

  /** The job's file list, asked when its tree is laid out (once per job), through outages. */
  private async jobProject(jobId: string, stop: AbortSignal): Promise<JobProject> {
    const data = await this.calls.untilDelivered(`read the files of job ${jobId}`, stop, () => this.client.query(WorkerJobProject, { jobId }));
    if (!data) throw new Error('the worker is stopping');
    if (!data.job) throw new Error(`job ${jobId} is gone from the server`);
    return data.job;
  }

  /** Blender on `blendFile` (the cached .blend, or its place in the job's tree), progress streamed to the server. */
  private async renderBlend(a: Assignment, blendFile: string, pathMappings: string | undefined, stop: AbortSignal, log: Logger): Promise<RenderFrameResult> {
    const outputDir = path.join(this.workDir, 'frames', a.jobId);
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
      allowMissingFiles: a.allowMissingFiles,
      pathMappings,
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
    const result = await this.client.mutation(ReportFrameProgress, { jobId, frameNumber, percent });
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
      return this.client.mutation(UploadFrame, { jobId, frameNumber, file, renderTimeMs });
    };
    try {
      const data = await this.calls.untilDelivered(`deliver frame ${frameNumber} of job ${jobId}`, signal, upload);
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
      await this.calls.untilDelivered(`report frame ${a.frameNumber} failed`, signal, () =>
        this.client.mutation(ReportFrameFailure, { jobId: a.jobId, frameNumber: a.frameNumber, ...failure }),
      );
    } catch (error) {
      this.log.warn(`the server refused the failure report for frame ${a.frameNumber}: ${describe(error as CombinedError)}`);
    }
  }
}
