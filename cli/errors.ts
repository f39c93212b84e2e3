import type { CombinedError } from '@urql/core';
import { EXIT_REFUSED, EXIT_UNREACHABLE, EXIT_USAGE } from './exit-codes.ts';

/** A failure the user should read: `farm: <message>`, then exit with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_REFUSED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line is wrong; main prints the command's usage line after the message. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

/** Error codes Node (and undici, its fetch) give when nothing answers at an address. */
const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

/**
 * Why `error` (or an error in its `cause` chain) means the server is not reachable; null if
 * it does not. Node's fetch fails every network-level problem as `TypeError: fetch failed`
 * with the reason as its cause (a socket error, or e.g. "bad port" for ports fetch refuses).
 */
export function unreachableReason(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in UNREACHABLE_CODES) return `${code}: ${UNREACHABLE_CODES[code]}`;
    // AggregateError from a host with several addresses (IPv4 and IPv6), all refused.
    if (e instanceof AggregateError && e.errors.length > 0) {
      const inner = unreachableReason(e.errors[0]);
      if (inner) return inner;
    }
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : 'network error';
  }
  return null;
}

export function unreachableError(serverUrl: string, reason: string): CliError {
  return new CliError(
    `cannot reach the farm server at ${serverUrl} (${reason}). Is it running? ` +
      'Choose another with --server URL or the FARM_SERVER environment variable.',
    EXIT_UNREACHABLE,
  );
}

/**
 * An urql error as the user should read it: the server's own words for GraphQL errors
 * (`No job with id "123"`), EXIT_UNREACHABLE naming the URL when nothing answered there.
 */
export function fromCombinedError(error: CombinedError, serverUrl: string): CliError {
  if (error.networkError) {
    const reason = unreachableReason(error.networkError);
    if (reason) return unreachableError(serverUrl, reason);
    const status = error.response && typeof (error.response as { status?: unknown }).status === 'number'
      ? ` (HTTP ${(error.response as { status: number }).status})`
      : '';
    return new CliError(`the server at ${serverUrl} answered with an error${status}: ${error.networkError.message}`);
  }
  const messages = [...new Set(error.graphQLErrors.map((e) => e.message))];
  return new CliError(messages.length > 0 ? messages.join('; ') : error.message);
}

/** A failed fetch (download, upload) as a CliError: unreachable when nothing answered. */
export function fromFetchError(error: unknown, serverUrl: string): CliError {
  if (error instanceof CliError) return error;
  const reason = unreachableReason(error);
  if (reason) return unreachableError(serverUrl, reason);
  return new CliError(error instanceof Error ? error.message : String(error));
}
