import type { CliJobFieldsFragment } from '../../common/graphql/generated/graphql.ts';
import { type CliContext, type Command, jobIdArgument, optionsHelp, runWith } from '../context.ts';
import { CliCancelJob, CliPauseJob, CliRequeueJob, CliResumeJob } from '../operations.ts';
import { jobLine } from './jobs.ts';

/** pause, resume, cancel, requeue: one mutation on one job, the job as it is afterwards. */
function controlCommand(spec: {
  name: string;
  summary: string;
  description: string;
  extraOptions?: Array<[string, string]>;
  options?: { all: { type: 'boolean' } };
  send(ctx: CliContext, jobId: string, all: boolean): Promise<CliJobFieldsFragment>;
}): Command {
  const usage = `Usage: farm ${spec.name} JOB${spec.options ? ' [--all]' : ''} [--json]`;
  const help = `${usage}

${spec.description}

${optionsHelp([...(spec.extraOptions ?? []), ['--json', 'print the job as it is afterwards, as JSON on stdout']])}`;
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    run: (args, io) =>
      runWith(args, io, { options: spec.options ?? {}, help }, async (ctx, { values, positionals }) => {
        const jobId = jobIdArgument(positionals, spec.name);
        const job = await spec.send(ctx, jobId, (values as { all?: boolean }).all ?? false);
        ctx.print(jobLine(job));
        ctx.printJson(job);
        return 0;
      }),
  };
}

export const pauseCommand = controlCommand({
  name: 'pause',
  summary: 'hand out no more frames of a job (frames rendering finish)',
  description: 'No new frames of the job go to workers; frames rendering now finish. Resume with farm resume JOB.',
  send: async (ctx, jobId) => (await ctx.mutation(CliPauseJob, { jobId })).pauseJob,
});

export const resumeCommand = controlCommand({
  name: 'resume',
  summary: 'hand out frames of a paused job again',
  description: 'A PAUSED job hands out frames again.',
  send: async (ctx, jobId) => (await ctx.mutation(CliResumeJob, { jobId })).resumeJob,
});

export const cancelCommand = controlCommand({
  name: 'cancel',
  summary: 'cancel a job; workers stop its frames',
  description: 'The job and its open frames are CANCELED; workers rendering them stop within a second or two.\nFrames already DONE stay.',
  send: async (ctx, jobId) => (await ctx.mutation(CliCancelJob, { jobId })).cancelJob,
});

export const requeueCommand = controlCommand({
  name: 'requeue',
  summary: 'render FAILED and CANCELED frames again (--all: every frame)',
  description: "The job's FAILED and CANCELED frames go back to the queue, and its blocklist is cleared.",
  extraOptions: [['--all', 'every frame, DONE ones too']],
  options: { all: { type: 'boolean' } },
  send: async (ctx, jobId, all) => (await ctx.mutation(CliRequeueJob, { jobId, allFrames: all })).requeueJob,
});
