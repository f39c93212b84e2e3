import type { Job } from '../generated/prisma/client.ts';
import { builder } from '../builder.ts';
import { parseTags } from '../jobs/validate-submission.ts';
import { submitJob } from '../jobs/submit-job.ts';
import type { JobControl } from '../scheduler/job-control.ts';
import { JOB_ACTIONS, allowedJobActions } from '../scheduler/state-machine.ts';
import { JobStatusEnum, OutputFormatEnum } from './scalars.ts';
import { JobProgress, jobProgressOf } from './progress.ts';
import { ProjectFileInput } from './project.ts';

const JobActionEnum = builder.enumType('JobAction', {
  values: JOB_ACTIONS,
  description: 'What a person may ask of a job; Job.allowedActions says which apply now',
});

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
    framesCanceled: t.exposeInt('framesCanceled'),
    priority: t.exposeInt('priority', { description: 'Higher first; equal priorities: older jobs first' }),
    maxAttempts: t.exposeInt('maxAttempts', {
      description: 'A frame that fails (or whose worker is lost) this many times is FAILED',
    }),
    renderTimeoutSeconds: t.exposeInt('renderTimeoutS', {
      nullable: true,
      description: 'A frame rendering longer is stopped and counts as a failure; null: no limit',
    }),
    allowMissingFiles: t.exposeBoolean('allowMissingFiles', {
      description: 'Rendered even when a file the .blend uses is missing on the worker; false: such a job fails before its first frame',
    }),
    requiredTags: t.stringList({
      description: 'Only workers with all of these tags get its frames',
      resolve: (job) => parseTags(job.requiredTags),
    }),
    blocklist: t.relation('blocklist', {
      description: 'Workers that failed its frames; blocked ones get no more of them',
      query: { orderBy: { workerId: 'asc' } },
    }),
    blendName: t.exposeString('blendName', { description: 'The uploaded file name' }),
    blendSha256: t.exposeString('blendSha256'),
    blendSize: t.float({ description: 'Bytes', resolve: (job) => Number(job.blendSize) }),
    error: t.exposeString('error', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    frames: t.relation('frames', { query: { orderBy: { number: 'asc' } } }),
    framesZipUrl: t.string({
      nullable: true,
      description: 'Every DONE frame in one zip archive (streamed), once at least one frame is DONE',
      resolve: (job, _args, ctx) => (job.framesDone > 0 ? `${ctx.baseUrl}/files/jobs/${job.id}/frames.zip` : null),
    }),
    previewVideoUrl: t.string({
      nullable: true,
      description: 'An H.264 MP4 of its frames in order (made with ffmpeg on first request), once the job is COMPLETED',
      resolve: (job, _args, ctx) => (job.status === 'COMPLETED' ? `${ctx.baseUrl}/files/jobs/${job.id}/preview.mp4` : null),
    }),
    allowedActions: t.field({
      type: [JobActionEnum],
      description: 'The actions the job allows in its present state (decided by the scheduler)',
      resolve: (job) => allowedJobActions({ ...job, started: job.startedAt !== null }),
    }),
    progress: t.field({ type: JobProgress, resolve: (job, _args, ctx) => jobProgressOf(job, ctx.progress, ctx.clock()) }),
  }),
});

