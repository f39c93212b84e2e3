import { filter, pipe } from 'graphql-yoga';
import type { Frame } from '../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { requireWorker } from '../auth.ts';
import { InputError } from '../errors.ts';
import { deliverFrame } from '../jobs/deliver-frame.ts';
import { FrameStatusEnum } from './scalars.ts';
import { previewBaseName } from '../media/ffmpeg-args.ts';

/** /files/jobs/<job>/<kind>/<frame file name>.jpg, made from the DONE frame on first request, then kept; null: none. */
function previewUrl(frame: Frame, kind: 'thumbs' | 'previews', baseUrl: string): string | null {
  const base = frame.outputFile ? previewBaseName(frame.outputFile) : null;
  return base === null ? null : `${baseUrl}/files/jobs/${frame.jobId}/${kind}/${encodeURIComponent(base)}.jpg`;
}

export const FrameRef = builder.prismaObject('Frame', {
  description: 'One frame of a job: the unit of work a worker renders',
  fields: (t) => ({
    id: t.exposeID('id'),
    jobId: t.exposeID('jobId'),
    number: t.exposeInt('number'),
    status: t.expose('status', { type: FrameStatusEnum }),
    progress: t.float({
      description: 'Percent rendered, 0 to 100, live while the frame renders',
      resolve: (frame, _args, ctx) => (frame.status === 'DONE' ? 100 : (ctx.progress.get(frame.jobId, frame.number) ?? 0)),
    }),
    outputUrl: t.string({
      nullable: true,
      description: 'Where the rendered image can be downloaded, once the frame is DONE',
      resolve: (frame, _args, ctx) =>
        frame.outputFile ? `${ctx.baseUrl}/files/jobs/${frame.jobId}/${encodeURIComponent(frame.outputFile)}` : null,
    }),
    thumbnailUrl: t.string({
      nullable: true,
      description: 'A small JPEG of the rendered image (EXR tone-mapped), once the frame is DONE; null for HDR, which the server cannot read',
      resolve: (frame, _args, ctx) => previewUrl(frame, 'thumbs', ctx.baseUrl),
    }),
    previewUrl: t.string({
      nullable: true,
      description: 'The rendered image at full size as a JPEG a browser shows (EXR tone-mapped), once the frame is DONE',
      resolve: (frame, _args, ctx) => previewUrl(frame, 'previews', ctx.baseUrl),
    }),
    worker: t.relation('worker', { nullable: true, description: 'The worker rendering it, or that rendered it' }),
    // On the frame itself, so a frameChanged event needs no database query to name its worker.
    workerId: t.exposeID('workerId', { nullable: true, description: 'The worker rendering it, or that rendered it; its id' }),
    job: t.relation('job'),
    attempts: t.exposeInt('attempts', { description: 'How many times it was handed to a worker' }),
    failures: t.exposeInt('failures', {
      description: "How many of those failed, timed out or lost their worker; at the job's maxAttempts it is FAILED",
    }),
    renderTimeMs: t.exposeInt('renderTimeMs', { nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed' }),
    logTail: t.exposeString('logTail', { nullable: true, description: "The end of Blender's output, when it failed" }),
    assignedAt: t.expose('assignedAt', { type: 'DateTime', nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

const FrameFailureKind = builder.enumType('FrameFailureKind', {
  values: {
    RENDER_FAILED: { description: 'Blender could not render or save this frame' },
    SCENE_NOT_FOUND: { description: "The job's scene is not in the .blend: the whole job fails" },
    MISSING_FILES: { description: 'Files the .blend uses are missing on the worker (and the job does not allow it): the whole job fails' },
    TIMEOUT: { description: "The frame rendered longer than the job's render timeout and was stopped" },
  },
});

builder.queryFields((t) => ({
  frame: t.prismaField({
    type: 'Frame',
    nullable: true,
    description: "One frame of a job by its number (a view of one frame: its error and log without the job's other frames)",
    args: { jobId: t.arg.id(), number: t.arg.int() },
    resolve: (query, _root, { jobId, number }, ctx) =>
      ctx.db.frame.findUnique({ ...query, where: { jobId_number: { jobId: String(jobId), number } } }),
  }),
}));

builder.mutationFields((t) => ({
  uploadFrame: t.prismaField({
    type: 'Frame',
    description: 'A worker delivers a rendered frame (GraphQL multipart request); the frame becomes DONE',
    args: {
      jobId: t.arg.id(),
      frameNumber: t.arg.int(),
      file: t.arg({ type: 'Upload' }),
      renderTimeMs: t.arg.int({ required: false, description: 'How long Blender took, as the worker measured it' }),
    },
    resolve: async (_query, _root, { jobId, frameNumber, file, renderTimeMs }, ctx) =>
      deliverFrame(ctx, await requireWorker(ctx), { jobId: String(jobId), frameNumber, file, renderTimeMs: renderTimeMs ?? null }),
  }),
  reportFrameProgress: t.prismaField({
    type: 'Frame',
    description: 'A worker reports how far it is into a frame; the first report marks it RENDERING',
    args: { jobId: t.arg.id(), frameNumber: t.arg.int(), percent: t.arg.float() },
    resolve: async (_query, _root, args, ctx) => {
      const worker = await requireWorker(ctx);
      if (!(args.percent >= 0 && args.percent <= 100)) throw new InputError('percent', `must be 0 to 100, got ${args.percent}`);
      return ctx.frames.reportProgress(worker.id, String(args.jobId), args.frameNumber, args.percent);
    },
  }),
  reportFrameFailure: t.prismaField({
    type: 'Frame',
    description: 'A worker could not render a frame; Blender\'s last lines are kept on the frame',
    args: {
      jobId: t.arg.id(),
      frameNumber: t.arg.int(),
      error: t.arg.string(),
      logTail: t.arg.string({ required: false }),
      kind: t.arg({ type: FrameFailureKind, required: false, defaultValue: 'RENDER_FAILED' }),
      renderTimeMs: t.arg.int({ required: false }),
    },
    resolve: async (_query, _root, args, ctx) => {
      const worker = await requireWorker(ctx);
      const jobId = String(args.jobId);
      const frame = await ctx.frames.fail(worker.id, jobId, args.frameNumber, {
        error: args.error.slice(0, 2000),
        logTail: args.logTail?.slice(-16_384) ?? null,
        kind: args.kind ?? 'RENDER_FAILED',
        renderTimeMs: args.renderTimeMs ?? null,
      });
      ctx.log.warn({ jobId, frame: frame.number, worker: worker.name, error: args.error }, 'frame failed');
      return frame;
    },
  }),
}));

builder.subscriptionFields((t) => {
  /** The frames of one job or (without jobId) of all jobs, at each change that passes `wanted`. */
  const frameStream = (description: string, wanted: (frame: Frame) => boolean) =>
    t.field({
      type: FrameRef,
      description,
      args: { jobId: t.arg.id({ required: false }) },
      subscribe: (_root, { jobId }, ctx) =>
        pipe(
          ctx.pubsub.subscribe('frameChanged'),
          filter((frame) => (jobId == null || frame.jobId === String(jobId)) && wanted(frame)),
        ),
      resolve: (frame) => frame,
    });
  return {
    frameCompleted: frameStream('Each frame as it becomes DONE, of one job or (without jobId) of all jobs', (frame) => frame.status === 'DONE'),
    frameChanged: frameStream(
      'Every state change and progress report of the frames of one job or (without jobId) of all jobs',
      () => true,
    ),
  };
});
