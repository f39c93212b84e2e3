import type { Job } from '../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import type { FarmContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import type { ProgressTracker } from '../scheduler/progress-tracker.ts';
import { JobStatusEnum } from './scalars.ts';
import { snapshotThen } from './subscriptions.ts';

export interface JobProgressShape {
  jobId: string;
  status: Job['status'];
  framesDone: number;
  framesFailed: number;
  totalFrames: number;
  percent: number;
  framesRendering: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  elapsedSeconds: number | null;
  etaSeconds: number | null;
}

/**
 * Seconds until the job's last frame, from the rate the farm has rendered it so far:
 * (frames done + the fractions of frames in flight) over the time since it started. The
 * rate holds however many workers share the job, and follows them as they come and go.
 * null until there is a rate to go by (a second in and some part of a frame rendered).
 */
export function estimateSecondsLeft(p: { elapsedSeconds: number; framesWorked: number; framesLeft: number }): number | null {
  if (p.framesLeft <= 0) return 0;
  if (p.elapsedSeconds < 1 || p.framesWorked < 0.05) return null;
  return Math.round((p.framesLeft * p.elapsedSeconds) / p.framesWorked);
}

/**
 * percent counts finished frames and the part rendered of frames in flight, so it
 * moves with every sample Blender reports; it is exactly 100 only when all are DONE.
 */
export function jobProgressOf(job: Job, progress: ProgressTracker, now: Date): JobProgressShape {
  const running = job.status === 'RUNNING';
  const inFlight = running ? progress.partialFrames(job.id) : 0;
  const raw = job.totalFrames === 0 ? 0 : (100 * (job.framesDone + inFlight)) / job.totalFrames;
  const percent = job.framesDone === job.totalFrames ? 100 : Math.min(99.99, Math.floor(raw * 100) / 100);
  const elapsed = job.startedAt
    ? Math.max(0, Math.round(((job.finishedAt ?? now).getTime() - job.startedAt.getTime()) / 100) / 10)
    : null;
  return {
    jobId: job.id,
    status: job.status,
    framesDone: job.framesDone,
    framesFailed: job.framesFailed,
    totalFrames: job.totalFrames,
    percent,
    framesRendering: running ? progress.framesRendering(job.id) : 0,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    elapsedSeconds: elapsed,
    etaSeconds: running && elapsed !== null
      ? estimateSecondsLeft({
        elapsedSeconds: elapsed,
        framesWorked: job.framesDone + inFlight,
        framesLeft: job.totalFrames - job.framesDone - job.framesFailed - job.framesCanceled - inFlight,
      })
      : null,
  };
}

export const JobProgress = builder.objectRef<JobProgressShape>('JobProgress').implement({
  description: "A job's progress: counts are exact, percent includes frames still rendering",
  fields: (t) => ({
    jobId: t.exposeID('jobId'),
    status: t.field({ type: JobStatusEnum, resolve: (p) => p.status }),
    framesDone: t.exposeInt('framesDone'),
    framesFailed: t.exposeInt('framesFailed'),
    totalFrames: t.exposeInt('totalFrames'),
    percent: t.exposeFloat('percent', { description: '0 to 100' }),
    framesRendering: t.exposeInt('framesRendering', { description: 'Frames being rendered now' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When its first frame went out' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    elapsedSeconds: t.exposeFloat('elapsedSeconds', {
      nullable: true,
      description: 'From its start to its end, or to now while it runs',
    }),
    etaSeconds: t.exposeFloat('etaSeconds', {
      nullable: true,
      description: 'Estimated seconds to its last frame, from the rate its frames have been rendered so far; null while RUNNING means not known yet, and when not RUNNING',
    }),
  }),
});

interface FarmProgressShape {
  totalFramesDone: number;
  jobsQueued: number;
  jobsRunning: number;
  jobsCompleted: number;
  jobsFailed: number;
  framesRendering: number;
}

async function farmProgressOf(ctx: FarmContext): Promise<FarmProgressShape> {
  const [byStatus, done, rendering] = await Promise.all([
    ctx.db.job.groupBy({ by: ['status'], _count: { _all: true } }),
    ctx.db.job.aggregate({ _sum: { framesDone: true } }),
    ctx.db.frame.count({ where: { status: 'RENDERING' } }),
  ]);
  const count = (status: Job['status']) => byStatus.find((row) => row.status === status)?._count._all ?? 0;
  return {
    totalFramesDone: done._sum.framesDone ?? 0,
    jobsQueued: count('QUEUED'),
    jobsRunning: count('RUNNING'),
    jobsCompleted: count('COMPLETED'),
    jobsFailed: count('FAILED'),
    framesRendering: rendering,
  };
}

const FarmProgress = builder.objectRef<FarmProgressShape>('FarmProgress').implement({
  description: 'Totals over the whole farm',
  fields: (t) => ({
    totalFramesDone: t.exposeInt('totalFramesDone'),
    jobsQueued: t.exposeInt('jobsQueued'),
    jobsRunning: t.exposeInt('jobsRunning'),
    jobsCompleted: t.exposeInt('jobsCompleted'),
    jobsFailed: t.exposeInt('jobsFailed'),
    framesRendering: t.exposeInt('framesRendering'),
  }),
});

async function loadJob(ctx: FarmContext, jobId: string): Promise<Job> {
  const job = await ctx.db.job.findUnique({ where: { id: jobId } });
  if (!job) throw new NotFound('job', jobId);
  return job;
}

builder.queryFields((t) => ({
  jobProgress: t.field({
    type: JobProgress,
    args: { jobId: t.arg.id() },
    resolve: async (_root, { jobId }, ctx) => jobProgressOf(await loadJob(ctx, String(jobId)), ctx.progress, ctx.clock()),
  }),
  allJobsProgress: t.field({
    type: [JobProgress],
    description: 'Every job, newest first',
    resolve: async (_root, _args, ctx) => {
      const jobs = await ctx.db.job.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
      return jobs.map((job) => jobProgressOf(job, ctx.progress, ctx.clock()));
    },
  }),
  totalFramesDone: t.int({
    description: 'Frames DONE over all jobs',
    resolve: async (_root, _args, ctx) => (await ctx.db.job.aggregate({ _sum: { framesDone: true } }))._sum.framesDone ?? 0,
  }),
  farmProgress: t.field({ type: FarmProgress, resolve: (_root, _args, ctx) => farmProgressOf(ctx) }),
}));

builder.subscriptionFields((t) => ({
  jobProgress: t.field({
    type: JobProgress,
    description: "The job's progress now, then at every change (frame state or render progress); it completes when the job is deleted",
    args: { jobId: t.arg.id() },
    subscribe: async (_root, { jobId }, ctx) => {
      const job = await loadJob(ctx, String(jobId));
      return snapshotThen(
        async () => jobProgressOf(await loadJob(ctx, job.id), ctx.progress, ctx.clock()),
        ctx.pubsub.subscribe('jobChanged', job.id),
        (changed) => jobProgressOf(changed, ctx.progress, ctx.clock()),
        ctx.pubsub.subscribe('jobDeleted', job.id),
      );
    },
    resolve: (progress) => progress,
  }),
  farmProgress: t.field({
    type: FarmProgress,
    description: 'Farm totals now, then whenever a frame finishes or a job changes state',
    subscribe: (_root, _args, ctx) =>
      snapshotThen(
        () => farmProgressOf(ctx),
        ctx.pubsub.subscribe('farmChanged'),
        () => farmProgressOf(ctx),
      ),
    resolve: (progress) => progress,
  }),
}));
