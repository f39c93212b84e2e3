/**
 * What a user sees when the farm refuses a job submission, and that a refusal changes
 * nothing: every invalid submission gets a GraphQL error naming the field and leaves no
 * job, no frame and no file behind (an upload cut off halfway neither). The worker
 * operations' refusals are in worker-tokens.test.ts.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { print } from 'graphql';
import { ok, startFarm, submitJob, filesUnder, type TestFarm } from '../support/farm.ts';
import { waitFor } from '../support/processes.ts';
import { FarmTotals, SubmitJob } from '../support/operations.ts';
import {
  connect,
  type GraphQLBody,
  multipartHead as uploadHead,
  PNG_1X1,
  scene,
  sha256,
  sleep,
  type UploadOperation,
  write,
} from '../support/uploads.ts';

const MiB = 1024 * 1024;
/** Small, so "too large" costs a 2 MiB upload, yet above the ~1.1 MB scene makeScene writes. */
const MAX_UPLOAD_BYTES = 2 * MiB;
const SUBMIT_JOB = print(SubmitJob);

/** A submitJob of `input`, its .blend in the multipart request's file part. */
const submission = (input: Record<string, unknown>): UploadOperation => ({
  query: SUBMIT_JOB,
  variables: { input: { ...input, file: null } },
  fileVariable: 'variables.input.file',
  fileName: 'shot.blend',
});

