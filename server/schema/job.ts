import { builder } from '../builder.ts';
import { inputError } from '../errors.ts';
import { InputError } from '../jobs/validate-submission.ts';
import { submitJob } from '../jobs/submit-job.ts';
import { JobStatusEnum, OutputFormatEnum } from './scalars.ts';
import { JobProgress, jobProgressOf } from './progress.ts';

export const JobRef = builder.prismaObject('Job', {
  description: 'A .blend file and a range of frames to render from it',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.expose('status', { type: JobStatusEnum }),
    sceneName: t.exposeString('sceneName', { nullable: true, description: "null: the file's active scene" }),
    outputFormat: t.expose('outputFormat', { type: OutputFormatEnum }),
    frameStart: t.exposeInt('frameStart'),
    frameEnd: t.exposeInt('frameEnd'),
    frameStep: t.exposeInt('frameStep'),
    totalFrames: t.exposeInt('totalFrames'),
    framesDone: t.exposeInt('framesDone'),
    framesFailed: t.exposeInt('framesFailed'),
    blendName: t.exposeString('blendName', { description: 'The uploaded file name' }),
    blendSha256: t.exposeString('blendSha256'),
    blendSize: t.float({ description: 'Bytes', resolve: (job) => Number(job.blendSize) }),
    error: t.exposeString('error', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    frames: t.relation('frames', { query: { orderBy: { number: 'asc' } } }),
    progress: t.field({ type: JobProgress, resolve: (job, _args, ctx) => jobProgressOf(job, ctx.progress) }),
  }),
});

const SubmitJobInput = builder.inputType('SubmitJobInput', {
  description: 'Give either totalFrames (frames 1..N) or frameStart and frameEnd (and optionally frameStep)',
  fields: (t) => ({
    name: t.string(),
    file: t.field({ type: 'Upload', description: 'The .blend file (plain, gzip- or zstd-compressed)' }),
    totalFrames: t.int({ required: false }),
    frameStart: t.int({ required: false }),
    frameEnd: t.int({ required: false }),
    frameStep: t.int({ required: false, description: 'Render every Nth frame; default 1' }),
    outputFormat: t.field({ type: OutputFormatEnum }),
    sceneName: t.string({ required: false, description: "Scene to render; default: the file's active scene" }),
  }),
});

builder.queryFields((t) => ({
  jobs: t.prismaField({
    type: ['Job'],
    description: 'Every job, newest first',
    resolve: (query, _root, _args, ctx) => ctx.db.job.findMany({ ...query, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
  }),
  job: t.prismaField({
    type: 'Job',
    nullable: true,
    args: { id: t.arg.id() },
    resolve: (query, _root, { id }, ctx) => ctx.db.job.findUnique({ ...query, where: { id: String(id) } }),
  }),
}));

builder.mutationFields((t) => ({
  submitJob: t.field({
    type: JobRef,
    description: 'Upload a .blend (GraphQL multipart request) and queue its frames',
    args: { input: t.arg({ type: SubmitJobInput }) },
    resolve: async (_root, { input }, ctx) => {
      try {
        return await submitJob(ctx, input);
      } catch (error) {
        if (error instanceof InputError) throw inputError(error.field, error.message);
        throw error;
      }
    },
  }),
}));
