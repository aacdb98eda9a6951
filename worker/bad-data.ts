import { ApplicationFailure } from '@temporalio/common';
import { AuditInputError } from '../db/audit.ts';

/**
 * SQLSTATEs that say the data itself can never be written, so a retry can only fail the same way:
 * the whole data-exception class 22 (22021 invalid byte sequence such as a NUL, 22P05 untranslatable
 * character such as a lone surrogate in jsonb, 22001 string too long, 22P02 invalid text
 * representation, 22003 numeric out of range, 22008 datetime out of range, …), a NOT NULL or CHECK
 * constraint (23502, 23514), 54000 (a value too large for an index row), and 08P01: a NUL inside a
 * bound text parameter never reaches the type's input function, the server refuses the message
 * itself as "invalid message format" (the same bytes are refused every time). A foreign-key
 * violation (23503) and a unique violation (23505) are left to retry: the row they wait for may be
 * written by the API a moment later, and activities resolve their own duplicates by key.
 */
export function badDataSqlState(err: unknown): string | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    // The audit trail refuses what it could not store as it was given (named field): the same every time.
    if (e instanceof AuditInputError) return 'audit-input';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && (code.startsWith('22') || ['23502', '23514', '54000', '08P01'].includes(code))) return code;
  }
  return null;
}

/** The type of the non-retryable failure, for searches and alerts: `BadData`. */
export const BAD_DATA_FAILURE = 'BadData';

/**
 * Wraps every activity so an error from PostgreSQL meaning "this data can never be written"
 * becomes a non-retryable `ApplicationFailure`: the activity fails once, visibly (with the SQLSTATE
 * in its details), instead of retrying for ever, and a local activity stops failing workflow tasks.
 * Every other error passes through unchanged and keeps its retry policy.
 */
export function failBadDataOnce<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = {
      // A named function keeps the activity's name in stack traces.
      async [name](...args: never[]) {
        try {
          return await fn(...args);
        } catch (err) {
          const sqlState = badDataSqlState(err);
          if (!sqlState) throw err;
          throw ApplicationFailure.create({
            type: BAD_DATA_FAILURE, nonRetryable: true, cause: err instanceof Error ? err : undefined,
            message: `${name}: the data cannot be stored (${sqlState === 'audit-input' ? 'refused by the audit trail' : `SQLSTATE ${sqlState}`}): ${err instanceof Error ? err.message : String(err)}`,
            details: [{ sqlState, activity: name }],
          });
        }
      },
    }[name];
  }
  return wrapped as T;
}
