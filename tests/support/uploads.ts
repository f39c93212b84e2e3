/**
 * GraphQL multipart uploads sent by hand, as any HTTP client would send them, for the tests
 * of what the farm does with an upload: refused, cut off, too large, or refused after the
 * file has streamed in. And the small files and scene those tests upload.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { makeScene } from './blender.ts';
import { filesUnder, tempDir } from './farm.ts';
import { waitFor } from './processes.ts';

/** A 1x1 PNG: a real image, so "not a .blend" is refused for its content, not for being junk. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; field?: string };
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorBody[];
}

let scenePromise: Promise<string> | undefined;
/** One real .blend per test file (Blender takes about a second to write it). */
export function scene(): Promise<string> {
  scenePromise ??= tempDir('uploads').then((dir) => makeScene({ out: path.join(dir, 'shot.blend'), frames: 3 }));
  return scenePromise;
}

export const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One operation with one file: which variable the file goes in, and the file's name. */
export interface UploadOperation {
  query: string;
  /** The variables, with the file's variable given as null (the multipart spec's placeholder). */
  variables: Record<string, unknown>;
  /** Where the file goes, as the spec's map names it, e.g. "variables.input.file". */
  fileVariable: string;
  fileName: string;
}

/** The multipart body up to the file's bytes: the spec's operations, map, then the file part's headers. */
export function multipartPreamble(boundary: string, operation: UploadOperation): string {
  const operations = JSON.stringify({ query: operation.query, variables: operation.variables });
  return (
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n${JSON.stringify({ 0: [operation.fileVariable] })}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="${operation.fileName}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n'
  );
}

/** The start of a raw HTTP multipart request (headers and preamble) whose file is still to come. */
export function multipartHead(port: number, boundary: string, contentLength: number, operation: UploadOperation): Buffer {
  const headers =
    'POST /graphql HTTP/1.1\r\n' +
    `Host: 127.0.0.1:${port}\r\n` +
    `Content-Type: multipart/form-data; boundary=${boundary}\r\n` +
    `Content-Length: ${contentLength}\r\n` +
    'Connection: close\r\n\r\n';
  return Buffer.concat([Buffer.from(headers), Buffer.from(multipartPreamble(boundary, operation))]);
}

export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

export function write(socket: net.Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
}

export interface HeldUpload {
  /** Sends the rest of the file and the closing boundary; resolves with the server's answer. */
  finish(): Promise<{ status: number; body: GraphQLBody }>;
}

/**
 * Starts an upload of `file` and holds it halfway, once the server is storing it in
 * `incomingDir` (so the resolver has accepted the request and is receiving the file): the
 * test changes the farm meanwhile, then finishes the upload.
 */
export async function startHeldUpload(
  url: string,
  operation: UploadOperation,
  file: Buffer,
  opts: { token?: string; incomingDir: string },
): Promise<HeldUpload> {
  const boundary = `held-${crypto.randomUUID()}`;
  const preamble = Buffer.from(multipartPreamble(boundary, operation));
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
  const request = http.request(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': preamble.length + file.length + closing.length,
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
  });
  const answered = new Promise<{ status: number; body: GraphQLBody }>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLBody }));
      response.once('error', reject);
    });
  });
  // Caught here so a refusal before finish() is reported by finish(), not as an unhandled rejection.
  answered.catch(() => {});
  const half = Math.floor(file.length / 2);
  request.write(Buffer.concat([preamble, file.subarray(0, half)]));
  await waitFor('the server to start receiving the file', async () => (await filesUnder(opts.incomingDir)).length > 0, {
    timeoutMs: 10_000,
    intervalMs: 20,
  });
  return {
    finish: async () => {
      request.end(Buffer.concat([file.subarray(half), closing]));
      return answered;
    },
  };
}
