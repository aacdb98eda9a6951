// `npm run audit:verify`: walks the audit hash chain and names the first event that does not hold.
import { DEFAULT_DATABASE_URL, initORM } from '../db/orm.ts';
import { verifyAuditChain } from '../db/audit.ts';

const orm = await initORM(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
try {
  const v = await verifyAuditChain(orm.em.fork());
  if (v.ok) {
    console.log(`audit chain intact: ${v.count} events, head ${v.head ?? '(empty)'}`);
  } else {
    console.error(`audit chain BROKEN at event ${v.firstBad!.seq}: ${v.firstBad!.reason} (${v.count} events verified before it)`);
    process.exitCode = 1;
  }
} finally {
  await orm.close();
}
