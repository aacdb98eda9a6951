/**
 * The API's error codes and the HTTP status each maps to. Every error a client sees has the shape
 * `{ "error": { "code", "message", "fields"? } }`.
 */
export const ERROR_STATUS = {
  /** The request body, query or path failed validation; `fields` names each bad field. */
  validation_failed: 400,
  /** The body was not valid JSON. */
  invalid_json: 400,
  /** No signed-in session. */
  unauthenticated: 401,
  /** Email or password wrong (deliberately not saying which). */
  invalid_credentials: 401,
  /** Signed in, but the role may not do this. */
  forbidden: 403,
  /** Missing or wrong CSRF token on a state-changing request. */
  csrf_invalid: 403,
  /** The item does not exist, or the caller may not know that it does. */
  not_found: 404,
  /** An invitation or reset link that is unknown, used or expired. */
  link_invalid: 404,
  /** The request conflicts with the current state (e.g. email already registered). */
  conflict: 409,
  /** New work for the account is paused by an unpaid invoice's dunning (`pause_work`); the message names the invoice. */
  work_paused: 409,
  /** A milestone can only be completed when it is the current one. */
  milestone_not_current: 409,
  /** Upload larger than allowed. */
  payload_too_large: 413,
  /** Upload of a type that is not accepted (judged by its content). */
  unsupported_media_type: 415,
  /** Throttled (sign-in, password reset, secret links, one-time codes, verification); `Retry-After` says when to try again. */
  too_many_attempts: 429,
  /** A dependency (database, Temporal) is unavailable. */
  unavailable: 503,
  /** Anything unexpected; details only in the log. */
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, opts: { fields?: Record<string, string>; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.code = code;
    this.fields = opts.fields;
    this.headers = opts.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'Item'): AppError => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You may not do this'): AppError => new AppError('forbidden', message);
