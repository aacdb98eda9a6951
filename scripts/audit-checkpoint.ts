// `npm run audit:checkpoint`: signs the audit chain's current head with the installation's Ed25519 key
// (made at first use, sealed under PORTICO_AUDIT_SIGNING_KEY or SESSION_SECRET).
import { DEFAULT_DATABASE_URL, initORM } from '../db/orm.ts';
import { auditSigningSecret, writeAuditCheckpoint } from '../db/audit-checkpoint.ts';

const secret = auditSigningSecret();
if (!secret) {
  console.error('audit:checkpoint needs PORTICO_AUDIT_SIGNING_KEY or SESSION_SECRET (the one the API runs with)');
  process.exit(2);
}
const orm = await initORM(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
try {
  const c = await writeAuditCheckpoint(orm.em.fork(), secret);
  console.log(c ? `audit checkpoint signed: ${c.count} events, head ${c.headHash} at event ${c.seq}, ${c.createdAt}` : 'audit chain is empty: nothing to sign');
} finally {
  await orm.close();
}
