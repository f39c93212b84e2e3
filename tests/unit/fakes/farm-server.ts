/**
 * A fake farm server for unit tests of the worker agent: an in-memory AgentClient whose
 * mutations are answered from a script and whose subscriptions the test feeds. It records
 * every call, so a test asserts what the worker sent, and lets a test wait for a call.
 */
import { type AnyVariables, CombinedError, type TypedDocumentNode } from '@urql/core';
import { GraphQLError, Kind } from 'graphql';
import type { AgentClient, ServerAnswer } from '../../../worker/agent-client.ts';
import { Waits } from './waits.ts';

export type Variables = Record<string, unknown>;

/** How the fake answers one operation: from its variables and how many such calls came before. */
export type Answer = (variables: Variables, call: number) => ServerAnswer<unknown> | Promise<ServerAnswer<unknown>>;

export interface Call {
  operation: string;
  variables: Variables;
}

type Listener = (result: ServerAnswer<unknown>) => void;

/** The server refusing a request, as Yoga does: a GraphQL error with `extensions.code`. */
export function refused(code: string, message = `refused: ${code}`): ServerAnswer<never> {
  return { error: new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code } })] }) };
}

/** A request that never reached the server (it is down). */
export function unreachable(): ServerAnswer<never> {
  const networkError = new Error('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  return { error: new CombinedError({ networkError }) };
}

export const WORKER_TOKEN = (n: number) => `token-${n}`;
export const WORKER_ID = (n: number) => `worker-${n}`;

/**
 * The answer to the worker's `n`-th registration (1, 2 …): worker-n with token-n, heartbeats
 * asked every `heartbeatIntervalSeconds`, by default so seldom that none falls in a test.
 */
export function registered(n: number, variables: Variables, heartbeatIntervalSeconds = 3600): ServerAnswer<unknown> {
  return { data: { registerWorker: { token: WORKER_TOKEN(n), heartbeatIntervalSeconds, worker: { id: WORKER_ID(n), name: variables.name } } } };
}

/** The server taking an upload. */
export function uploadTaken(): ServerAnswer<unknown> {
  return { data: { uploadFrame: { id: 'frame', status: 'DONE', outputUrl: '/files/frame.png' } } };
}

/** A server that registers workers (worker-1, worker-2 …) and takes every report and upload. */
function acceptingEverything(): Record<string, Answer> {
  return {
    RegisterWorker: (variables, call) => registered(call + 1, variables),
    Heartbeat: (variables) => ({ data: { heartbeat: { id: variables.workerId, status: 'IDLE', lastHeartbeatAt: new Date().toISOString() } } }),
    SignOff: (variables) => ({ data: { signOff: { id: variables.workerId, status: 'OFFLINE' } } }),
    ReportFrameProgress: () => ({ data: { reportFrameProgress: { id: 'frame', status: 'RENDERING' } } }),
    ReportFrameFailure: () => ({ data: { reportFrameFailure: { id: 'frame', status: 'QUEUED' } } }),
    UploadFrame: uploadTaken,
  };
}

function operationName(document: TypedDocumentNode<unknown, never>): string {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const name = operation && 'name' in operation ? operation.name?.value : undefined;
  if (!name) throw new Error('the fake server answers named operations only');
  return name;
}

export class FakeFarmServer implements AgentClient {
  /** Every mutation the worker sent, in order. */
  readonly calls: Call[] = [];
  /** Every subscription the worker opened, in order. */
  readonly subscriptions: Call[] = [];
  /** The tokens the worker gave its client, in order. */
  readonly tokens: Array<string | null> = [];
  closed = false;
  private readonly script: Record<string, Answer>;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly waits: Waits;

  /** `waitLimitMs`: how long `hasSent` and `hasOpened` wait before they fail, saying what did not come. */
  constructor(script: Record<string, Answer> = {}, { waitLimitMs = 5_000 } = {}) {
    this.script = { ...acceptingEverything(), ...script };
    this.waits = new Waits(waitLimitMs, () => `the worker sent ${this.calls.map((c) => c.operation).join(', ') || 'nothing'}`);
  }

  /** Answers `operation` differently from now on. */
  answer(operation: string, answer: Answer): void {
    this.script[operation] = answer;
  }

  /** The mutations of one operation the worker sent, in order. */
  sent(operation: string): Variables[] {
    return this.calls.filter((c) => c.operation === operation).map((c) => c.variables);
  }

  /** The subscriptions of one operation the worker opened, in order. */
  opened(operation: string): Variables[] {
    return this.subscriptions.filter((c) => c.operation === operation).map((c) => c.variables);
  }

  /** Resolves once the worker has sent `count` mutations of `operation`. */
  hasSent(operation: string, count = 1): Promise<void> {
    return this.waits.until(`${count} × ${operation}`, () => this.sent(operation).length >= count);
  }

  /** Resolves once the worker has opened `count` subscriptions of `operation`, and listens to one. */
  hasOpened(operation: string, count = 1): Promise<void> {
    return this.waits.until(`${count} × ${operation} subscription`, () => this.opened(operation).length >= count && this.listenersOf(operation).length > 0);
  }

  /** A result on every open subscription of `operation`. */
  send(operation: string, data: unknown): void {
    for (const listener of this.listenersOf(operation)) listener({ data });
  }

  /** Ends every open subscription of `operation` with `error`. */
  fail(operation: string, error: CombinedError): void {
    for (const listener of this.listenersOf(operation)) listener({ error });
  }

  async mutation<Data, V extends AnyVariables>(document: TypedDocumentNode<Data, V>, variables: V): Promise<ServerAnswer<Data>> {
    const operation = operationName(document);
    const answer = this.script[operation];
    if (!answer) throw new Error(`the fake server has no answer for ${operation}`);
    const call = this.sent(operation).length;
    this.calls.push({ operation, variables: { ...variables } });
    this.waits.changed();
    return (await answer({ ...variables }, call)) as ServerAnswer<Data>;
  }

  /** Queries are answered from the same script, and recorded with the mutations. */
  query<Data, V extends AnyVariables>(document: TypedDocumentNode<Data, V>, variables: V): Promise<ServerAnswer<Data>> {
    return this.mutation(document, variables);
  }

  subscription<Data, V extends AnyVariables>(document: TypedDocumentNode<Data, V>, variables: V) {
    const operation = operationName(document);
    return {
      subscribe: (onResult: (result: ServerAnswer<Data>) => void) => {
        const listener = onResult as Listener;
        const live = this.listeners.get(operation) ?? new Set<Listener>();
        this.listeners.set(operation, live.add(listener));
        this.subscriptions.push({ operation, variables: { ...variables } });
        this.waits.changed();
        return { unsubscribe: () => live.delete(listener) };
      },
    };
  }

  authenticate(token: string | null): void {
    this.tokens.push(token);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private listenersOf(operation: string): Listener[] {
    return [...(this.listeners.get(operation) ?? [])];
  }
}
