import fsp from 'node:fs/promises';
import path from 'node:path';
import type { CombinedError } from '@urql/core';
import type { Logger } from 'pino';
import { type AgentClient, describe } from './agent-client.ts';
import { Heartbeat, RegisterWorker } from './graphql/operations.ts';
import type { ServerCalls } from './server-calls.ts';

/** Who this worker is on the farm; kept in WORK_DIR/registration.json across runs. */
export interface Registration {
  serverUrl: string;
  name: string;
  workerId: string;
  token: string;
  heartbeatIntervalSeconds: number;
}

export interface RegistrationOptions {
  serverUrl: string;
  name: string;
  workDir: string;
  /** Sent when the worker first registers; the server keeps them after that. */
  tags?: string[] | undefined;
  log: Logger;
}

/**
 * The worker's registration: reused from an earlier run with the same server and name, else
 * made anew; made again when the server no longer knows the worker (its database was reset,
 * or it forgot the worker), one registration at a time.
 */
export class WorkerRegistration {
  private registration: Registration | null = null;
  /** Aborted whenever the registration changes, so subscriptions are made again for the new one. */
  private changed = new AbortController();
  private registering: Promise<void> | null = null;

  constructor(
    private readonly client: AgentClient,
    private readonly calls: ServerCalls,
    private readonly opts: RegistrationOptions,
  ) {}

  /** The registration in force; null before the first, and while registering again. */
  get current(): Registration | null {
    return this.registration;
  }

  /** Aborts when the registration in force changes. */
  get changedSignal(): AbortSignal {
    return this.changed.signal;
  }

  /** Reuses the registration kept from an earlier run with the same server and name, else registers. */
  async ensure(signal: AbortSignal, forceNew = false): Promise<void> {
    const { client } = this;
    if (!forceNew) {
      const saved = await fsp
        .readFile(this.file(), 'utf8')
        .then((text) => JSON.parse(text) as Registration)
        .catch(() => null);
      if (saved && saved.serverUrl === this.opts.serverUrl && saved.name === this.opts.name) {
        this.set(saved);
        try {
          const data = await this.calls.untilDelivered('send a heartbeat', signal, () => client.mutation(Heartbeat, { workerId: saved.workerId }));
          if (data) this.rejoined(saved);
          return;
        } catch (error) {
          this.opts.log.info(`the saved registration was refused (${describe(error as CombinedError)}); registering again`);
        }
      }
    }
    this.set(null);
    const { name, tags } = this.opts;
    const data = await this.calls.untilDelivered('register', signal, () => client.mutation(RegisterWorker, { name, tags }));
    if (!data) return;
    const { registerWorker } = data;
    const registration = {
      serverUrl: this.opts.serverUrl,
      name,
      workerId: registerWorker.worker.id,
      token: registerWorker.token,
      heartbeatIntervalSeconds: registerWorker.heartbeatIntervalSeconds,
    };
    await fsp.writeFile(this.file(), JSON.stringify(registration), { mode: 0o600 });
    this.set(registration);
    this.opts.log.info({ workerId: registration.workerId, tags }, `registered with the farm at ${this.opts.serverUrl} as ${name}`);
  }

  /**
   * Registers anew after the server refused `refused`; one registration at a time, however
   * many of the heartbeat and subscription loops found out.
   */
  again(refused: Registration | null, signal: AbortSignal): Promise<void> {
    if (!this.registering) {
      if (this.registration !== refused) return Promise.resolve();
      this.registering = this.ensure(signal, true).finally(() => {
        this.registering = null;
      });
    }
    return this.registering;
  }

  private file(): string {
    return path.join(this.opts.workDir, 'registration.json');
  }

  private set(registration: Registration | null): void {
    if (registration === this.registration) return;
    this.registration = registration;
    this.changed.abort();
    this.changed = new AbortController();
    this.client.authenticate(registration?.token ?? null);
  }

  private rejoined(saved: Registration): void {
    const { log, tags, serverUrl } = this.opts;
    log.info({ workerId: saved.workerId }, `rejoined the farm at ${serverUrl} as ${saved.name}`);
    // The server keeps a worker's tags; registerWorker is the only worker call that sets them.
    if (tags?.length) log.info(`--tags ${tags.join(',')} not sent: this worker registered before; change its tags on the server (setWorkerTags)`);
  }
}
