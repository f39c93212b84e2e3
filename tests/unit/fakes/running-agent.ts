/**
 * A WorkerAgent running against a fake farm server and a fake renderer, in a work dir of its
 * own, with its log kept as records: what a unit test of the agent starts, acts on and stops.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import pino from 'pino';
import { WorkerAgent } from '../../../worker/agent.ts';
import type { BlendFiles } from '../../../worker/one-frame.ts';
import type { ProjectTrees } from '../../../worker/project-trees.ts';
import { FakeFarmServer } from './farm-server.ts';
import { FakeRenderer } from './frame-renderer.ts';

export const SERVER_URL = 'http://farm.test';
export const WORKER_NAME = 'node-1';
export const WORKER_TAGS = ['gpu'];
/** Where the fake cache says every .blend is; the fake renderer never opens it. */
export const CACHED_BLEND = '/cache/blends/scene.blend';

export interface RunningAgent {
  server: FakeFarmServer;
  renderer: FakeRenderer;
  workDir: string;
  /** The `msg` of every log line so far. */
  messages(): string[];
  /** Aborts the agent's signal and waits for `run` to return. */
  stop(): Promise<void>;
}

export interface AgentSetup {
  server?: FakeFarmServer;
  renderer?: FakeRenderer;
  blends?: BlendFiles;
  /** The jobs' project trees; default: under the work dir, downloading over HTTP. */
  projects?: ProjectTrees;
  /** Writes into the work dir before the agent starts (a saved registration, undelivered frames). */
  before?: (workDir: string) => Promise<void>;
}

export async function startAgent(t: TestContext, setup: AgentSetup = {}): Promise<RunningAgent> {
  const { server = new FakeFarmServer(), renderer = new FakeRenderer(), blends = { get: async () => CACHED_BLEND } } = setup;
  const workDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'farm-agent-'));
  await setup.before?.(workDir);
  const records: Array<{ msg?: string }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => records.push(JSON.parse(line) as { msg?: string }) });
  const controller = new AbortController();
  // Retries after a millisecond: the backoff's length is not what these tests are about.
  const agent = new WorkerAgent({
    serverUrl: SERVER_URL,
    name: WORKER_NAME,
    client: server,
    workDir,
    log,
    renderer,
    tags: WORKER_TAGS,
    cache: blends,
    projects: setup.projects,
    retryDelayMs: () => 1,
  });
  const running = agent.run(controller.signal);
  const stop = async (): Promise<void> => {
    controller.abort();
    await running;
  };
  t.after(async () => {
    await stop();
    await fsp.rm(workDir, { recursive: true, force: true });
  });
  return { server, renderer, workDir, messages: () => records.map((r) => r.msg ?? ''), stop };
}