const SubmitJobInput = builder.inputType('SubmitJobInput', {
  description: 'Give either totalFrames (frames 1..N) or frameStart and frameEnd (and optionally frameStep)',
  fields: (t) => ({
    name: t.string(),
    file: t.field({ type: 'Upload', description: 'The .blend file (plain, gzip- or zstd-compressed), or a project .zip holding it and the files it uses (then blendPath picks the .blend inside)' }),
    totalFrames: t.int({ required: false }),
    frameStart: t.int({ required: false }),
    frameEnd: t.int({ required: false }),
    frameStep: t.int({ required: false, description: 'Render every Nth frame; default 1' }),
    outputFormat: t.field({ type: OutputFormatEnum }),
    sceneName: t.string({ required: false, description: "Scene to render; default: the file's active scene" }),
    priority: t.int({ required: false, description: 'Higher first; default 0' }),
    maxAttempts: t.int({ required: false, description: 'Tries per frame before it is FAILED; default 3' }),
    renderTimeoutSeconds: t.int({ required: false, description: 'Stop a frame rendering longer than this (a failure); default: no limit' }),
    requiredTags: t.stringList({ required: false, description: 'Only workers with all of these tags render it' }),
    files: t.field({
      type: [ProjectFileInput],
      required: false,
      description: 'The files the .blend uses, each content already in the store (missingContents, uploadContent); default: none',
    }),
    blendPath: t.string({
      required: false,
      description: "Where the .blend sits in the project tree, as files' paths are written; default: its file name, at the root. For a project .zip: the .blend's path inside it; default: the archive's only .blend",
    }),
    allowMissingFiles: t.boolean({
      required: false,
      description: 'Render even when a file the .blend uses (a texture, a library) is missing on the worker; default false: the job fails before its first frame, naming them',
    }),
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

builder.mutationFields((t) => {
  /** A job-control mutation taking only the job's id: JobControl decides, refusing what makes no sense now. */
  const jobControl = (description: string, act: (control: JobControl, jobId: string) => Promise<Job>) =>
    t.field({ type: JobRef, description, args: { jobId: t.arg.id() }, resolve: (_root, { jobId }, ctx) => act(ctx.control, String(jobId)) });
  return {
    pauseJob: jobControl('No new frames of the job go out; frames rendering now finish', (control, jobId) => control.pause(jobId)),
    resumeJob: jobControl('A PAUSED job hands out frames again', (control, jobId) => control.resume(jobId)),
    cancelJob: jobControl(
      'The job and its open frames are CANCELED; workers rendering them stop within a second or two',
      (control, jobId) => control.cancel(jobId),
    ),
    deleteJob: jobControl(
      'Removes the job, its frames and its files; workers rendering its frames stop. Returns the job as it was',
      (control, jobId) => control.delete(jobId),
    ),
    requeueJob: t.field({
      type: JobRef,
      description: 'FAILED and CANCELED frames back to the queue (allFrames: every frame, DONE ones too); clears the blocklist',
      args: { jobId: t.arg.id(), allFrames: t.arg.boolean({ required: false, defaultValue: false }) },
      resolve: (_root, { jobId, allFrames }, ctx) => ctx.control.requeue(String(jobId), allFrames ?? false),
    }),
    requeueFrames: t.field({
      type: JobRef,
      description: 'These frames back to the queue, whatever their state; frames rendering are stopped',
      args: { jobId: t.arg.id(), frames: t.arg.intList() },
      resolve: (_root, { jobId, frames }, ctx) => ctx.control.requeueFrames(String(jobId), frames),
    }),
    setJobPriority: t.field({
      type: JobRef,
      description: 'Higher priority jobs get frames first',
      args: { jobId: t.arg.id(), priority: t.arg.int() },
      resolve: (_root, { jobId, priority }, ctx) => ctx.control.setPriority(String(jobId), priority),
    }),
    clearBlocklist: t.field({
      type: JobRef,
      description: "Forgive a worker's failures on the job (without workerId: every worker's)",
      args: { jobId: t.arg.id(), workerId: t.arg.id({ required: false }) },
      resolve: (_root, { jobId, workerId }, ctx) => ctx.control.clearBlocklist(String(jobId), workerId == null ? null : String(workerId)),
    }),
    submitJob: t.field({
      type: JobRef,
      description: 'Upload a .blend (GraphQL multipart request) and queue its frames',
      args: { input: t.arg({ type: SubmitJobInput }) },
      resolve: (_root, { input }, ctx) => submitJob(ctx, input),
    }),
  };
});
