/** The one API client: same-origin fetch, CSRF header on writes, one error type. */
import { session } from './session.svelte.ts';
import { toApiError } from './api-error.ts';

export { ApiError } from './api-error.ts';

interface Raw { data: Blob; type: string; headers?: Record<string, string> }

async function send(method: string, path: string, body?: unknown, raw?: Raw): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...raw?.headers };
  if (method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
  let payload: BodyInit | undefined;
  if (raw) {
    headers['content-type'] = raw.type || 'application/octet-stream';
    payload = raw.data;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
}

export async function request<T>(method: string, path: string, body?: unknown, raw?: Raw): Promise<T> {
  let res = await send(method, path, body, raw);
  if (res.status === 403 && method !== 'GET') {
    const text = await res.clone().text();
    if (toApiError(403, text).code === 'csrf_invalid') {
      // The token went stale (e.g. the session was renewed in another tab): fetch a fresh one once.
      await session.refresh();
      res = await send(method, path, body, raw);
    }
  }
  const text = await res.text();
  if (!res.ok) {
    const err = toApiError(res.status, text);
    if (res.status === 401 && err.code === 'unauthenticated') session.expired();
    throw err;
  }
  const data = (text ? JSON.parse(text) : {}) as T & { csrfToken?: string };
  if (typeof data.csrfToken === 'string') session.csrfToken = data.csrfToken;
  return data;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  upload: <T>(path: string, file: File) => request<T>('PUT', path, undefined, { data: file, type: file.type }),
  /** Sends a file as the raw body, its name in ?name=; the key makes a retry (or a double click) store it once. */
  postFile: <T>(path: string, file: File, idempotencyKey: string) => request<T>('POST', `${path}?name=${encodeURIComponent(file.name)}`, undefined, {
    data: file, type: 'application/octet-stream', headers: { 'idempotency-key': idempotencyKey },
  }),
};

/**
 * A POST whose answer is a file (an evidence ZIP): read as it streams in, reporting the bytes received,
 * and returned as a Blob with the file name the server gave. Errors are the API's, as for `request`.
 */
export async function postForDownload(path: string, body: unknown, onProgress?: (bytes: number) => void): Promise<{ blob: Blob; fileName: string | null }> {
  let res = await send('POST', path, body);
  if (res.status === 403 && toApiError(403, await res.clone().text()).code === 'csrf_invalid') {
    await session.refresh();
    res = await send('POST', path, body);
  }
  if (!res.ok) {
    const err = toApiError(res.status, await res.text());
    if (res.status === 401 && err.code === 'unauthenticated') session.expired();
    throw err;
  }
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress?.(received);
    }
  }
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' }), fileName };
}
