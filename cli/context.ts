import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { createFarmClient, type FarmClient } from '../common/client.ts';
import { CliError, fromCombinedError, UsageError } from './errors.ts';
import { withoutTypename } from './format.ts';

/** The server's own default address (server/config.ts: PORT 8000), on this machine. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8000';

/** What a command may touch of the process: its streams, environment, clock and Ctrl-C. */
export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Aborted at the first Ctrl-C, for commands with `handlesInterrupt`. */
  interrupted: AbortSignal;
  now: () => number;
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  server: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

const GLOBAL_OPTION_ROWS: Array<[string, string]> = [
  ['--server URL', `the farm server (env FARM_SERVER, default ${DEFAULT_SERVER_URL})`],
  ['-h, --help', 'this help'],
];

/** A command's options and then --server and --help, their descriptions in one column. */
export function optionsHelp(rows: ReadonlyArray<readonly [string, string]>): string {
  const all = [...rows, ...GLOBAL_OPTION_ROWS];
  const width = Math.max(...all.map(([option]) => option.length)) + 3;
  return all.map(([option, text]) => `  ${option.padEnd(width)}${text.replace(/\n/g, `\n  ${' '.repeat(width)}`)}`).join('\n');
}

/** A command's arguments, parsed strictly: an unknown option or a missing value is a UsageError. */
export function parseCommandArgs<const T extends OptionsConfig>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** --server, else FARM_SERVER, else the default; without trailing slashes. */
export function resolveServerUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = flag ?? (env.FARM_SERVER || DEFAULT_SERVER_URL);
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new UsageError(`the server must be an http:// or https:// URL, got "${url}" (from ${flag === undefined ? 'FARM_SERVER' : '--server'})`);
  }
  return url.replace(/\/+$/, '');
}

/** One command's view of the farm: the server, the output mode, and a client made on first use. */
export class CliContext {
  private farmClient: FarmClient | null = null;
  /** Told about each failed attempt to (re)connect the subscription socket. */
  onSocketRetry: ((attempt: number, delayMs: number) => void) | null = null;
  onSocketConnected: (() => void) | null = null;

  constructor(
    readonly io: CliIo,
    readonly serverUrl: string,
    readonly json: boolean,
  ) {}

  /** The shared urql client (common/client.ts), anonymous: the CLI acts as a user. */
  get farm(): FarmClient {
    this.farmClient ??= createFarmClient({
      serverUrl: this.serverUrl,
      onSocketRetry: (attempt, delayMs) => this.onSocketRetry?.(attempt, delayMs),
      onSocketConnected: () => this.onSocketConnected?.(),
    });
    return this.farmClient;
  }

  async query<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
    return this.unwrap(await this.farm.client.query(document, variables).toPromise());
  }

  async mutation<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
    return this.unwrap(await this.farm.client.mutation(document, variables).toPromise());
  }

  private unwrap<Data>(result: { data?: Data; error?: Parameters<typeof fromCombinedError>[0] }): Data {
    if (result.error) throw fromCombinedError(result.error, this.serverUrl);
    if (result.data === undefined || result.data === null) throw new CliError(`the server at ${this.serverUrl} answered with no data`);
    return result.data;
  }

  /** The command's result for a person, on stdout (nothing with --json). */
  print(text: string): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** Remarks along the way, on stderr, so stdout stays the result. */
  say(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** The command's result for a script: one JSON document on stdout (only with --json). */
  printJson(value: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(withoutTypename(value), null, 2)}\n`);
  }

  async close(): Promise<void> {
    await this.farmClient?.close();
    this.farmClient = null;
  }
}

/** A subcommand of `farm`. */
export interface Command {
  name: string;
  /** One line for `farm --help`. */
  summary: string;
  /** `farm NAME --help`. */
  help: string;
  /** It watches io.interrupted and says what Ctrl-C left behind; otherwise Ctrl-C exits at once. */
  handlesInterrupt?: boolean;
  run(args: string[], io: CliIo): Promise<number>;
}

type ParsedArgs<T extends OptionsConfig> = ReturnType<typeof parseCommandArgs<T>>;

/**
 * The frame every command shares: parse (a UsageError on bad arguments), print the help for
 * --help, make the context, run `body`, close the client whatever happens.
 */
export async function runWith<const T extends OptionsConfig>(
  args: string[],
  io: CliIo,
  spec: { options: T; help: string },
  body: (ctx: CliContext, parsed: ParsedArgs<T>) => Promise<number>,
): Promise<number> {
  const parsed = parseCommandArgs(args, spec.options);
  const values = parsed.values as { server?: string; json?: boolean; help?: boolean };
  if (values.help) {
    io.stdout.write(`${spec.help}\n`);
    return 0;
  }
  const ctx = new CliContext(io, resolveServerUrl(values.server, io.env), values.json ?? false);
  try {
    return await body(ctx, parsed);
  } finally {
    await ctx.close();
  }
}

/** A command of `farm`: what `farm --help` says of it, its own options, and what it does (run through runWith). */
export function defineCommand<const T extends OptionsConfig>(
  spec: Omit<Command, 'run'> & { options: T },
  body: (ctx: CliContext, parsed: ParsedArgs<T>) => Promise<number>,
): Command {
  const { options, ...command } = spec;
  return { ...command, run: (args, io) => runWith(args, io, { options, help: spec.help }, body) };
}

/** The one job id a job command takes. */
export function jobIdArgument(positionals: string[], command: string): string {
  if (positionals.length === 0) throw new UsageError(`${command}: which job? Give its id (see farm jobs)`);
  if (positionals.length > 1) throw new UsageError(`${command}: one job id, got ${positionals.length} arguments: ${positionals.join(' ')}`);
  return positionals[0] as string;
}

/** For commands that take options only. */
export function noArguments(positionals: string[], command: string): void {
  if (positionals.length > 0) throw new UsageError(`${command} takes no arguments, got: ${positionals.join(' ')}`);
}
