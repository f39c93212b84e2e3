import type { CombinedError } from '@urql/core';
import type { Logger } from 'pino';
import { type AgentClient, describe, errorCode, isNetworkError, type SubscriptionSource } from './agent-client.ts';
import { sleep } from '../common/client.ts';
import { Heartbeat } from './graphql/operations.ts';
import type { Registration, WorkerRegistration } from './registration.ts';
import type { ServerCalls } from './server-calls.ts';

/** Between heartbeats until the server has said how often it wants them. */
const DEFAULT_HEARTBEAT_INTERVAL_S = 10;

/**
 * Passes each result of a subscription to `onData` until the subscription fails (resolves
 * with the error) or `until` aborts (resolves with null).
 */
function listen<Data>(source: SubscriptionSource<Data>, until: AbortSignal, onData: (data: Data) => void): Promise<CombinedError | null> {
  return new Promise((resolve) => {
    if (until.aborted) return resolve(null);
    // Set once `subscribe` returns, which may be after the subscription failed.
    const live: { subscription?: { unsubscribe(): void } } = {};
    let ended = false;
    const end = (error: CombinedError | null): void => {
      if (ended) return;
      ended = true;
      until.removeEventListener('abort', onAbort);
      live.subscription?.unsubscribe();
      resolve(error);
    };
    const onAbort = (): void => end(null);
    until.addEventListener('abort', onAbort, { once: true });
    live.subscription = source.subscribe((result) => {
      if (result.error) end(result.error);
      else if (result.data && !ended) onData(result.data);
    });
    if (ended) live.subscription.unsubscribe();
  });
}

/**
 * The worker's standing with the server while it runs: its heartbeat, and its subscriptions
 * kept open through failures, refusals and new registrations.
 */
export class Connection {
  constructor(
    private readonly client: AgentClient,
    private readonly registration: WorkerRegistration,
    private readonly calls: ServerCalls,
    private readonly log: Logger,
  ) {}

  /** Heartbeats at the interval the server asked for, until `signal` aborts. */
  async heartbeats(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep((this.registration.current?.heartbeatIntervalSeconds ?? DEFAULT_HEARTBEAT_INTERVAL_S) * 1000, signal);
      const registration = this.registration.current;
      if (signal.aborted || !registration) continue;
      try {
        await this.heartbeat(registration, signal);
      } catch (error) {
        // A heartbeat that goes wrong in an unforeseen way must not take the worker down.
        this.log.error({ err: error }, 'heartbeat failed');
      }
    }
  }

  /**
   * Keeps one of the worker's subscriptions open until `signal` aborts: subscribes again with
   * backoff when it fails, registers again when the server no longer accepts this worker,
   * and subscribes again as the new worker whenever the registration changed.
   */
  async keepSubscribed<Data>(
    what: string,
    signal: AbortSignal,
    open: (workerId: string) => SubscriptionSource<Data>,
    onData: (data: Data) => void,
  ): Promise<void> {
    for (let failures = 0; !signal.aborted; ) {
      const registration = this.registration.current;
      if (!registration) {
        await this.registration.again(null, signal);
        continue;
      }
      const until = AbortSignal.any([signal, this.registration.changedSignal]);
      const error = await listen(open(registration.workerId), until, (data) => {
        failures = 0;
        onData(data);
      });
      if (!error || signal.aborted) continue;
      if (errorCode(error) === 'UNAUTHENTICATED' || errorCode(error) === 'FORBIDDEN') {
        this.log.warn(`the server refused this worker's ${what} subscription (${describe(error)}); registering again`);
        await this.registration.again(registration, signal);
      } else {
        const delay = this.calls.retryDelayMs(failures++);
        this.log.warn(`the ${what} subscription ended (${describe(error)}); subscribing again in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay, signal);
      }
    }
  }

  private async heartbeat(registration: Registration, signal: AbortSignal): Promise<void> {
    const result = await this.client.mutation(Heartbeat, { workerId: registration.workerId });
    if (!result.error) {
      this.calls.answered();
    } else if (isNetworkError(result.error)) {
      this.calls.missed(result.error);
    } else if (errorCode(result.error) === 'UNAUTHENTICATED') {
      this.log.warn(`the server no longer knows this worker (${describe(result.error)}); registering again`);
      await this.registration.again(registration, signal);
    } else {
      this.log.warn(`heartbeat refused: ${describe(result.error)}`);
    }
  }
}
