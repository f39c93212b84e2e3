import type { CombinedError } from '@urql/core';
import type { Logger } from 'pino';
import { describe, isNetworkError, type ServerAnswer } from './agent-client.ts';
import { sleep } from '../common/client.ts';

/**
 * Calls to a server that may be away for a while: whether it answers, told once in the log
 * each way ("cannot reach …", "… is reachable again"), and calls retried with backoff until
 * it answers or refuses.
 */
export class ServerCalls {
  private reachable = true;

  constructor(
    private readonly serverUrl: string,
    private readonly log: Logger,
    /** How long to wait before retry `attempt` (0, 1, …). */
    readonly retryDelayMs: (attempt: number) => number,
  ) {}

  /** The server answered (refusing, maybe: it is there). */
  answered(): void {
    if (!this.reachable) this.log.info(`farm server at ${this.serverUrl} is reachable again`);
    this.reachable = true;
  }

  /** A call did not reach the server; said once, until it answers again. */
  missed(error: CombinedError): void {
    if (this.reachable) this.log.warn(`cannot reach the farm server at ${this.serverUrl} (${describe(error)}); will keep trying`);
    this.reachable = false;
  }

  /**
   * Calls `attempt` until it succeeds (its data) or is refused (throws the error); waits with
   * backoff while the server is unreachable. Null when `signal` aborted first.
   */
  async untilDelivered<T>(what: string, signal: AbortSignal, attempt: () => Promise<ServerAnswer<T>>): Promise<T | null> {
    for (let n = 0; !signal.aborted; n += 1) {
      const result = await attempt();
      if (!result.error && result.data !== undefined) {
        this.answered();
        return result.data;
      }
      const error = result.error;
      if (error && !isNetworkError(error)) throw error;
      const delay = this.retryDelayMs(n);
      this.reachable = false;
      this.log.warn(
        `cannot reach the farm server at ${this.serverUrl} (${error ? describe(error) : 'no answer'}) to ${what}; retrying in ${(delay / 1000).toFixed(1)} s`,
      );
      await sleep(delay, signal);
    }
    return null;
  }
}
