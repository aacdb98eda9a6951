// The worker process: runs workflow and activity tasks from the `portico` task queue, and sends
// queued email when SMTP is configured.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { CommandRelay } from '../db/workflow-commands.ts';
import pino from 'pino';
import { initORM } from '../db/orm.ts';
import { createSmtpTransport, startOutboxDispatcher } from '../activities/mail/outbox-dispatcher.ts';
import { loadWorkerConfig } from './config.ts';
import { openPkcs12 } from '../domain/signing/sealer.ts';
import { createActivities } from './activities.ts';
import { createFileStorage, readStorageSettings } from '../db/files/create-storage.ts';
import { startAuditCheckpointer } from '../activities/audit/checkpointer.ts';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

const log = pino({ name: 'portico-worker', level: process.env.LOG_LEVEL ?? 'info' });
const config = loadWorkerConfig();
// A configured signing certificate that cannot be opened stops the worker now, not each seal later.
if (config.signing.pkcs12) openPkcs12(config.signing.pkcs12);
const orm = await initORM(config.databaseUrl);
// Temporal's worker metrics (task slots, sticky cache, schedule-to-start latencies), when asked for.
if (config.metricsAddress) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: config.metricsAddress } } } });
const connection = await NativeConnection.connect({ address: config.temporalAddress });
// Bundled once per process; every workflow task runs from this bundle.
const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
const worker = await Worker.create({
  connection,
  namespace: config.temporalNamespace,
  taskQueue: config.taskQueue,
  workflowBundle,
  // The same storage as the API's (local disk, or the S3 bucket of PORTICO_STORAGE=s3).
  activities: createActivities({ orm, publicUrl: config.publicUrl, signing: config.signing, storage: createFileStorage(readStorageSettings(process.env, config.filesDir, Number(process.env.PORTICO_UPLOAD_MAX_BYTES) || 25 * 1024 * 1024)) }),
  shutdownGraceTime: '10 seconds',
  maxCachedWorkflows: config.maxCachedWorkflows,
});

// Without SMTP it sends nothing but still purges the links and codes of mail that expired unsent.
const dispatcher = startOutboxDispatcher(() => orm.em.fork(), config.smtpUrl ? createSmtpTransport(config.smtpUrl) : null,
  { onError: (err) => log.error({ err }, 'outbox dispatch failed') });
if (!config.smtpUrl) log.warn('SMTP_URL is not set: email stays in the outbox (admins read it there, links and codes redacted)');

// Delivers the workflow commands that requests queued and did not deliver themselves (Temporal was
// slow or down, or the API stopped after its commit): every worker process runs one; leases keep them apart.
const clientConnection = Connection.lazy({ address: config.temporalAddress });
const relay = new CommandRelay(() => orm.em.fork(), new Client({ connection: clientConnection, namespace: config.temporalNamespace }), {
  log: (msg, data) => log.warn(data, msg),
}).start(Number(process.env.PORTICO_RELAY_INTERVAL_MS) || 1000, (err) => log.error({ err }, 'workflow command relay failed'));

// Signs a checkpoint of the audit chain every PORTICO_AUDIT_CHECKPOINT_EVERY events or
// PORTICO_AUDIT_CHECKPOINT_INTERVAL_MS, and mails the digests accounts asked for: every worker runs
// the loop, an advisory lock lets one of them sign at a time.
const checkpointer = startAuditCheckpointer(() => orm.em.fork(), {
  secret: config.audit.signingSecret,
  every: config.audit.checkpointEvery,
  intervalMs: config.audit.checkpointIntervalMs,
  pollMs: config.audit.pollMs,
  digestSpacingMs: config.audit.digestSpacingMs,
  publicUrl: config.publicUrl,
  onCheckpoint: (c) => log.info({ seq: c.seq, count: c.count, head: c.headHash }, 'audit checkpoint signed'),
  onError: (err) => log.error({ err }, 'audit checkpoint failed'),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    worker.shutdown();
  });
}

log.info({ taskQueue: config.taskQueue, address: config.temporalAddress }, 'worker started');
try {
  await worker.run();
} finally {
  await dispatcher.stop();
  await relay.stop();
  await checkpointer.stop();
  await clientConnection.close();
  await connection.close();
  await orm.close();
}
