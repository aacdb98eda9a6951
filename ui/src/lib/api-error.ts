import type { Error as ErrorBody } from './api/schema.d.ts';

/** The API's error codes (OpenAPI's `Error` schema), and `unknown` for an answer that is not that shape. */
export type ErrorCode = ErrorBody['error']['code'] | 'unknown';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: Record<string, string>;

  constructor(status: number, error: { code: ErrorCode; message: string; fields?: Record<string, string> }) {
    super(error.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code;
    this.fields = error.fields ?? {};
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Parses an error answer; anything that is not our error shape becomes a generic message. */
export function toApiError(status: number, text: string): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const fields = isRecord(error.fields) ? Object.fromEntries(Object.entries(error.fields).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    // The code is whatever the API sent: one of its documented codes.
    return new ApiError(status, { code: error.code as ErrorCode, message: error.message, fields });
  }
  return new ApiError(status, { code: status >= 500 ? 'internal' : 'unknown', message: 'Something went wrong. Please try again.' });
}
