/** The file library's download links and the check an upload passes before it is sent. */
import type { LibraryListing } from './api/schema.d.ts';

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
