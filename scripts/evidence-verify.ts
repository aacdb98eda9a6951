// `npm run evidence:verify -- [--key key.pem | --key-url URL] bundle.zip`: checks an evidence bundle
// offline (no database) and prints OK or every problem found; exits 1 on any problem, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyEvidenceBundle } from './lib/evidence-verify.ts';

const usage = 'usage: npm run evidence:verify -- [--key key.pem | --key-url https://portal.example.com/.well-known/portico-audit-key] bundle.zip';

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ allowPositionals: true, options: { key: { type: 'string' }, 'key-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
}
try {
  args = parse();
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (args.values.help) { console.log(usage); process.exit(0); }
const [bundle, ...extra] = args.positionals;
if (!bundle || extra.length || (args.values.key && args.values['key-url'])) {
  console.error(usage);
  process.exit(2);
}

let keyPem: string | undefined;
try {
  if (args.values.key) keyPem = readFileSync(args.values.key, 'utf8');
  if (args.values['key-url']) {
    const res = await fetch(args.values['key-url'], { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`${args.values['key-url']} answered ${res.status}`);
    keyPem = await res.text();
  }
} catch (err) {
  console.error(`cannot read the key: ${(err as Error).message}`);
  process.exit(2);
}

const v = await verifyEvidenceBundle(bundle, { keyPem });
const s = v.summary;
const key = s.keyChecked === 'given' ? 'the key you gave and the manifest\'s' : 'the manifest\'s key (give --key or --key-url to check it against a key you obtained yourself)';
if (v.ok) {
  const m = v.manifest!;
  console.log(`OK: ${bundle}`);
  console.log(`  manifest signature valid with ${key}`);
  console.log(`  ${s.members} members, each matching its SHA-256 in the manifest and SHA256SUMS`);
  console.log(`  ${s.events} events in scope (events ${m.events.firstSeq ?? '-'}–${m.events.lastSeq ?? '-'}) hash to their stored hashes${s.legacy ? ` (${s.legacy} in legacy hash form)` : ''}`);
  console.log(`  chain segment of ${s.segment} events linked without a break (${s.reduced} of other scopes checked by link only)`);
  console.log(`  ${s.checkpoints} signed checkpoints valid${m.segment?.anchoredByCheckpointSeq ? `; the segment is anchored by the checkpoint at event ${m.segment.anchoredByCheckpointSeq}` : ''}`);
  console.log(`  exported ${m.exportedAt} by ${m.exportedBy.email}; recorded as audit event ${m.exportEvent.seq}`);
  // Named in the signed manifest, so the bundle is what was exported; the evidence it could not hold is listed.
  for (const f of m.missingFiles ?? []) console.warn(`  INCOMPLETE: ${f.path} (${f.kind}${f.recordedSha256 ? `, recorded SHA-256 ${f.recordedSha256}` : ''}) was missing from the file storage when the bundle was made`);
} else {
  for (const p of v.problems) console.error(`PROBLEM: ${p}`);
  console.error(`NOT OK: ${bundle}: ${v.problems.length} problem${v.problems.length === 1 ? '' : 's'} found`);
  process.exitCode = 1;
}
