/**
 * The one API client: openapi-fetch over the types generated from the committed OpenAPI document
 * (./api/schema.d.ts), so every path, parameter, body and answer is the API's own and a change to
 * one fails `npm run typecheck` where the UI reads it. One middleware holds what every call shares:
 * the CSRF header on writes (and one retry with a fresh token when it went stale), back to sign-in
 * on 401, and every refusal thrown as an ApiError.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api/schema.d.ts';
import { session } from './session.svelte.ts';
import { toApiError } from './api-error.ts';

export { ApiError } from './api-error.ts';
export type { RequestBody } from './api/request-body.ts';

/**
 * The typed client, whose calls answer `{ data, response }` (never `error`: the middleware throws).
 * Pages use `api`, which answers the body itself; this is for what needs the response too (a download).
 */
export const client = createClient<paths, 'application/json'>({ credentials: 'same-origin', headers: { accept: 'application/json' } });

/** A copy of each write as sent: a request's body can be read once, and a retry sends it again. */
const copies = new WeakMap<Request, Request>();

const rules: Middleware = {
  onRequest({ request }) {
    if (request.method === 'GET') return undefined;
    request.headers.set('x-csrf-token', session.csrfToken);
    copies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response, options }) {
    let res = response;
    const copy = copies.get(request);
    if (res.status === 403 && copy && toApiError(403, await res.clone().text()).code === 'csrf_invalid') {
      // The token went stale (e.g. the session was renewed in another tab): fetch a fresh one once.
      await session.refresh();
      copy.headers.set('x-csrf-token', session.csrfToken);
      res = await options.fetch(copy);
    }
    if (!res.ok) {
      const err = toApiError(res.status, await res.text());
      if (res.status === 401 && err.code === 'unauthenticated') session.expired();
      throw err;
    }
    return res;
  },
};
client.use(rules);

/** The body of a successful answer (`undefined` for 204). */
type Answer<R extends { data?: unknown }> = [Exclude<R['data'], undefined>] extends [never] ? undefined : Exclude<R['data'], undefined>;

/** A client method that answers the body; a CSRF token in it (a new session's) becomes the session's. */
function answering<A extends unknown[], R extends { data?: unknown }>(call: (...args: A) => Promise<R>): (...args: A) => Promise<Answer<R>> {
  return async (...args) => {
    const { data } = await call(...args);
    if (typeof data === 'object' && data !== null && 'csrfToken' in data && typeof data.csrfToken === 'string') session.csrfToken = data.csrfToken;
    // The middleware threw for every refusal, so this is the success answer openapi-fetch parsed.
    return data as Answer<R>;
  };
}

/** `api.GET('/api/engagements/{engagementId}', { params: { path: { engagementId } } })` answers the engagement. */
export const api = {
  GET: answering(client.GET),
  POST: answering(client.POST),
  PUT: answering(client.PUT),
  PATCH: answering(client.PATCH),
  DELETE: answering(client.DELETE),
};

/**
 * The options that send a file as the raw request body (the routes that take `rawBody`), with an
 * idempotency key where the route takes one: a retry (or a double click) stores it once.
 */
export function fileBody(file: Blob, type = file.type || 'application/octet-stream', idempotencyKey?: string) {
  return {
    body: file,
    bodySerializer: (b: Blob) => b,
    headers: { 'content-type': type, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
  };
}

/**
 * A fetch for one upload that reports the share of the file sent so far: XMLHttpRequest, not fetch,
 * since only it reports the bytes of a body as they go. It sends the request's method, URL and
 * headers with `file` as the body (so a retry sends the file again).
 */
export function fetchWithProgress(file: Blob, onProgress: (fraction: number) => void): (request: Request) => Promise<Response> {
  return (request) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    request.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      const noBody = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
      resolve(new Response(noBody ? null : xhr.responseText, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'text/plain' } }));
    };
    xhr.onerror = () => reject(new TypeError('Network request failed'));
    xhr.send(file);
  });
}

/**
 * A file answer (an evidence ZIP, asked for with `parseAs: 'stream'`), read as it streams in while
 * reporting the bytes received, and returned as a Blob with the file name the server gave.
 */
export async function download(call: Promise<{ data?: ReadableStream<Uint8Array<ArrayBuffer>> | null; response: Response }>, onProgress?: (bytes: number) => void): Promise<{ blob: Blob; fileName: string | null }> {
  const { data: stream, response } = await call;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  const reader = stream?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress?.(received);
    }
  }
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' }), fileName };
}
