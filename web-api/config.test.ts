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
  it('keeps files on local disk with a 5 GiB account quota by default; S3 needs a bucket and both keys or neither', () => {
    const c = loadApiConfig({ PORTICO_FILES_DIR: '/srv/files' });
    expect(c.storage).toEqual({ kind: 'local', dir: '/srv/files' });
    expect(c.accountQuotaBytes).toBe(5 * 1024 ** 3);
    expect(loadApiConfig({ PORTICO_ACCOUNT_QUOTA_BYTES: '1000' }).accountQuotaBytes).toBe(1000);
    expect(loadApiConfig({ PORTICO_STORAGE: 's3', S3_BUCKET: 'files', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }).storage).toEqual({
      kind: 's3', bucket: 'files', endpoint: 'http://minio:9000', region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    });
    expect(() => loadApiConfig({ PORTICO_STORAGE: 's3' })).toThrow(/S3_BUCKET is required/);
    expect(() => loadApiConfig({ PORTICO_STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadApiConfig({ PORTICO_STORAGE: 'ftp' })).toThrow(/PORTICO_STORAGE/);
    expect(() => loadApiConfig({ PORTICO_STORAGE: 's3', S3_BUCKET: 'b', S3_ENDPOINT: 'minio' })).toThrow(/S3_ENDPOINT/);
    expect(() => loadApiConfig({ PORTICO_STORAGE: 's3', S3_BUCKET: 'b', PORTICO_UPLOAD_MAX_BYTES: String(6 * 1024 ** 3) })).toThrow(/at most 5 GiB/);
  });
});
