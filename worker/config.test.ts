import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.ts';
import { loadApiConfig } from '../web-api/config.ts';

describe('worker configuration: audit checkpoints', () => {
  it('opens the signing key with the same secret as the API', () => {
    for (const env of [{}, { SESSION_SECRET: 's'.repeat(40) }, { SESSION_SECRET: 's'.repeat(40), PORTICO_AUDIT_SIGNING_KEY: 'k'.repeat(40) }]) {
      expect(loadWorkerConfig({ NODE_ENV: 'test', ...env }).audit.signingSecret).toBe(loadApiConfig({ NODE_ENV: 'test', ...env }).auditSigningSecret);
    }
  });

  it('needs a secret in production, and names the variable', () => {
    expect(() => loadWorkerConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example:25' })).toThrow(/SESSION_SECRET \(or PORTICO_AUDIT_SIGNING_KEY\) is required in production/);
    expect(loadWorkerConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example:25', PORTICO_AUDIT_SIGNING_KEY: 'k'.repeat(40) }).audit.signingSecret).toBe('k'.repeat(40));
  });

  it('reads the checkpoint and digest settings, and refuses a bad value by name', () => {
    expect(loadWorkerConfig({}).audit).toMatchObject({ checkpointEvery: 1000, checkpointIntervalMs: 3_600_000, pollMs: 10_000, digestSpacingMs: 86_400_000 });
    expect(loadWorkerConfig({ PORTICO_AUDIT_CHECKPOINT_EVERY: '50', PORTICO_AUDIT_DIGEST_SPACING_MS: '0' }).audit).toMatchObject({ checkpointEvery: 50, digestSpacingMs: 0 });
    expect(() => loadWorkerConfig({ PORTICO_AUDIT_CHECKPOINT_EVERY: '0' })).toThrow(/^PORTICO_AUDIT_CHECKPOINT_EVERY must be a whole number of at least 1, got "0"$/);
    expect(() => loadWorkerConfig({ PORTICO_AUDIT_CHECKPOINT_INTERVAL_MS: 'hourly' })).toThrow(/PORTICO_AUDIT_CHECKPOINT_INTERVAL_MS/);
  });
});

describe('worker configuration: workflow cache and metrics', () => {
  it('holds a measured number of workflows by default, and takes another by name', () => {
    expect(loadWorkerConfig({})).toMatchObject({ maxCachedWorkflows: 3000, metricsAddress: null });
    expect(loadWorkerConfig({ PORTICO_WORKER_MAX_CACHED_WORKFLOWS: '500', PORTICO_WORKER_METRICS_ADDRESS: '127.0.0.1:9464' })).toMatchObject({ maxCachedWorkflows: 500, metricsAddress: '127.0.0.1:9464' });
    expect(() => loadWorkerConfig({ PORTICO_WORKER_MAX_CACHED_WORKFLOWS: '1' })).toThrow(/^PORTICO_WORKER_MAX_CACHED_WORKFLOWS must be a whole number of at least 2, got "1"$/);
  });
});
