/**
 * `npm run farm -- COMMAND …` (or `npx farm COMMAND …` through bin.js): the farm's command
 * line client. The commands are in run.ts; this file is the process around them: streams,
 * Ctrl-C, and the exit status.
 */
import type { Command } from './context.ts';
import { EXIT_INTERRUPTED } from './exit-codes.ts';
import { runFarm } from './run.ts';

const interrupted = new AbortController();
let running: Command | null = null;

process.on('SIGINT', () => {
  // A second Ctrl-C, or one for a command that has nothing to tidy up: out at once.
  if (interrupted.signal.aborted || !running?.handlesInterrupt) process.exit(EXIT_INTERRUPTED);
  interrupted.abort();
});
// `farm jobs | head -3`: the reader went away; there is nobody left to tell anything.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const status = await runFarm(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env, interrupted: interrupted.signal, now: Date.now },
  (command) => (running = command),
);
// Exit once stdout and stderr are written out: a pipe may still hold a large --json answer.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(status);
