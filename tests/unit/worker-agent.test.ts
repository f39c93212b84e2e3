/**
 * The worker agent with its frames, against a fake farm server and a fake renderer: what it
 * sends the server for a frame rendered, failed, revoked, or left from an earlier run. No
 * server, no Blender; the only waits are the fakes' own (a millisecond's retry at most).
 */
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { rememberUndelivered } from '../../worker/undelivered.ts';
import { assignment } from './fakes/assignments.ts';
import { FakeFarmServer, unreachable, uploadTaken } from './fakes/farm-server.ts';
import { FakeRenderer, fails, RENDER_TIME_MS, rendersUntilStopped } from './fakes/frame-renderer.ts';
import { CACHED_BLEND, SERVER_URL, startAgent, WORKER_NAME, WORKER_TAGS } from './fakes/running-agent.ts';

/** Every file left under the worker's frames folder. */
async function framesLeft(workDir: string): Promise<string[]> {
  return fsp.readdir(path.join(workDir, 'frames'), { recursive: true }).then(
    (names) => names.filter((n) => n.includes('.')).sort(),
    () => [],
  );
}

describe('worker agent: its frames', () => {
  it('registers, then renders a frame it is assigned, streams its progress and delivers it', async (t) => {
    const agent = await startAgent(t);
    const { server, renderer, workDir } = agent;
    await server.hasOpened('Assignments');
    await server.hasOpened('FrameRevocations');
    assert.deepEqual(server.sent('RegisterWorker'), [{ name: WORKER_NAME, tags: WORKER_TAGS }]);
    assert.deepEqual(server.tokens, ['token-1']);
    assert.deepEqual(server.opened('Assignments'), [{ workerId: 'worker-1' }]);
    assert.deepEqual(server.opened('FrameRevocations'), [{ workerId: 'worker-1' }]);
    const saved: unknown = JSON.parse(await fsp.readFile(path.join(workDir, 'registration.json'), 'utf8'));
    assert.deepEqual(saved, { serverUrl: SERVER_URL, name: WORKER_NAME, workerId: 'worker-1', token: 'token-1', heartbeatIntervalSeconds: 3600 });

    server.send('Assignments', { assignments: assignment(1) });
    await server.hasSent('UploadFrame');
    const [request] = renderer.requests;
    assert.ok(request);
    assert.equal(request.blendFile, CACHED_BLEND);
    assert.equal(request.blendName, 'scene.blend');
    assert.equal(request.jobId, 'job-a');
    assert.equal(request.frame, 1);
    assert.equal(request.format, 'PNG');
    assert.equal(request.outputDir, path.join(workDir, 'frames', 'job-a'));
    assert.equal(request.timeoutMs, undefined);
    assert.deepEqual(server.sent('ReportFrameProgress'), [
      { jobId: 'job-a', frameNumber: 1, percent: 40 },
      { jobId: 'job-a', frameNumber: 1, percent: 100 },
    ]);
    const [upload] = server.sent('UploadFrame');
    assert.equal(upload?.jobId, 'job-a');
    assert.equal(upload?.frameNumber, 1);
    assert.equal(upload?.renderTimeMs, RENDER_TIME_MS);
    const file = upload?.file as File;
    assert.equal(file.name, '0001.png');
    assert.equal(await file.text(), 'pixels of frame 1');

    await agent.stop();
    assert.deepEqual(await framesLeft(workDir), [], 'the delivered frame and its note are gone');
    assert.ok(agent.messages().includes('frame delivered'));
    assert.deepEqual(server.sent('SignOff'), [{ workerId: 'worker-1' }]);
    assert.deepEqual(server.sent('ReportFrameFailure'), []);
    assert.ok(renderer.closed && server.closed, 'Blender and the connection are closed');
  });

  it('reports a render failure with Blender\'s error, its last lines and the kind, and uploads nothing', async (t) => {
    const error = 'Error: Build without OpenImageDenoiser';
    const agent = await startAgent(t, { renderer: new FakeRenderer([fails(error)]) });
    await agent.server.hasOpened('Assignments');
    agent.server.send('Assignments', { assignments: assignment(3) });
    await agent.server.hasSent('ReportFrameFailure');
    await agent.stop();
    assert.deepEqual(agent.server.sent('ReportFrameFailure'), [
      { jobId: 'job-a', frameNumber: 3, error, logTail: `Blender 3.4.1\n${error}`, kind: 'RENDER_FAILED', renderTimeMs: 800 },
    ]);
    assert.deepEqual(agent.server.sent('UploadFrame'), []);
    assert.deepEqual(await framesLeft(agent.workDir), []);
  });

  it('reports a .blend it cannot download as a render failure, without starting Blender', async (t) => {
    const blends = { get: () => Promise.reject(new Error('downloading http://farm/files/blends/x.blend failed: HTTP 404')) };
    const agent = await startAgent(t, { blends });
    await agent.server.hasOpened('Assignments');
    agent.server.send('Assignments', { assignments: assignment(2) });
    await agent.server.hasSent('ReportFrameFailure');
    await agent.stop();
    assert.deepEqual(agent.server.sent('ReportFrameFailure'), [
      {
        jobId: 'job-a',
        frameNumber: 2,
        error: 'The worker could not download the .blend: downloading http://farm/files/blends/x.blend failed: HTTP 404',
        logTail: null,
        kind: 'RENDER_FAILED',
        renderTimeMs: null,
      },
    ]);
    assert.equal(agent.renderer.requests.length, 0);
  });

  it('stops a frame revoked while it renders, neither delivers nor reports it, and goes on with the next', async (t) => {
    const renderer = new FakeRenderer([rendersUntilStopped(), fails('Error: next frame reached')]);
    const agent = await startAgent(t, { renderer });
    const { server } = agent;
    await server.hasOpened('FrameRevocations');
    server.send('Assignments', { assignments: assignment(1) });
    await renderer.started(1);
    server.send('FrameRevocations', { frameRevocations: { jobId: 'job-a', frameNumber: 1, reason: 'CANCELED', message: 'its job was canceled' } });
    server.send('Assignments', { assignments: assignment(2) });
    await server.hasSent('ReportFrameFailure');
    await agent.stop();

    assert.ok(renderer.requests[0]?.signal?.aborted, 'Blender on the revoked frame was stopped');
    assert.deepEqual(renderer.requests.map((r) => r.frame), [1, 2]);
    assert.deepEqual(server.sent('ReportFrameFailure').map((v) => v.frameNumber), [2], 'only the next frame is reported');
    assert.deepEqual(server.sent('UploadFrame'), []);
    assert.ok(agent.messages().includes('frame 1 of job job-a revoked: its job was canceled'));
  });

  it('stopping while Blender renders: Blender stopped first, nothing reported, then it signs off', async (t) => {
    const renderer = new FakeRenderer([rendersUntilStopped()]);
    const agent = await startAgent(t, { renderer });
    await agent.server.hasOpened('Assignments');
    agent.server.send('Assignments', { assignments: assignment(5) });
    await renderer.started(1);
    await agent.stop();
    assert.ok(renderer.requests[0]?.signal?.aborted);
    assert.deepEqual(agent.server.sent('ReportFrameFailure'), []);
    assert.deepEqual(agent.server.sent('UploadFrame'), []);
    assert.deepEqual(agent.server.sent('SignOff'), [{ workerId: 'worker-1' }]);
    assert.ok(agent.messages().includes('signed off from the farm'));
  });

  it('keeps trying to deliver while the server is unreachable, and says when it is back', async (t) => {
    const server = new FakeFarmServer({
      UploadFrame: (_variables, call) => (call < 2 ? unreachable() : uploadTaken()),
    });
    const agent = await startAgent(t, { server });
    await server.hasOpened('Assignments');
    server.send('Assignments', { assignments: assignment(1) });
    await server.hasSent('UploadFrame', 3);
    await agent.stop();
    assert.equal(server.sent('UploadFrame').length, 3);
    const messages = agent.messages();
    const retry = `cannot reach the farm server at ${SERVER_URL} (connection refused) to deliver frame 1 of job job-a; retrying in 0.0 s`;
    assert.equal(messages.filter((m) => m === retry).length, 2);
    assert.ok(messages.includes(`farm server at ${SERVER_URL} is reachable again`));
    assert.ok(messages.includes('frame delivered'));
    assert.deepEqual(await framesLeft(agent.workDir), []);
  });

  it('delivers at start a frame an earlier run rendered and did not deliver, without rendering it again', async (t) => {
    const before = async (workDir: string): Promise<void> => {
      const file = path.join(workDir, 'frames', 'job-a', '0004.png');
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(file, 'pixels of frame 4');
      await rememberUndelivered({ jobId: 'job-a', frameNumber: 4, renderTimeMs: 900, file });
    };
    // The upload waits until the test lets the server take it.
    let take = (): void => undefined;
    const taken = new Promise<void>((resolve) => (take = resolve));
    const server = new FakeFarmServer({ UploadFrame: () => taken.then(uploadTaken) });
    const agent = await startAgent(t, { server, before });
    await server.hasSent('UploadFrame');
    // On the new subscription the server sends again the frame this worker holds: not rendered again.
    await server.hasOpened('Assignments');
    server.send('Assignments', { assignments: assignment(4) });
    take();
    await agent.stop();
    assert.deepEqual(agent.server.sent('UploadFrame').map((v) => [v.frameNumber, v.renderTimeMs]), [[4, 900]]);
    assert.equal(agent.renderer.requests.length, 0);
    assert.ok(agent.messages().includes('frame 4 of job job-a was rendered before the worker stopped; delivering it'));
    assert.deepEqual(await framesLeft(agent.workDir), []);
  });
});
