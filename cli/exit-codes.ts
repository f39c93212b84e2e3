import { type FinishedJobStatus, isJobFinished } from '../common/job-status.ts';

/**
 * The `farm` command's exit statuses, so scripts can tell how a job ended and why a
 * command failed. `farm --help` lists them; keep the two in step.
 */
export const EXIT_OK = 0;
/** The server refused the request (unknown job, a refused state change, bad input), or it went wrong. */
export const EXIT_REFUSED = 1;
/** The command line is wrong: unknown command or option, a bad value, no file to submit. */
export const EXIT_USAGE = 2;
/** Nothing answered at the server's URL (refused, unknown host, timed out). */
export const EXIT_UNREACHABLE = 3;
/** submit/watch: the job ended FAILED. */
export const EXIT_JOB_FAILED = 4;
/** submit/watch: the job ended CANCELED. */
export const EXIT_JOB_CANCELED = 5;
/** Ctrl-C (128 + SIGINT, as shells report it): the job, if any, goes on rendering. */
export const EXIT_INTERRUPTED = 130;

export type EndedJobStatus = FinishedJobStatus;
/** A job that has ended: submit and watch stop there. */
export const isEndedJobStatus = isJobFinished;

/** How `farm submit` and `farm watch` exit once the job has ended. */
export function exitCodeForJob(status: EndedJobStatus): number {
  switch (status) {
    case 'COMPLETED':
      return EXIT_OK;
    case 'FAILED':
      return EXIT_JOB_FAILED;
    case 'CANCELED':
      return EXIT_JOB_CANCELED;
  }
}

/** The exit status table as `farm --help` prints it. */
export const EXIT_CODES_HELP = `Exit status:
  0    done; for submit and watch: the job COMPLETED
  1    the server refused (e.g. no such job) or something else went wrong
  2    usage error (unknown command or option, bad value)
  3    the server could not be reached at its URL
  4    submit/watch: the job FAILED
  5    submit/watch: the job was CANCELED
  130  interrupted with Ctrl-C (a job being watched keeps rendering)`;
