import type { CliJobFieldsFragment, CliWatchJobSubscription } from '../../common/graphql/generated/graphql.ts';
import { type CliContext, defineCommand, jobIdArgument, optionsHelp } from '../context.ts';
import { CliError } from '../errors.ts';
import { EXIT_CODES_HELP, EXIT_INTERRUPTED, exitCodeForJob, isEndedJobStatus } from '../exit-codes.ts';
import { describeProgress } from '../format.ts';
import { CliJob, CliWatchJob } from '../operations.ts';
import { createProgressDisplay } from '../progress.ts';
import { jobLine } from './jobs.ts';

type Snapshot = CliWatchJobSubscription['jobProgress'];

export type WatchOutcome =
  | { ended: true; job: CliJobFieldsFragment; exitCode: number }
  | { ended: false; last: Snapshot | null; exitCode: number };

/** Ticks between the server's updates, so the ETA counts down and the elapsed time up. */
const TICK_MS = 1_000;
/**
 * How often the job is also read over HTTP while watching: the subscription sends nothing
 * when a job is deleted (seen: `farm watch` waited forever), and this also catches an end
 * whose event was lost while the socket reconnected.
 */
const RECHECK_MS = 5_000;

export async function fetchJob(ctx: CliContext, jobId: string): Promise<CliJobFieldsFragment> {
  const { job } = await ctx.query(CliJob, { id: jobId });
  if (!job) throw new CliError(`No job with id "${jobId}"`);
  return job;
}

/**
 * Shows the job's progress (the jobProgress subscription) until it ends or the user presses
 * Ctrl-C. The job is read over HTTP first, so an unknown job or an unreachable server fails
 * at once instead of as a socket retrying without end.
 */
export async function watchJob(ctx: CliContext, jobId: string, known?: CliJobFieldsFragment): Promise<WatchOutcome> {
  const first = known ?? (await fetchJob(ctx, jobId));
  if (isEndedJobStatus(first.status)) return ended(ctx, first);
  if (ctx.io.interrupted.aborted) return interrupted(ctx, jobId, null);

  const display = createProgressDisplay('render', ctx.io.stderr, ctx.io.now);
  // The latest snapshot and when it came; in an object, as callbacks below replace it.
  const latest: { snapshot: Snapshot | null; at: number } = { snapshot: null, at: 0 };
  const show = () => {
    if (!latest.snapshot) return;
    const view = describeProgress(latest.snapshot, (ctx.io.now() - latest.at) / 1000);
    display.update({ percent: view.percent, text: view.text, key: view.key, milestone: latest.snapshot.status });
  };
  let disconnected = false;
  ctx.onSocketRetry = () => {
    if (!disconnected) display.note(`lost the connection to ${ctx.serverUrl}; reconnecting…`);
    disconnected = true;
  };
  ctx.onSocketConnected = () => {
    if (disconnected) display.note(`connected to ${ctx.serverUrl} again`);
    disconnected = false;
  };

  type WatchEnd = { kind: 'ended' } | { kind: 'interrupted' } | { kind: 'error'; error: Error };
  const end = await new Promise<WatchEnd>((resolve) => {
    let subscription: { unsubscribe(): void } | null = null;
    let finished = false;
    const finish = (result: WatchEnd) => {
      if (finished) return;
      finished = true;
      clearInterval(ticker);
      clearInterval(recheck);
      subscription?.unsubscribe();
      ctx.io.interrupted.removeEventListener('abort', onInterrupt);
      resolve(result);
    };
    const onInterrupt = () => finish({ kind: 'interrupted' });
    const ticker = setInterval(show, TICK_MS);
    const recheck = setInterval(() => {
      void ctx.farm.client
        .query(CliJob, { id: jobId })
        .toPromise()
        .then((result) => {
          // Unreachable for a moment: the socket's reconnection notes say so; keep watching.
          if (result.error) return;
          const job = result.data?.job;
          if (job === null) finish({ kind: 'error', error: new CliError(`job ${jobId} was deleted while being watched`) });
          else if (job && isEndedJobStatus(job.status)) finish({ kind: 'ended' });
        });
    }, RECHECK_MS);
    ctx.io.interrupted.addEventListener('abort', onInterrupt, { once: true });
    subscription = ctx.farm.client.subscription(CliWatchJob, { jobId }).subscribe((result) => {
      if (result.error) {
        const messages = result.error.graphQLErrors.map((e) => e.message);
        finish({ kind: 'error', error: new CliError(messages.length ? messages.join('; ') : result.error.message) });
        return;
      }
      const snapshot = result.data?.jobProgress;
      if (!snapshot) return;
      latest.snapshot = snapshot;
      latest.at = ctx.io.now();
      show();
      if (isEndedJobStatus(snapshot.status)) finish({ kind: 'ended' });
    });
    // Ended before subscribe() returned: its unsubscribe was not there to call yet.
    if (finished) subscription.unsubscribe();
  });
  display.stop();
  ctx.onSocketRetry = null;
  ctx.onSocketConnected = null;
  if (end.kind === 'error') throw end.error;
  if (end.kind === 'interrupted') return interrupted(ctx, jobId, latest.snapshot);
  // The final counts and error as the job has them (the snapshot has no error text).
  return ended(ctx, await fetchJob(ctx, jobId));
}

function ended(ctx: CliContext, job: CliJobFieldsFragment): WatchOutcome {
  if (!isEndedJobStatus(job.status)) throw new Error(`job ${job.id} is ${job.status}, not ended`);
  ctx.print(jobLine(job));
  ctx.printJson(job);
  return { ended: true, job, exitCode: exitCodeForJob(job.status) };
}

function interrupted(ctx: CliContext, jobId: string, last: Snapshot | null): WatchOutcome {
  ctx.say(`Stopped watching; job ${jobId} is still on the farm${last ? ` (${last.status}, ${last.framesDone}/${last.totalFrames} frames done)` : ''}.`);
  ctx.say(`Watch it again with: farm watch ${jobId}`);
  ctx.printJson({ jobId, watching: false, progress: last });
  return { ended: false, last, exitCode: EXIT_INTERRUPTED };
}

const HELP = `Usage: farm watch JOB [--json]

Shows a job's progress until it ends: frames done/total, frames rendering, rate
(frames/min), elapsed time and ETA, as a bar on a terminal or a line every few seconds
otherwise. The last line says how the job ended. Ctrl-C stops watching; the job goes on.

${optionsHelp([['--json', 'print the job as it ended, as JSON on stdout']])}

${EXIT_CODES_HELP}`;

export const watchCommand = defineCommand(
  { name: 'watch', summary: 'follow a job until it ends (exit status says how)', help: HELP, handlesInterrupt: true, options: {} },
  async (ctx, { positionals }) => (await watchJob(ctx, jobIdArgument(positionals, 'watch'))).exitCode,
);
