import type { CliJobFieldsFragment } from '../../common/graphql/generated/graphql.ts';
import { type CliContext, type Command, defineCommand, jobIdArgument, optionsHelp } from '../context.ts';
import { CliCancelJob, CliPauseJob, CliRequeueJob, CliResumeJob } from '../operations.ts';
import { jobLine } from './jobs.ts';

/**
 * pause, resume, cancel, requeue: one mutation on one job, then the job as it is afterwards.
 * Whether the job's state allows it is the server's to say: the command sends the mutation
 * and a refusal comes back in the server's words (exit 1), so the command keeps no table of
 * its own. What a job allows now is in every job the `--json` output prints
 * (`allowedActions`, decided by the server's state machine).
 */
type ControlName = 'pause' | 'resume' | 'cancel' | 'requeue';

/** What `farm --help` says of each. */
const SUMMARIES: Record<ControlName, string> = {
  pause: 'hand out no more frames of a job (frames rendering finish)',
  resume: 'hand out frames of a paused job again',
  cancel: 'cancel a job; workers stop its frames',
  requeue: 'render FAILED and CANCELED frames again (--all: every frame)',
};

/** What `farm NAME --help` says of each. */
const DESCRIPTIONS: Record<ControlName, string> = {
  pause: 'No new frames of the job go to workers; frames rendering now finish. Resume with farm resume JOB.',
  resume: 'A PAUSED job hands out frames again.',
  cancel: 'The job and its open frames are CANCELED; workers rendering them stop within a second or two.\nFrames already DONE stay.',
  requeue: "The job's FAILED and CANCELED frames go back to the queue, and its blocklist is cleared.",
};

/** The mutation each sends; `all` is requeue's --all. */
async function send(ctx: CliContext, name: ControlName, jobId: string, all: boolean): Promise<CliJobFieldsFragment> {
  switch (name) {
    case 'pause':
      return (await ctx.mutation(CliPauseJob, { jobId })).pauseJob;
    case 'resume':
      return (await ctx.mutation(CliResumeJob, { jobId })).resumeJob;
    case 'cancel':
      return (await ctx.mutation(CliCancelJob, { jobId })).cancelJob;
    case 'requeue':
      return (await ctx.mutation(CliRequeueJob, { jobId, allFrames: all })).requeueJob;
  }
}

const REQUEUE_OPTIONS = { all: { type: 'boolean' } } as const;

function controlCommand(name: ControlName): Command {
  const takesAll = name === 'requeue';
  const rows: Array<[string, string]> = takesAll ? [['--all', 'every frame, DONE ones too']] : [];
  const help = `Usage: farm ${name} JOB${takesAll ? ' [--all]' : ''} [--json]

${DESCRIPTIONS[name]}

${optionsHelp([...rows, ['--json', 'print the job as it is afterwards, as JSON on stdout']])}`;
  const options = takesAll ? REQUEUE_OPTIONS : {};
  return defineCommand({ name, summary: SUMMARIES[name], help, options }, async (ctx, { values, positionals }) => {
    const job = await send(ctx, name, jobIdArgument(positionals, name), (values as { all?: boolean }).all ?? false);
    ctx.print(jobLine(job));
    ctx.printJson(job);
    return 0;
  });
}

export const pauseCommand = controlCommand('pause');
export const resumeCommand = controlCommand('resume');
export const cancelCommand = controlCommand('cancel');
export const requeueCommand = controlCommand('requeue');
