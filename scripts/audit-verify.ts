// `npm run audit:verify`: walks the audit hash chain and lists every event that does not hold.
// `npm run audit:verify -- --digest digest.json [--digest …]` also checks each checkpoint digest an
// account kept (db/audit-digest.ts) against the chain as it is now, and lists every disagreement.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL, initORM } from '../db/orm.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { verifyAuditDigest } from '../db/audit-digest.ts';

const { values } = parseArgs({ options: { digest: { type: 'string', multiple: true } }, allowPositionals: false });
const digests = values.digest ?? [];

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

  // Each kept digest: its signature, the signed head at its seq, and the account's own events.
  for (const file of digests) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      console.error(`digest ${file} DISAGREES: cannot be read as JSON (${(err as Error).message})`);
      process.exitCode = 1;
      continue;
    }
    const { digest, problems } = await verifyAuditDigest(orm.em.fork(), raw);
    const what = digest ? `${digest.account.name} at event ${digest.checkpoint.seq}` : 'unreadable digest';
    if (problems.length === 0) {
      console.log(`digest ${file} holds: ${what}, ${digest!.account.eventCount} events of the account, head ${digest!.checkpoint.headHash}`);
    } else {
      for (const p of problems) console.error(`digest ${file} DISAGREES (${p.kind}): ${p.reason}`);
      console.error(`digest ${file} DISAGREES: ${problems.length} problems (${what})`);
      process.exitCode = 1;
    }
  }
} finally {
  await orm.close();
}
