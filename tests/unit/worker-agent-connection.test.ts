/**
 * The worker agent's standing with the server, against a fake farm server: its registration
 * reused, refused or lost with a server restart, and its subscriptions made again when they
 * drop, without losing the frames it has in hand.
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assignment } from './fakes/assignments.ts';
import { FakeFarmServer, refused, registered, unreachable } from './fakes/farm-server.ts';
import { FakeRenderer, rendersAfter } from './fakes/frame-renderer.ts';
import { SERVER_URL, startAgent, WORKER_NAME } from './fakes/running-agent.ts';

/** A registration an earlier run of this worker saved, as worker-7. */
async function savedRegistration(workDir: string): Promise<void> {
  const saved = { serverUrl: SERVER_URL, name: WORKER_NAME, workerId: 'worker-7', token: 'token-7', heartbeatIntervalSeconds: 3600 };
  await fsp.writeFile(path.join(workDir, 'registration.json'), JSON.stringify(saved));
}

describe('worker agent: registration and connection', () => {
  it('rejoins with the registration an earlier run saved, registering nothing', async (t) => {
    const agent = await startAgent(t, { before: savedRegistration });
    await agent.server.hasOpened('Assignments');
    await agent.stop();
    assert.deepEqual(agent.server.sent('RegisterWorker'), []);
    assert.deepEqual(agent.server.sent('Heartbeat'), [{ workerId: 'worker-7' }]);
    assert.deepEqual(agent.server.tokens, ['token-7']);
    assert.deepEqual(agent.server.opened('Assignments'), [{ workerId: 'worker-7' }]);
    const messages = agent.messages();
    assert.ok(messages.includes(`rejoined the farm at ${SERVER_URL} as ${WORKER_NAME}`));
    assert.ok(messages.includes('--tags gpu not sent: this worker registered before; change its tags on the server (setWorkerTags)'));
  });

  it('registers again when the server refuses the saved registration (its database was reset)', async (t) => {
    const server = new FakeFarmServer({ Heartbeat: () => refused('UNAUTHENTICATED', 'unknown worker token') });
    const agent = await startAgent(t, { server, before: savedRegistration });
    await server.hasOpened('Assignments');
    await agent.stop();
    assert.deepEqual(server.sent('RegisterWorker').length, 1);
    assert.deepEqual(server.tokens, ['token-7', null, 'token-1']);
    assert.deepEqual(server.opened('Assignments'), [{ workerId: 'worker-1' }]);
    assert.ok(agent.messages().includes('the saved registration was refused (unknown worker token); registering again'));
  });

  it('registers while the server is away, with backoff, and joins once it answers', async (t) => {
    const server = new FakeFarmServer({ RegisterWorker: (variables, call) => (call < 2 ? unreachable() : registered(1, variables)) });
    const agent = await startAgent(t, { server });
    await server.hasOpened('Assignments');
    await agent.stop();
    const messages = agent.messages();
    const retry = `cannot reach the farm server at ${SERVER_URL} (connection refused) to register; retrying in 0.0 s`;
    assert.equal(messages.filter((m) => m === retry).length, 2);
    assert.ok(messages.includes(`farm server at ${SERVER_URL} is reachable again`));
    assert.ok(messages.includes(`registered with the farm at ${SERVER_URL} as ${WORKER_NAME}`));
  });

  it('registers again when its heartbeat finds the server no longer knows it, and subscribes as the new worker', async (t) => {
    const server = new FakeFarmServer({
      // Heartbeats every 2 ms for the first registration, so one falls at once.
      RegisterWorker: (variables, call) => registered(call + 1, variables, call === 0 ? 0.002 : 3600),
      Heartbeat: (_variables, call) => (call === 0 ? refused('UNAUTHENTICATED', 'unknown worker') : { data: { heartbeat: null } }),
    });
    const agent = await startAgent(t, { server });
    await server.hasOpened('Assignments', 2);
    await server.hasOpened('FrameRevocations', 2);
    await agent.stop();
    assert.deepEqual(server.sent('Heartbeat'), [{ workerId: 'worker-1' }]);
    assert.equal(server.sent('RegisterWorker').length, 2, 'one registration, however many loops found out');
    assert.deepEqual(server.tokens, ['token-1', null, 'token-2']);
    assert.deepEqual(server.opened('Assignments'), [{ workerId: 'worker-1' }, { workerId: 'worker-2' }]);
    assert.deepEqual(server.opened('FrameRevocations'), [{ workerId: 'worker-1' }, { workerId: 'worker-2' }]);
    assert.ok(agent.messages().includes('the server no longer knows this worker (unknown worker); registering again'));
  });

  it('registers again when the server refuses its subscription', async (t) => {
    const agent = await startAgent(t);
    const { server } = agent;
    await server.hasOpened('Assignments');
    server.fail('Assignments', refused('FORBIDDEN', 'not this worker').error!);
    await server.hasOpened('Assignments', 2);
    await agent.stop();
    assert.equal(server.sent('RegisterWorker').length, 2);
    assert.deepEqual(server.opened('Assignments').at(-1), { workerId: 'worker-2' });
    assert.ok(agent.messages().includes("the server refused this worker's assignments subscription (not this worker); registering again"));
  });

  it('subscribes again after its subscription drops, keeps the frame in hand and delivers it once', async (t) => {
    let finishRender = (): void => undefined;
    const renderer = new FakeRenderer([rendersAfter(new Promise((resolve) => (finishRender = resolve)))]);
    const agent = await startAgent(t, { renderer });
    const { server } = agent;
    await server.hasOpened('Assignments');
    server.send('Assignments', { assignments: assignment(1) });
    await renderer.started(1);

    server.fail('Assignments', unreachable().error!);
    await server.hasOpened('Assignments', 2);
    // As the server does on every new subscription, it sends again the frame this worker holds.
    server.send('Assignments', { assignments: assignment(1) });
    finishRender();
    await server.hasSent('UploadFrame');
    assert.ok(!renderer.requests[0]?.signal?.aborted, 'its Blender went on through the drop');
    await agent.stop();

    assert.equal(renderer.requests.length, 1, 'rendered once');
    assert.deepEqual(server.sent('UploadFrame').map((v) => v.frameNumber), [1]);
    assert.deepEqual(server.opened('Assignments'), [{ workerId: 'worker-1' }, { workerId: 'worker-1' }]);
    assert.equal(server.opened('FrameRevocations').length, 1, 'the other subscription stayed open');
    assert.equal(server.sent('RegisterWorker').length, 1, 'the same worker');
    assert.ok(agent.messages().includes('the assignments subscription ended (connection refused); subscribing again in 0.0 s'));
  });
});
