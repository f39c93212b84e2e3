/**
 * Plain GraphQL over fetch, for the benchmarks: strings rather than codegen documents, since
 * they read only a few fields and must keep running while the schema grows.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

export class GraphQLFailure extends Error {}

/** fetch failed before the server answered (the socket was reset or refused). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && error.message === 'fetch failed';
}

/**
 * fetch, tried again when the connection fails before an answer: a busy server may close an
 * idle keep-alive socket just as it is reused (ECONNRESET), and undici retries no POST itself.
 */
export const network = { retries: 0 };

export async function fetchRetrying(input: string, init: RequestInit, retries = 5): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fetch(input, init);
    } catch (error) {
      if (!isNetworkError(error) || attempt >= retries) throw error;
      network.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/** The data of a GraphQL response body; throws with the server's words on errors. */
function dataOf<T>(body: string, status: number): T {
  let parsed: { data?: T | null; errors?: { message: string }[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new GraphQLFailure(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
  if (parsed.errors?.length) throw new GraphQLFailure(parsed.errors.map((e) => e.message).join('; '));
  if (!parsed.data) throw new GraphQLFailure(`HTTP ${status}: no data`);
  return parsed.data;
}

/** One GraphQL request over HTTP; throws with the server's words on errors. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string, timeoutMs?: number): Promise<T> {
  const response = await fetchRetrying(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
  });
  return dataOf<T>(await response.text(), response.status);
}

/**
 * A GraphQL multipart request (the spec graphql-upload-minimal implements) with one file at
 * `filePath` (a variable path such as "variables.input.file"). The blob is read from disk as
 * it is sent, so a file of any size is fine.
 */
export async function gqlUpload<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  filePath: string,
  file: Blob,
  fileName: string,
  token?: string,
): Promise<T> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables }));
  form.set('map', JSON.stringify({ 0: [filePath] }));
  form.set('0', file, fileName);
  // A retried upload is what a real worker does too (worker/agent.ts, untilDelivered).
  const response = await fetchRetrying(`${url}/graphql`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return dataOf<T>(await response.text(), response.status);
}

/**
 * gqlUpload for big files: the multipart body written by hand over node:http, the file piped
 * from disk in 1 MiB reads. undici's FormData encoder spent ~8 CPU seconds per GiB here,
 * enough to make the client the bottleneck on 2 cores (10.2 s per GiB against curl's 4.9 s).
 */
export async function gqlUploadStreaming<T>(url: string, query: string, variables: Record<string, unknown>, filePath: string, file: string): Promise<T> {
  const boundary = `----farm-bench-${crypto.randomUUID()}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    field('operations', JSON.stringify({ query, variables })) +
      field('map', JSON.stringify({ 0: [filePath] })) +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="${path.basename(file)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = (await fsp.stat(file)).size;
  const answer = await new Promise<{ body: string; status: number }>((resolve, reject) => {
    const request = http.request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), status: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    request.write(head);
    const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
    stream.on('error', reject);
    stream.pipe(request, { end: false });
    stream.on('end', () => request.end(tail));
  });
  return dataOf<T>(answer.body, answer.status);
}

export async function workers(url: string): Promise<{ id: string; name: string; status: string }[]> {
  return (await gql<{ workers: { id: string; name: string; status: string }[] }>(url, '{ workers { id name status } }')).workers;
}
