/**
 * A GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec)
 * for one file, streamed from disk and counted as it goes: the `operations` field, the `map`
 * field, then the file. The whole body is never in memory, so a multi-GB .blend uploads in
 * constant memory; urql's own multipart support takes a Blob and says nothing of progress.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@urql/core';
import { CliError, fromFetchError } from './errors.ts';

export interface MultipartFile {
  /** The form field holding the file: a key of `map`. */
  field: string;
  /** The file name the server sees (the job's blendName). */
  name: string;
  size: number;
  contentType?: string;
}

export interface MultipartEnvelope {
  /** Everything before the file's bytes. */
  head: Buffer;
  /** Everything after them. */
  tail: Buffer;
  contentType: string;
  /** head + file + tail, known before a byte is sent. */
  contentLength: number;
}

/** A quoted form-data parameter as browsers write it (WHATWG HTML, "multipart/form-data encoding"). */
function quoteParam(value: string): string {
  return value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/**
 * The parts around the file of a multipart request carrying `operations` (the query and its
 * variables, the file's place in them null) and `map` (which variable each file fills).
 */
export function multipartEnvelope(operations: unknown, map: Record<string, string[]>, file: MultipartFile, boundary: string): MultipartEnvelope {
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    field('operations', JSON.stringify(operations)) +
      field('map', JSON.stringify(map)) +
      `--${boundary}\r\nContent-Disposition: form-data; name="${quoteParam(file.field)}"; filename="${quoteParam(file.name)}"\r\n` +
      `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    head,
    tail,
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + file.size + tail.length,
  };
}

/** A boundary that cannot occur in the JSON parts and is vanishingly unlikely in the file. */
export function newBoundary(): string {
  return `----farm-${crypto.randomBytes(16).toString('hex')}`;
}

/**
 * The body: head, the file's chunks (each reported to `onChunk` as it is taken for
 * sending), tail. Fails if the file's length is not the size the envelope was made for,
 * which would make a body the server cannot parse.
 */
export async function* multipartBody(
  envelope: MultipartEnvelope,
  file: AsyncIterable<Buffer | string>,
  expectedSize: number,
  onChunk: (bytes: number) => void = () => undefined,
): AsyncGenerator<Buffer> {
  yield envelope.head;
  let sent = 0;
  for await (const chunk of file) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    sent += buffer.length;
    if (sent > expectedSize) throw new CliError(`the file grew while it was being uploaded (over ${expectedSize} bytes)`);
    onChunk(buffer.length);
    yield buffer;
  }
  if (sent !== expectedSize) throw new CliError(`the file changed while it was being uploaded (${sent} of ${expectedSize} bytes)`);
  yield envelope.tail;
}

export interface UploadOptions<Variables> {
  serverUrl: string;
  graphqlUrl: string;
  /** The variables with the file's place in them (null): `map` points there. */
  variables: Variables;
  /** Where the file goes in the variables, e.g. `variables.input.file`. */
  filePath: string;
  file: string;
  fileName: string;
  size: number;
  signal?: AbortSignal;
  /** Bytes of the file sent so far, after each chunk. */
  onProgress?: (sentBytes: number) => void;
}

/**
 * POSTs a streamed body and resolves with the answer, which may come before the body is all
 * sent (a refusal after the first bytes): then the rest is not sent.
 *
 * node:http rather than fetch: Node 20's fetch kept every chunk of a streamed request body
 * alive until the request ended (a 400 MB upload: 500 MB RSS, even after a forced GC); with
 * node:http the CLI stays near 110 MB RSS whatever the file's size.
 */
export function postStream(
  url: string,
  headers: Record<string, string>,
  body: AsyncIterable<Buffer>,
  signal?: AbortSignal,
): Promise<{ status: number; text: string }> {
  const transport = url.startsWith('https:') ? https : http;
  // Keep-alive, so a server that answers early (a refusal after the first bytes) reads and drops
  // the rest instead of closing the connection on a body still being sent: with `Connection:
  // close` the answer was lost to EPIPE. The agent is this request's alone and destroyed after it.
  const agent = new transport.Agent({ keepAlive: true });
  const request = transport.request(url, { method: 'POST', headers, signal, agent });
  const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.once('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.once('error', reject);
    });
    request.once('error', reject);
  });
  // A send cut short by an early answer is no error of its own: the answer says what happened.
  const sent = pipeline(Readable.from(body), request).then(
    () => null,
    (error: unknown) => error,
  );
  return answered
    .then(
      (answer) => {
        if (!request.writableFinished) request.destroy();
        return answer;
      },
      async (error: unknown) => {
        await sent;
        throw error;
      },
    )
    .finally(() => agent.destroy());
}

/**
 * Sends one mutation with one file as a streamed multipart request and returns its data; a
 * GraphQL error becomes a CliError with the server's message.
 */
export async function uploadWithProgress<Data, Variables>(
  document: TypedDocumentNode<Data, Variables>,
  options: UploadOptions<Variables>,
): Promise<Data> {
  const envelope = multipartEnvelope(
    { query: print(document), variables: options.variables },
    { 0: [options.filePath] },
    { field: '0', name: options.fileName, size: options.size },
    newBoundary(),
  );
  let sent = 0;
  // 1 MiB reads: a few hundred progress updates per GB, and few syscalls.
  const fileStream = fs.createReadStream(options.file, { highWaterMark: 1024 * 1024 });
  const chunks = multipartBody(envelope, fileStream, options.size, (bytes) => {
    sent += bytes;
    options.onProgress?.(sent);
  });
  let response: { status: number; text: string };
  try {
    response = await postStream(
      options.graphqlUrl,
      {
        'content-type': envelope.contentType,
        'content-length': String(envelope.contentLength),
        accept: 'application/graphql-response+json, application/json',
      },
      chunks,
      options.signal,
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw fromFetchError(error, options.serverUrl);
  } finally {
    fileStream.destroy();
  }
  const text = response.text;
  let payload: { data?: Data | null; errors?: Array<{ message: string }> };
  try {
    payload = JSON.parse(text) as typeof payload;
  } catch {
    throw new CliError(`the server at ${options.serverUrl} answered HTTP ${response.status}: ${text.trim().slice(0, 300)}`);
  }
  if (payload.errors?.length) throw new CliError([...new Set(payload.errors.map((e) => e.message))].join('; '));
  if (!payload.data) throw new CliError(`the server at ${options.serverUrl} answered HTTP ${response.status} with no data`);
  return payload.data;
}
