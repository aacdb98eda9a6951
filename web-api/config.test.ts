import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig } from './config.ts';

const prod = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), SMTP_URL: 'smtp://mail:25', PUBLIC_URL: 'https://portal.example.com' };

describe('API configuration', () => {
  it('has working development defaults: no SMTP (mail stays in the outbox), plain cookies', () => {
    const c = loadApiConfig({});
    expect(c.smtpUrl).toBeNull();
    expect(c.secureCookies).toBe(false);
    expect(c.port).toBe(3000);
  });
  it('in production turns on secure cookies and requires the secrets, naming the missing variable', () => {
    expect(loadApiConfig(prod).secureCookies).toBe(true);
    expect(() => loadApiConfig({ ...prod, SESSION_SECRET: undefined })).toThrow(/SESSION_SECRET is required/);
    expect(() => loadApiConfig({ ...prod, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET must be at least 32/);
    expect(() => loadApiConfig({ ...prod, SMTP_URL: '' })).toThrow(/SMTP_URL is required in production/);
  });
  it('refuses malformed numbers and URLs with the variable name', () => {
    expect(() => loadApiConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadApiConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadApiConfig({ PUBLIC_URL: 'portal' })).toThrow(/PUBLIC_URL/);
  });
});
