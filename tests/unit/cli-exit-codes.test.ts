/**
 * How `farm` exits: one status per way a job ends, per kind of failure, and the messages a
 * person reads on the way out. No server: errors are made as urql and Node's fetch make them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import type { CliIo } from '../../cli/context.ts';
import { resolveServerUrl } from '../../cli/context.ts';
import { CliError, fromCombinedError, fromFetchError, unreachableReason } from '../../cli/errors.ts';
import {
  EXIT_CODES_HELP,
  EXIT_INTERRUPTED,
  EXIT_JOB_CANCELED,
  EXIT_JOB_FAILED,
  EXIT_OK,
  EXIT_REFUSED,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
  exitCodeForJob,
} from '../../cli/exit-codes.ts';
import { findCommandIndex, runFarm } from '../../cli/run.ts';

const SERVER = 'http://render-server:8000';

/** What Node's fetch throws when nothing listens: TypeError('fetch failed') caused by the socket error. */
function fetchFailed(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 10.0.0.5:8000`), { code });
  return new TypeError('fetch failed', { cause });
}

describe('exit statuses', () => {
  it('are distinct for every outcome, and --help lists each of them', () => {
    const codes = [EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_JOB_FAILED, EXIT_JOB_CANCELED, EXIT_INTERRUPTED];
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(EXIT_CODES_HELP, new RegExp(`^  ${code} `, 'm'));
  });

  it('say how a watched job ended', () => {
    assert.equal(exitCodeForJob('COMPLETED'), 0);
    assert.equal(exitCodeForJob('FAILED'), EXIT_JOB_FAILED);
    assert.equal(exitCodeForJob('CANCELED'), EXIT_JOB_CANCELED);
  });
});

describe('errors as the user reads them', () => {
  it("a GraphQL refusal: the server's own words, status 1", () => {
    const error = new CombinedError({
      graphQLErrors: [new GraphQLError('No job with id "123"', { extensions: { code: 'NOT_FOUND' } })],
    });
    const cli = fromCombinedError(error, SERVER);
    assert.equal(cli.message, 'No job with id "123"');
    assert.equal(cli.exitCode, EXIT_REFUSED);
  });

  it('several GraphQL errors: each message once', () => {
    const error = new CombinedError({ graphQLErrors: [new GraphQLError('a'), new GraphQLError('b'), new GraphQLError('a')] });
    assert.equal(fromCombinedError(error, SERVER).message, 'a; b');
  });

  it('nothing listening, unknown host, a port fetch refuses: unreachable, naming the URL', () => {
    for (const [networkError, reason] of [
      [fetchFailed('ECONNREFUSED'), 'ECONNREFUSED: connection refused'],
      [fetchFailed('ENOTFOUND'), 'ENOTFOUND: unknown host'],
      [fetchFailed('UND_ERR_CONNECT_TIMEOUT'), 'UND_ERR_CONNECT_TIMEOUT: connection timed out'],
      [new TypeError('fetch failed', { cause: new Error('bad port') }), 'bad port'],
    ] as const) {
      const cli = fromCombinedError(new CombinedError({ networkError }), SERVER);
      assert.equal(cli.exitCode, EXIT_UNREACHABLE);
      assert.equal(
        cli.message,
        `cannot reach the farm server at ${SERVER} (${reason}). Is it running? Choose another with --server URL or the FARM_SERVER environment variable.`,
      );
    }
  });

  it('a host with several addresses, all refused (AggregateError): unreachable', () => {
    const aggregate = new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], 'all failed');
    assert.equal(unreachableReason(new TypeError('fetch failed', { cause: aggregate })), 'ECONNREFUSED: connection refused');
  });

  it('an HTTP error from something that is not the farm: a refusal with the status, not "unreachable"', () => {
    const response = { status: 404 } as Response;
    const cli = fromCombinedError(new CombinedError({ networkError: new Error('Not Found'), response }), SERVER);
    assert.equal(cli.exitCode, EXIT_REFUSED);
    assert.equal(cli.message, `the server at ${SERVER} answered with an error (HTTP 404): Not Found`);
  });

  it('fetch errors of downloads and uploads go the same way', () => {
    assert.equal(fromFetchError(fetchFailed('ECONNRESET'), SERVER).exitCode, EXIT_UNREACHABLE);
    assert.equal(fromFetchError(new Error('disk full'), SERVER).exitCode, EXIT_REFUSED);
    const own = new CliError('mine', 7);
    assert.equal(fromFetchError(own, SERVER), own);
  });
});

describe('the server URL', () => {
  it('comes from --server, else FARM_SERVER, else the server’s default port here', () => {
    assert.equal(resolveServerUrl('http://a:1/', { FARM_SERVER: 'http://b:2' }), 'http://a:1');
    assert.equal(resolveServerUrl(undefined, { FARM_SERVER: 'http://b:2' }), 'http://b:2');
    assert.equal(resolveServerUrl(undefined, {}), 'http://127.0.0.1:8000');
    assert.throws(() => resolveServerUrl('render-server:8000', {}), (e: CliError) => e.exitCode === EXIT_USAGE && /http:\/\/ or https:\/\//.test(e.message));
  });
});

/** A run of `farm` with captured streams and no server: only what fails before any request. */
async function farm(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const stream = (append: (text: string) => void) =>
    ({ isTTY: false, write: (text: string) => (append(text), true) }) as unknown as NodeJS.WriteStream;
  const io: CliIo = {
    stdout: stream((t) => (stdout += t)),
    stderr: stream((t) => (stderr += t)),
    env: {},
    interrupted: new AbortController().signal,
    now: () => 0,
  };
  const status = await runFarm(argv, io);
  return { status, stdout, stderr };
}

describe('the command line', () => {
  it('finds the command among global options, wherever they are', () => {
    assert.equal(findCommandIndex(['jobs']), 0);
    assert.equal(findCommandIndex(['--server', 'http://x', 'jobs', '--json']), 2);
    assert.equal(findCommandIndex(['--json', '--server=http://x', 'watch', 'j1']), 2);
    assert.equal(findCommandIndex(['--json']), -1);
  });

  it('--help and help COMMAND print usage on stdout and exit 0', async () => {
    const top = await farm('--help');
    assert.equal(top.status, 0);
    assert.match(top.stdout, /^Usage: farm COMMAND/);
    assert.match(top.stdout, /FARM_SERVER/);
    assert.match(top.stdout, /4 {4}submit\/watch: the job FAILED/);
    for (const args of [['submit', '--help'], ['help', 'submit'], ['--server', 'http://x', 'submit', '-h']]) {
      const run = await farm(...args);
      assert.equal(run.status, 0, args.join(' '));
      assert.match(run.stdout, /^Usage: farm submit FILE --frames RANGE/);
      assert.match(run.stdout, /--timeout SECONDS/);
    }
  });

  it('usage errors exit 2 with the message and the usage line on stderr, nothing on stdout', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^farm: which command\?/],
      [['frobnicate'], /^farm: unknown command "frobnicate"; the commands are submit, watch, jobs/],
      [['submit'], /^farm: submit: which \.blend file\?[^]*Usage: farm submit FILE/],
      [['submit', 'x.blend'], /--frames is required/],
      [['submit', 'x.blend', '--frames', '1-2', '--bogus'], /Unknown option '--bogus'/],
      [['watch'], /^farm: watch: which job\?/],
      [['pause', 'a', 'b'], /one job id, got 2 arguments/],
      [['download', 'job'], /Give --out DIR/],
      [['jobs', 'extra'], /jobs takes no arguments/],
      [['jobs', '--server', 'ftp://x'], /must be an http:\/\/ or https:\/\/ URL/],
    ];
    for (const [argv, message] of cases) {
      const run = await farm(...argv);
      assert.equal(run.status, EXIT_USAGE, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
  });
});
