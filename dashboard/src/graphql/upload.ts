import { stringifyDocument } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export interface GraphQLErrorInfo {
  message: string;
  /** `extensions.field`: the input the server found at fault, e.g. "frameEnd". */
  field: string | null;
  code: string | null;
}

export interface UploadResult<Data> {
  data: Data | null;
  errors: GraphQLErrorInfo[];
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends one operation with files as a GraphQL multipart request (operations, map, then the
 * files: graphql-multipart-request-spec). Through XMLHttpRequest, because fetch cannot
 * report how much of a request body has been sent, and a .blend can be gigabytes.
 * `files` maps a variable path ("input.file") to the file sent in its place.
 */
export function uploadOperation<Data, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  files: Record<string, File>,
  { onProgress, signal, url = '/graphql' }: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal; url?: string } = {},
): Promise<UploadResult<Data>> {
  const body = new FormData();
  const paths = Object.keys(files);
  body.append('operations', JSON.stringify({ query: stringifyDocument(document), variables: withNulls(variables, paths) }));
  body.append('map', JSON.stringify(Object.fromEntries(paths.map((path, i) => [String(i), [`variables.${path}`]]))));
  paths.forEach((path, i) => body.append(String(i), files[path] as File, (files[path] as File).name));

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.setRequestHeader('accept', 'application/graphql-response+json, application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      const payload = parseResponse<Data>(xhr.responseText);
      if (!payload) {
        resolve({ data: null, errors: [{ message: `The server answered HTTP ${xhr.status} ${xhr.statusText}`.trim(), field: null, code: null }] });
        return;
      }
      resolve({
        data: payload.data ?? null,
        errors: (payload.errors ?? []).map((error) => ({
          message: error.message,
          field: typeof error.extensions?.field === 'string' ? error.extensions.field : null,
          code: typeof error.extensions?.code === 'string' ? error.extensions.code : null,
        })),
      });
    };
    xhr.onerror = () => reject(new Error('The upload failed: the server could not be reached'));
    xhr.onabort = () => reject(new DOMException('The upload was canceled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

interface ResponseBody<Data> {
  data?: Data | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

function parseResponse<Data>(text: string): ResponseBody<Data> | null {
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' ? (body as ResponseBody<Data>) : null;
  } catch {
    return null;
  }
}

/** The variables with null at each file's path, as the spec wants them. */
function withNulls(variables: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(variables);
  for (const path of paths) {
    const keys = path.split('.');
    let target = copy as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[keys[keys.length - 1] as string] = null;
  }
  return copy;
}