/** A GraphQL multipart request (the spec's operations, map, then the file), sent as any HTTP client would. */
async function submitRaw(farm: TestFarm, input: Record<string, unknown>, file: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: SUBMIT_JOB, variables: { input: { ...input, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([Uint8Array.from(file.bytes)]), file.name);
  // A refusal comes in milliseconds; the timeout turns a hung request into a failure, not a 5-minute wait.
  const response = await fetch(`${farm.url}/graphql`, { method: 'POST', body: form, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

/** No job, no frame, and no file in blends/, incoming/ or jobs/: the farm looks untouched. */
async function assertNothingStored(farm: TestFarm, what: string): Promise<void> {
  const totals = ok(await farm.farm.client.query(FarmTotals, {}).toPromise());
  assert.deepEqual(totals.jobs, [], `${what}: no job`);
  assert.deepEqual(totals.allJobsProgress, [], `${what}: no job progress`);
  assert.equal(totals.totalFramesDone, 0, `${what}: no frame done`);
  assert.equal(await farm.app.services.db.frame.count(), 0, `${what}: no Frame row`);
  for (const dir of ['blends', 'incoming', 'jobs']) {
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, dir)), [], `${what}: ${dir}/ is empty`);
  }
}

/** The start of a multipart submitJob request whose .blend part is still to come. */
function multipartHead(port: number, boundary: string, contentLength: number, input: Record<string, unknown>): Buffer {
  return uploadHead(port, boundary, contentLength, submission(input));
}

describe('submitJob refuses invalid input and stores nothing', () => {
  let farm: TestFarm;
  let blend: Buffer;
  const files = {
    blend: () => ({ bytes: blend, name: 'shot.blend' }),
    png: () => ({ bytes: PNG_1X1, name: 'shot.blend' }),
    text: () => ({ bytes: Buffer.from('just some notes, not a scene\n'), name: 'notes.blend' }),
    empty: () => ({ bytes: new Uint8Array(0), name: 'empty.blend' }),
    // Starts like a .blend, so only its size is wrong.
    tooLarge: () => ({ bytes: Buffer.concat([Buffer.from('BLENDER-v304'), Buffer.alloc(MAX_UPLOAD_BYTES + 64 * 1024, 7)]), name: 'huge.blend' }),
  };
  const valid = { name: 'Shot 010', outputFormat: 'PNG' };

  before(async () => {
    blend = await fs.readFile(await scene());
    assert.ok(blend.length < MAX_UPLOAD_BYTES, `the test scene (${blend.length} bytes) fits under the limit`);
    farm = await startFarm({ maxUploadBytes: MAX_UPLOAD_BYTES });
  });

  after(async () => {
    await farm?.stop();
  });

  const cases: Array<{ title: string; file: keyof typeof files; input: Record<string, unknown>; field: string; says: RegExp }> = [
    { title: 'a PNG', file: 'png', input: { ...valid, totalFrames: 3 }, field: 'file', says: /not a \.blend file/ },
    { title: 'a text file', file: 'text', input: { ...valid, totalFrames: 3 }, field: 'file', says: /not a \.blend file/ },
    { title: 'an empty file', file: 'empty', input: { ...valid, totalFrames: 3 }, field: 'file', says: /the file is empty/ },
    { title: 'a file over the size limit', file: 'tooLarge', input: { ...valid, totalFrames: 3 }, field: 'file', says: /larger than the limit of 2\.1 MB \(2,097,152 bytes\)/ },
    { title: 'totalFrames 0', file: 'blend', input: { ...valid, totalFrames: 0 }, field: 'totalFrames', says: /at least 1, got 0/ },
    { title: 'totalFrames -3', file: 'blend', input: { ...valid, totalFrames: -3 }, field: 'totalFrames', says: /at least 1, got -3/ },
    { title: 'frameStart 0', file: 'blend', input: { ...valid, frameStart: 0, frameEnd: 10 }, field: 'frameStart', says: /at least 1, got 0/ },
    { title: 'frameEnd before frameStart', file: 'blend', input: { ...valid, frameStart: 10, frameEnd: 5 }, field: 'frameEnd', says: /must not be before frameStart \(10\), got 5/ },
    { title: 'frameStep 0', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 10, frameStep: 0 }, field: 'frameStep', says: /at least 1, got 0/ },
    { title: 'frameStep -1', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 10, frameStep: -1 }, field: 'frameStep', says: /at least 1, got -1/ },
    { title: 'frameStart without frameEnd', file: 'blend', input: { ...valid, frameStart: 1 }, field: 'frameEnd', says: /required with frameStart/ },
    { title: 'both totalFrames and a range', file: 'blend', input: { ...valid, totalFrames: 10, frameStart: 1, frameEnd: 10 }, field: 'totalFrames', says: /not both/ },
    { title: 'neither totalFrames nor a range', file: 'blend', input: { ...valid }, field: 'totalFrames', says: /give either totalFrames/ },
    { title: 'totalFrames 1,000,001', file: 'blend', input: { ...valid, totalFrames: 1_000_001 }, field: 'totalFrames', says: /at most 1,000,000 frames per job, got 1000001/ },
    { title: 'a range of 1,000,001 frames', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 1_000_001 }, field: 'frameEnd', says: /1,000,001 frames; at most 1,000,000/ },
    { title: 'a stepped range of 1,000,001 frames', file: 'blend', input: { ...valid, frameStart: 1, frameEnd: 2_000_001, frameStep: 2 }, field: 'frameEnd', says: /1,000,001 frames; at most 1,000,000/ },
    { title: 'an empty name', file: 'blend', input: { ...valid, name: '', totalFrames: 3 }, field: 'name', says: /the job needs a name/ },
    { title: 'a whitespace name', file: 'blend', input: { ...valid, name: ' \t  ', totalFrames: 3 }, field: 'name', says: /the job needs a name/ },
  ];

  for (const c of cases) {
    it(`refuses ${c.title}, naming ${c.field}, and stores nothing`, async () => {
      const { body } = await submitRaw(farm, c.input, files[c.file]());
      assert.equal(body.data?.submitJob ?? null, null, `no job returned: ${JSON.stringify(body)}`);
      const [error] = body.errors ?? [];
      assert.ok(error, `a GraphQL error: ${JSON.stringify(body)}`);
      assert.equal(body.errors?.length, 1);
      assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
      assert.equal(error.extensions?.field, c.field);
      assert.match(error.message, new RegExp(`^Invalid ${c.field}: `));
      assert.match(error.message, c.says);
      await assertNothingStored(farm, c.title);
    });
  }

  it('refuses an unknown outputFormat, naming outputFormat, and stores nothing', async () => {
    const { body } = await submitRaw(farm, { ...valid, outputFormat: 'GIF', totalFrames: 3 }, files.blend());
    assert.equal(body.data?.submitJob ?? null, null);
    const [error] = body.errors ?? [];
    assert.ok(error, `a GraphQL error: ${JSON.stringify(body)}`);
    assert.match(error.message, /outputFormat/);
    assert.match(error.message, /"GIF" does not exist in "OutputFormat" enum/);
    await assertNothingStored(farm, 'outputFormat GIF');
  });

  it('an upload cut off halfway leaves nothing behind', async () => {
    const port = Number(new URL(farm.url).port);
    const socket = await connect(port);
    socket.on('error', () => {});
    const boundary = `cut-${crypto.randomUUID()}`;
    const head = multipartHead(port, boundary, 10 * MiB, { ...valid, totalFrames: 3 });
    await write(socket, head);
    // Half of a real .blend: the server has started storing it when the client goes away.
    await write(socket, blend.subarray(0, Math.floor(blend.length / 2)));
    const incoming = path.join(farm.config.dataDir, 'incoming');
    await waitFor('the server to start receiving the .blend', async () => (await filesUnder(incoming)).length > 0, { timeoutMs: 5_000, intervalMs: 20 });
    socket.destroy();

    await waitFor('the partial upload to be removed', async () => (await filesUnder(incoming)).length === 0, { timeoutMs: 5_000, intervalMs: 20 });
    // Nothing turns up later either.
    await sleep(300);
    await assertNothingStored(farm, 'cut-off upload');
  });

  it('an upload that runs past the size limit is refused while it streams and leaves nothing behind', async () => {
    const port = Number(new URL(farm.url).port);
    const socket = await connect(port);
    const response: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => response.push(chunk));
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const boundary = `big-${crypto.randomUUID()}`;
    // Claims 64 MiB and keeps sending past the 2 MiB limit, as a client that ignores the limit would.
    await write(socket, multipartHead(port, boundary, 64 * MiB, { ...valid, totalFrames: 3 }));
    await write(socket, blend.subarray(0, 16));
    const chunk = Buffer.alloc(256 * 1024, 9);
    let sent = 16;
    while (sent < 4 * MiB && !socket.destroyed && response.length === 0) {
      await write(socket, chunk).catch(() => {});
      sent += chunk.length;
    }
    await waitFor('the server to answer', () => Buffer.concat(response).includes('\r\n\r\n'), { timeoutMs: 5_000, intervalMs: 20 });
    socket.destroy();
    await closed;

    const text = Buffer.concat(response).toString('utf8');
    const bodyStart = text.indexOf('\r\n\r\n') + 4;
    assert.ok(bodyStart > 3, `an HTTP response: ${text.slice(0, 500)}`);
    assert.match(text, /^HTTP\/1\.1 200 /);
    assert.match(text, /"field":"file"/);
    assert.match(text, /Invalid file: the file is larger than the limit of 2\.1 MB \(2,097,152 bytes\)/);
    await sleep(300);
    await assertNothingStored(farm, 'upload past the limit');
  });

  it('still accepts a valid .blend afterwards, keeping its sha256 and size', async () => {
    const submitted = ok(await submitJob(farm.farm, await scene(), { name: 'Shot 010', totalFrames: 3, outputFormat: 'PNG' })).submitJob;
    assert.equal(submitted.name, 'Shot 010');
    assert.equal(submitted.totalFrames, 3);
    assert.equal(submitted.blendSha256, sha256(blend));
    assert.equal(submitted.blendSize, blend.length);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'blends')), [`${sha256(blend)}.blend`]);
    assert.deepEqual(await filesUnder(path.join(farm.config.dataDir, 'incoming')), []);
    const stored = await fs.readFile(path.join(farm.config.dataDir, 'blends', `${sha256(blend)}.blend`));
    assert.ok(stored.equals(blend), 'the stored .blend is the uploaded one, byte for byte');
    assert.equal(await farm.app.services.db.frame.count({ where: { jobId: submitted.id } }), 3);
  });

  it('accepts a gzip-compressed .blend', async () => {
    const gzipped = zlib.gzipSync(blend);
    const { body } = await submitRaw(farm, { name: 'Shot 020 (gzip)', totalFrames: 2, outputFormat: 'OPEN_EXR' }, {
      bytes: gzipped,
      name: 'shot-gz.blend',
    });
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const job = body.data?.submitJob as { totalFrames: number; outputFormat: string; blendSha256: string; blendSize: number };
    assert.equal(job.totalFrames, 2);
    assert.equal(job.outputFormat, 'OPEN_EXR');
    assert.equal(job.blendSha256, sha256(gzipped));
    assert.equal(job.blendSize, gzipped.length);
    assert.deepEqual(
      await filesUnder(path.join(farm.config.dataDir, 'blends')),
      [`${sha256(blend)}.blend`, `${sha256(gzipped)}.blend`].sort(),
    );
    const totals = ok(await farm.farm.client.query(FarmTotals, {}).toPromise());
    assert.equal(totals.jobs.length, 2);
    assert.equal(await farm.app.services.db.frame.count(), 5);
  });
});
