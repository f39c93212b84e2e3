/**
 * The CLI's streamed upload body is a GraphQL multipart request the server's own parser
 * (graphql-upload-minimal, as server/app.ts runs it) reads back exactly: operations, map,
 * the file's bytes and name. Its length is known before it is sent, and each file chunk is
 * counted as it is taken.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { type FileUpload, processRequest, type Upload } from 'graphql-upload-minimal';
import { multipartBody, multipartEnvelope, newBoundary } from '../../cli/upload.ts';

const QUERY = 'mutation CliSubmitJob($input: SubmitJobInput!) { submitJob(input: $input) { id } }';

/** A file in chunks, as fs.createReadStream gives it. */
async function* chunksOf(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Array.fromAsync, which Node 20 does not have. */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function parse(body: Buffer, contentType: string) {
  const request = Object.assign(Readable.from([body]), { headers: { 'content-type': contentType } }) as unknown as IncomingMessage;
  const operations = (await processRequest(request, {} as ServerResponse, { maxFiles: 1 })) as {
    query: string;
    variables: { input: { name: string; frameStart: number; file: Upload } };
  };
  const upload: FileUpload = await operations.variables.input.file.promise;
  return { operations, upload, bytes: await buffer(upload.createReadStream()) };
}

describe('the multipart upload body', () => {
  const file = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
  const variables = { input: { name: 'Shot 010', frameStart: 1, frameEnd: 250, outputFormat: 'PNG', file: null } };

  it('is parsed by the server’s parser into the same operation, file name and bytes', async () => {
    const envelope = multipartEnvelope({ query: QUERY, variables }, { 0: ['variables.input.file'] }, { field: '0', name: 'shot.blend', size: file.length }, newBoundary());
    const body = Buffer.concat(await collect(multipartBody(envelope, chunksOf(file, 65_536), file.length)));
    assert.equal(body.length, envelope.contentLength, 'Content-Length is known before a byte is sent');
    const { operations, upload, bytes } = await parse(body, envelope.contentType);
    assert.equal(operations.query, QUERY);
    assert.equal(operations.variables.input.name, 'Shot 010');
    assert.equal(operations.variables.input.frameStart, 1);
    assert.equal(upload.filename, 'shot.blend');
    assert.equal(upload.mimetype, 'application/octet-stream');
    assert.ok(bytes.equals(file), 'the file arrives byte for byte');
  });

  it('follows the spec’s order: operations, then map, then the file', () => {
    const boundary = 'B0UNDARY';
    const envelope = multipartEnvelope({ query: QUERY, variables }, { 0: ['variables.input.file'] }, { field: '0', name: 'a.blend', size: 3 }, boundary);
    assert.equal(
      envelope.head.toString(),
      `--B0UNDARY\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: QUERY, variables })}\r\n` +
        '--B0UNDARY\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.input.file"]}\r\n' +
        '--B0UNDARY\r\nContent-Disposition: form-data; name="0"; filename="a.blend"\r\nContent-Type: application/octet-stream\r\n\r\n',
    );
    assert.equal(envelope.tail.toString(), '\r\n--B0UNDARY--\r\n');
    assert.equal(envelope.contentType, 'multipart/form-data; boundary=B0UNDARY');
  });

  it('keeps awkward file names intact: quotes escaped as browsers do, UTF-8 as is', async () => {
    for (const [name, expected] of [
      ['shot "final".blend', 'shot %22final%22.blend'],
      ['scène 010 – café.blend', 'scène 010 – café.blend'],
    ] as const) {
      const small = Buffer.from('BLENDER');
      const envelope = multipartEnvelope({ query: QUERY, variables }, { 0: ['variables.input.file'] }, { field: '0', name, size: small.length }, newBoundary());
      const body = Buffer.concat(await collect(multipartBody(envelope, chunksOf(small, 4), small.length)));
      const { upload } = await parse(body, envelope.contentType);
      assert.equal(upload.filename, expected);
    }
  });

  it('counts each file chunk as it is taken for sending, never the envelope', async () => {
    const envelope = multipartEnvelope({ query: QUERY, variables }, { 0: ['variables.input.file'] }, { field: '0', name: 'a.blend', size: file.length }, newBoundary());
    const seen: number[] = [];
    let sent = 0;
    const stream = multipartBody(envelope, chunksOf(file, 65_536), file.length, (bytes) => seen.push((sent += bytes)));
    const first = await stream.next();
    assert.ok(first.value?.equals(envelope.head));
    assert.deepEqual(seen, [], 'nothing of the file counted before it is read');
    await stream.next();
    assert.deepEqual(seen, [65_536], 'counted as each chunk goes out, not all at once');
    await collect(stream);
    assert.deepEqual(seen, [65_536, 131_072, 196_608, 200_000]);
  });

  it('fails instead of sending a body the server cannot parse when the file changed size', async () => {
    const envelope = multipartEnvelope({ query: QUERY, variables }, { 0: ['variables.input.file'] }, { field: '0', name: 'a.blend', size: 10 }, newBoundary());
    await assert.rejects(collect(multipartBody(envelope, chunksOf(Buffer.alloc(6), 4), 10)), /the file changed while it was being uploaded \(6 of 10 bytes\)/);
    await assert.rejects(collect(multipartBody(envelope, chunksOf(Buffer.alloc(16), 4), 10)), /the file grew while it was being uploaded/);
  });
});
