/**
 * What a worker's frame upload leaves in jobs/<job>/: an accepted delivery is stored byte
 * for byte; a delivery the farm stops wanting while its file streams in (the job was
 * canceled or deleted meanwhile, or another worker's upload of the frame was taken first)
 * leaves no file of its own, in jobs/ nor in incoming/.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { print } from 'graphql';
import { createFarmClient, type FarmClient } from '../../common/client.ts';
import { PollJob, RegisterWorker, UploadFrame } from '../../worker/graphql/operations.ts';
import { filesUnder, ok, startFarm, submitJob, type TestFarm } from '../support/farm.ts';
import { CancelJob, DeleteJob, RequeueFrames } from '../support/operations.ts';
import { scene, startHeldUpload } from '../support/uploads.ts';

/** A frame's bytes: the server stores what it is sent without reading it, so any bytes are a frame here. */
const render = () => crypto.randomBytes(256 * 1024);

type Name = 'alpha' | 'beta';

describe('uploadFrame stores an accepted frame and nothing of a refused one', () => {
  let farm: TestFarm;
  let jobId: string;
  const clients: FarmClient[] = [];
  const workers = new Map<Name, { id: string; token: string; client: FarmClient }>();

  const jobFiles = (id: string) => filesUnder(path.join(farm.config.dataDir, 'jobs', id));
  const incoming = () => filesUnder(path.join(farm.config.dataDir, 'incoming'));

  async function poll(name: Name): Promise<{ jobId: string; frameNumber: number }> {
    const worker = workers.get(name)!;
    const assignment = ok(await worker.client.client.mutation(PollJob, { workerId: worker.id }).toPromise()).pollJob;
    assert.ok(assignment, `${name} gets a frame`);
    return { jobId: assignment.jobId, frameNumber: assignment.frameNumber };
  }

  function upload(name: Name, job: string, frameNumber: number, bytes: Buffer) {
    const file = new File([Uint8Array.from(bytes)], `${String(frameNumber).padStart(4, '0')}.png`);
    return workers.get(name)!.client.client.mutation(UploadFrame, { jobId: job, frameNumber, file, renderTimeMs: 1000 }).toPromise();
  }

  /** alpha's upload, held halfway while the server stores it. */
  function holdUpload(job: string, frameNumber: number, bytes: Buffer) {
    return startHeldUpload(
      farm.url,
      { query: print(UploadFrame), variables: { jobId: job, frameNumber, file: null }, fileVariable: 'variables.file', fileName: 'frame.png' },
      bytes,
      { token: workers.get('alpha')!.token, incomingDir: path.join(farm.config.dataDir, 'incoming') },
    );
  }

  before(async () => {
    farm = await startFarm({ heartbeatIntervalS: 600, workerTimeoutS: 1200 });
    jobId = ok(await submitJob(farm.farm, await scene(), { name: 'Delivery', totalFrames: 4, outputFormat: 'PNG' })).submitJob.id;
    for (const name of ['alpha', 'beta'] as const) {
      const registration = ok(await farm.farm.client.mutation(RegisterWorker, { name }).toPromise()).registerWorker;
      const client = createFarmClient({ serverUrl: farm.url, token: () => registration.token });
      clients.push(client);
      workers.set(name, { id: registration.worker.id, token: registration.token, client });
    }
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await farm?.stop();
  });

  it('an accepted delivery is stored in jobs/<job>/, byte for byte', async () => {
    assert.deepEqual(await poll('alpha'), { jobId, frameNumber: 1 });
    const bytes = render();
    const result = ok(await upload('alpha', jobId, 1, bytes));
    assert.equal(result.uploadFrame.status, 'DONE');
    assert.deepEqual(await jobFiles(jobId), ['0001.png']);
    assert.ok((await fs.readFile(path.join(farm.config.dataDir, 'jobs', jobId, '0001.png'))).equals(bytes));
    assert.deepEqual(await incoming(), []);
  });

  it('an upload that streamed in while another worker delivered the frame is acknowledged and leaves the stored file as taken', async () => {
    assert.deepEqual(await poll('alpha'), { jobId, frameNumber: 2 });
    const late = await holdUpload(jobId, 2, render());
    // Frame 2 goes to beta, whose upload is taken first.
    ok(await farm.farm.client.mutation(RequeueFrames, { jobId, frames: [2] }).toPromise());
    assert.deepEqual(await poll('beta'), { jobId, frameNumber: 2 });
    const taken = render();
    assert.equal(ok(await upload('beta', jobId, 2, taken)).uploadFrame.status, 'DONE');

    const { body } = await late.finish();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    assert.equal((body.data?.uploadFrame as { status: string }).status, 'DONE');
    assert.deepEqual(await jobFiles(jobId), ['0001.png', '0002.png']);
    assert.ok((await fs.readFile(path.join(farm.config.dataDir, 'jobs', jobId, '0002.png'))).equals(taken), 'the file taken first stays');
    assert.deepEqual(await incoming(), []);
  });

  it('a delivery refused after streaming, the job canceled meanwhile, leaves no file', async () => {
    assert.deepEqual(await poll('alpha'), { jobId, frameNumber: 3 });
    const held = await holdUpload(jobId, 3, render());
    ok(await farm.farm.client.mutation(CancelJob, { jobId }).toPromise());

    const { body } = await held.finish();
    const [error] = body.errors ?? [];
    assert.equal(error?.extensions?.code, 'CONFLICT', JSON.stringify(body));
    assert.match(error.message, /frame 3 of job .* is CANCELED: its upload is not wanted/);
    assert.deepEqual(await jobFiles(jobId), ['0001.png', '0002.png']);
    assert.deepEqual(await incoming(), []);
  });

  it('a delivery refused after streaming, the job deleted meanwhile, leaves no folder for the job', async () => {
    const other = ok(await submitJob(farm.farm, await scene(), { name: 'Deleted', totalFrames: 1, outputFormat: 'PNG' })).submitJob.id;
    assert.deepEqual(await poll('alpha'), { jobId: other, frameNumber: 1 });
    const held = await holdUpload(other, 1, render());
    ok(await farm.farm.client.mutation(DeleteJob, { jobId: other }).toPromise());

    const { body } = await held.finish();
    const [error] = body.errors ?? [];
    assert.equal(error?.extensions?.code, 'CONFLICT', JSON.stringify(body));
    assert.match(error.message, new RegExp(`there is no job ${other}`));
    assert.deepEqual(await fs.readdir(path.join(farm.config.dataDir, 'jobs')), [jobId]);
    assert.deepEqual(await incoming(), []);
  });
});
