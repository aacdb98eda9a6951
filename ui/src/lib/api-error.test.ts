import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './api-error.ts';

describe('toApiError', () => {
  it('keeps the code, message and field errors of the API error shape', () => {
    const e = toApiError(400, JSON.stringify({ error: { code: 'validation_failed', message: 'Please check the field: email', fields: { email: 'Enter a valid email address' } } }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('validation_failed');
    expect(e.fields).toEqual({ email: 'Enter a valid email address' });
    expect(e.message).toBe('Please check the field: email');
  });
  it('turns anything else (a proxy error page) into a generic message', () => {
    const e = toApiError(502, '<html>Bad gateway</html>');
    expect(e.code).toBe('internal');
    expect(e.message).toBe('Something went wrong. Please try again.');
    expect(e.fields).toEqual({});
  });
});
