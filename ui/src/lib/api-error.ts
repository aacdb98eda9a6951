/** The API's one error shape, parsed. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;

  constructor(status: number, body: ErrorBody | null) {
    super(body?.error?.message ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error?.code ?? 'internal';
    this.fields = body?.error?.fields ?? {};
  }
}

/** Parses an error answer; anything that is not our error shape becomes a generic message. */
export function toApiError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as ErrorBody;
    if (body && typeof body === 'object' && body.error && typeof body.error.code === 'string') return new ApiError(status, body);
  } catch {
    /* not JSON */
  }
  return new ApiError(status, { error: { code: status >= 500 ? 'internal' : 'unknown', message: 'Something went wrong. Please try again.' } });
}
