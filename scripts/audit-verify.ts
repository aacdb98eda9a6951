// `npm run audit:verify`: walks the audit hash chain and lists every event that does not hold.
import { DEFAULT_DATABASE_URL, initORM } from '../db/orm.ts';
import { verifyAuditChain } from '../db/audit.ts';

const orm = await initORM(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
try {
  const v = await verifyAuditChain(orm.em.fork());
  const legacy = v.legacy.count
    ? `; ${v.legacy.count} valid events in legacy hash form (events ${v.legacy.firstSeq}–${v.legacy.lastSeq})`
    : '';
  const checkpoints = v.checkpoints.last ? `; ${v.checkpoints.count} signed checkpoints, newest ${v.checkpoints.last.createdAt} at event ${v.checkpoints.last.seq}` : '; no signed checkpoint yet';
  const skipped = v.skippedSeqs ? `; ${v.skippedSeqs} sequence numbers unused by rolled-back appends` : '';
  if (v.ok) {
    console.log(`audit chain intact: ${v.count} events, head ${v.head ?? '(empty)'}${legacy}${skipped}${checkpoints}`);
  } else {
    for (const p of v.problems) console.error(`audit chain BROKEN at event ${p.seq}: ${p.reason}`);
    if (v.problemsTruncated) console.error(`… and more problems than the ${v.problems.length} listed`);
    console.error(`audit chain BROKEN: ${v.problems.length}${v.problemsTruncated ? '+' : ''} problems in ${v.count} events, head ${v.head ?? '(empty)'}${legacy}${skipped}${checkpoints}`);
    process.exitCode = 1;
  }
} finally {
  await orm.close();
}
