import { cancelCommand, pauseCommand, requeueCommand, resumeCommand } from './commands/control.ts';
import { downloadCommand } from './commands/download.ts';
import { jobsCommand } from './commands/jobs.ts';
import { submitCommand } from './commands/submit.ts';
import { watchCommand } from './commands/watch.ts';
import { workersCommand } from './commands/workers.ts';
import { type CliIo, type Command, DEFAULT_SERVER_URL, optionsHelp } from './context.ts';
import { CliError, UsageError } from './errors.ts';
import { EXIT_CODES_HELP, EXIT_REFUSED, EXIT_USAGE } from './exit-codes.ts';

/** In the order `farm --help` lists them. */
export const COMMANDS: readonly Command[] = [
  submitCommand,
  watchCommand,
  jobsCommand,
  workersCommand,
  pauseCommand,
  resumeCommand,
  cancelCommand,
  requeueCommand,
  downloadCommand,
];

export const FARM_HELP = `Usage: farm COMMAND [options]      (from the checkout: npm run farm -- COMMAND, or npx farm COMMAND)

The Blender render farm from a shell: submit .blend files, follow and control jobs.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Every command takes:
${optionsHelp([['--json', 'print one JSON document on stdout, for scripts (progress stays on stderr)']])}

Examples:
  farm submit shot.blend --frames 1-250 --format PNG --priority 10
  farm submit shot.blend --frames 1-250x2 --no-wait
  farm watch 6f1c2d9e-…
  farm jobs --json
  farm download 6f1c2d9e-… --out ./frames
  FARM_SERVER=http://render-server:8000 farm workers

"farm COMMAND --help" tells more about a command. The server is ${DEFAULT_SERVER_URL}
unless --server or FARM_SERVER says otherwise.

${EXIT_CODES_HELP}`;

/** Options that take a value, anywhere on the line: their value is not the command's name. */
const VALUE_OPTIONS = new Set(['--server']);

/** Where the command's name is in argv (the first word that is neither an option nor an option's value), or -1. */
export function findCommandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return i + 1 < argv.length ? i + 1 : -1;
    if (VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return i;
  }
  return -1;
}

/**
 * Runs `farm ARGV` and returns its exit status; errors are printed as `farm: <message>` on
 * stderr. `onCommand` hears which command runs, so Ctrl-C can be left to the ones that handle it.
 */
export async function runFarm(argv: readonly string[], io: CliIo, onCommand: (command: Command) => void = () => undefined): Promise<number> {
  const index = findCommandIndex(argv);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  let name = index >= 0 ? (argv[index] as string) : undefined;
  let rest = index >= 0 ? [...argv.slice(0, index), ...argv.slice(index + 1)] : [...argv];
  // `farm help submit` is `farm submit --help`.
  if (name === 'help') {
    const topic = rest.find((arg) => !arg.startsWith('-'));
    if (!topic) name = undefined;
    else {
      name = topic;
      rest = ['--help'];
    }
    if (name === undefined) {
      io.stdout.write(`${FARM_HELP}\n`);
      return 0;
    }
  }
  if (name === undefined) {
    if (wantsHelp) {
      io.stdout.write(`${FARM_HELP}\n`);
      return 0;
    }
    io.stderr.write(`farm: which command?\n\n${FARM_HELP}\n`);
    return EXIT_USAGE;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`farm: unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')} (see farm --help)\n`);
    return EXIT_USAGE;
  }
  onCommand(command);
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = command.help.split('\n')[0];
      io.stderr.write(`farm: ${error.message}\n${usage}\nSee farm ${command.name} --help\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CliError) {
      io.stderr.write(`farm: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`farm: ${command.name} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_REFUSED;
  }
}
