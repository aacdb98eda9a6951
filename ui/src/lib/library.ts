/** The file library's shapes as the API sends them, and uploads that report their progress. */
import { ApiError, toApiError } from './api-error.ts';
import { session } from './session.svelte.ts';

export interface LibraryFolder { id: string; name: string; parentId: string | null; staffOnly: boolean; hiddenFromClients: boolean; createdAt: string }

export interface LibraryFile {
  id: string;
  name: string;
  folderId: string | null;
  staffOnly: boolean;
  hiddenFromClients: boolean;
  /** The current version's number (also how many there are). */
  version: number;
  size: number;
  contentType: string;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
  updatedAt: string;
}

export interface LibraryVersion { version: number; name: string; size: number; contentType: string; sha256: string; uploadedBy: string | null; uploadedAt: string; note: string | null }

export interface LibraryPermissions { upload: boolean; createFolder: boolean; manage: boolean }

export interface LibraryListing {
  account: { id: string; name: string };
  folder: LibraryFolder | null;
  path: { id: string; name: string }[];
  folders: LibraryFolder[];
  files: LibraryFile[];
  allFolders: (LibraryFolder & { path: string })[];
  usage: { usedBytes: number; quotaBytes: number; maxFileBytes: number };
  permissions: LibraryPermissions;
}

export interface LibraryFileDetail { file: LibraryFile; versions: LibraryVersion[]; path: { id: string; name: string }[]; permissions: LibraryPermissions }

export const versionUrl = (fileId: string, version: number): string => `/api/library/files/${fileId}/versions/${version}/download`;

/**
 * What stops a file before it is sent: larger than the per-file limit, or than the space left.
 * The server checks both again; this only spares waiting for a refusal.
 */
export function uploadProblem(size: number, usage: LibraryListing['usage'], formatBytes: (n: number) => string): string | null {
  if (size === 0) return 'The file is empty.';
  if (size > usage.maxFileBytes) return `The file is larger than ${formatBytes(usage.maxFileBytes)}, the most one upload may be.`;
  const left = Math.max(0, usage.quotaBytes - usage.usedBytes);
  if (size > left) return `Not enough storage left: the account has ${formatBytes(left)} of its ${formatBytes(usage.quotaBytes)} free.`;
  return null;
}

function sendOnce<T>(url: string, file: File, idempotencyKey: string, onProgress: (fraction: number) => void): Promise<{ status: number; text: string; data?: T }> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest, not fetch: only it reports how much of the body has been sent.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.setRequestHeader('idempotency-key', idempotencyKey);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total); };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(file);
  });
}

/**
 * Uploads a file as the raw body (its name in ?name=) and reports the share sent so far. The
 * idempotency key makes a retry — this one after a stale CSRF token, or the user's — store it once.
 */
export async function uploadWithProgress<T>(path: string, file: File, idempotencyKey: string, onProgress: (fraction: number) => void): Promise<T> {
  const url = `${path}${path.includes('?') ? '&' : '?'}name=${encodeURIComponent(file.name)}`;
  let res = await sendOnce<T>(url, file, idempotencyKey, onProgress);
  if (res.status === 403 && toApiError(403, res.text).code === 'csrf_invalid') {
    await session.refresh();
    res = await sendOnce<T>(url, file, idempotencyKey, onProgress);
  }
  if (res.status < 200 || res.status >= 300) {
    const err = toApiError(res.status, res.text);
    if (res.status === 401 && err.code === 'unauthenticated') session.expired();
    throw err;
  }
  return JSON.parse(res.text) as T;
}

export { ApiError };
