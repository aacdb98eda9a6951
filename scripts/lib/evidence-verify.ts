/**
 * The offline check of an evidence bundle (format: `db/evidence-bundle.ts`). Needs the ZIP alone —
 * no database, no network unless the caller fetched a key — and reports every problem it finds:
 * - the manifest's Ed25519 signature, with the key in the manifest and, when given, a key obtained
 *   independently (e.g. from `/.well-known/portico-audit-key`);
 * - every member's size and SHA-256 against the manifest, no member missing or unlisted, SHA256SUMS
 *   in agreement, each file's SHA-256 against the one the database recorded;
 * - every event in scope hashes to its stored hash (hash rule 2, or rule 1 for legacy rows);
 * - the links across the whole chain segment, and that the events in scope are those the segment marks;
 * - each checkpoint's signature, and that checkpoints inside the segment name the hash it has there
 *   and differ in count by the events between them.
 * Memory stays flat: the event list and the segment are read side by side, a line at a time.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createInterface } from 'node:readline';
import yauzl from 'yauzl';
import { hashAuditEvent, legacyHashHolds } from '../../db/audit.ts';
import {
  BUNDLE_FORMAT, checkpointStatement, MEMBERS, storedEventOf, type EventLine, type Manifest, type SegmentEntry,
} from '../../db/evidence-bundle.ts';

export interface BundleVerification {
  ok: boolean;
  problems: string[];
  /** What was checked, for the OK line. */
  summary: { members: number; events: number; legacy: number; segment: number; reduced: number; checkpoints: number; keyChecked: 'manifest' | 'given' };
  manifest: Manifest | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
const MAX_PROBLEMS = 1000;

function publicKey(pem: string): KeyObject | null {
  try {
    const k = createPublicKey(pem);
    return k.asymmetricKeyType === 'ed25519' ? k : null;
  } catch {
    return null;
  }
}

/** Checks the bundle at `path`; `keyPem` is a public key the user trusts, checked against the signature too. */
export async function verifyEvidenceBundle(path: string, opts: { keyPem?: string } = {}): Promise<BundleVerification> {
  const problems: string[] = [];
  let more = 0;
  const problem = (p: string) => { if (problems.length < MAX_PROBLEMS) problems.push(p); else more += 1; };
  const summary: BundleVerification['summary'] = { members: 0, events: 0, legacy: 0, segment: 0, reduced: 0, checkpoints: 0, keyChecked: opts.keyPem ? 'given' : 'manifest' };
  const result = (manifest: Manifest | null): BundleVerification => {
    if (more) problems.push(`… and ${more} more problems`);
    return { ok: problems.length === 0, problems, summary, manifest };
  };

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (err) {
    problem(`not a readable ZIP file: ${(err as Error).message}`);
    return result(null);
  }
  try {
    const entries = new Map<string, yauzl.Entry>();
    try {
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (e: yauzl.Entry) => {
          if (entries.has(e.fileName)) problem(`${e.fileName} is in the ZIP more than once`);
          entries.set(e.fileName, e);
          zip.readEntry();
        });
        zip.on('end', () => resolve());
        zip.on('error', reject);
        zip.readEntry();
      });
    } catch (err) {
      problem(`the ZIP's directory cannot be read: ${(err as Error).message}`);
      return result(null);
    }
    summary.members = entries.size;
    const open = (name: string) => zip.openReadStreamPromise(entries.get(name)!);
    const readAll = async (name: string, max: number): Promise<Buffer | null> => {
      const e = entries.get(name);
      if (!e) return null;
      if (e.uncompressedSize > max) { problem(`${name} is larger than ${max} bytes`); return null; }
      const chunks: Buffer[] = [];
      try {
        for await (const c of await open(name)) chunks.push(c as Buffer);
      } catch (err) {
        problem(`${name} cannot be read: ${(err as Error).message}`);
        return null;
      }
      return Buffer.concat(chunks);
    };

    // The manifest and its signature.
    const manifestBytes = await readAll(MEMBERS.manifest, 256 * 1024 * 1024);
    if (!manifestBytes) { problem(`${MEMBERS.manifest} is missing or unreadable`); return result(null); }
    let manifest: Manifest;
    try {
      manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
    } catch {
      problem(`${MEMBERS.manifest} is not JSON`);
      return result(null);
    }
    if (manifest.format !== BUNDLE_FORMAT) problem(`${MEMBERS.manifest} is not a ${BUNDLE_FORMAT} manifest (format ${JSON.stringify(manifest.format)})`);
    const sig = await readAll(MEMBERS.signature, 1024);
    const manifestKey = typeof manifest.publicKey === 'string' ? publicKey(manifest.publicKey) : null;
    if (!manifestKey) problem(`${MEMBERS.manifest} names no usable Ed25519 public key`);
    if (!sig) problem(`${MEMBERS.signature} is missing`);
    else if (manifestKey && !verify(null, manifestBytes, manifestKey, sig)) problem(`${MEMBERS.signature} does not verify ${MEMBERS.manifest} with the manifest's public key: the manifest was changed`);
    if (opts.keyPem !== undefined) {
      const given = publicKey(opts.keyPem);
      if (!given) problem('the key given is not an Ed25519 public key in PEM form');
      else if (!sig || !verify(null, manifestBytes, given, sig)) problem(`${MEMBERS.signature} does not verify with the key given: the bundle was not signed by that installation's key, or the manifest was changed`);
      else if (manifestKey && !manifestKey.equals(given)) problem('the manifest names a different public key from the one given');
    }

    // Every member against the manifest, and SHA256SUMS against both.
    const listed = new Map<string, Manifest['files'][number]>();
    for (const f of Array.isArray(manifest.files) ? manifest.files : []) {
      if (listed.has(f.path)) problem(`${MEMBERS.manifest} lists ${f.path} twice`);
      listed.set(f.path, f);
    }
    for (const name of entries.keys()) {
      if (name !== MEMBERS.manifest && name !== MEMBERS.signature && !listed.has(name)) problem(`${name} is in the ZIP but not in the manifest`);
    }
    for (const f of listed.values()) {
      if (!entries.has(f.path)) { problem(`${f.path} is in the manifest but missing from the ZIP`); continue; }
      const hash = createHash('sha256');
      let size = 0;
      try {
        for await (const c of await open(f.path)) { size += (c as Buffer).length; hash.update(c as Buffer); }
      } catch (err) {
        problem(`${f.path} cannot be read (${(err as Error).message}): it was changed`);
        continue;
      }
      const sha256 = hash.digest('hex');
      if (sha256 !== f.sha256 || size !== f.size) problem(`${f.path}: SHA-256 ${sha256} (${size} bytes) is not the manifest's ${f.sha256} (${f.size} bytes): the file was changed`);
      if (f.recordedSha256 && f.recordedSha256 !== f.sha256) problem(`${f.path}: the manifest's SHA-256 ${f.sha256} is not the one recorded when it was approved, sealed or sent (${f.recordedSha256})`);
    }
    const sums = await readAll(MEMBERS.checksums, 64 * 1024 * 1024);
    if (!sums) problem(`${MEMBERS.checksums} is missing`);
    else {
      const inSums = new Set<string>();
      for (const line of sums.toString('utf8').split('\n').filter(Boolean)) {
        const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
        if (!m) { problem(`${MEMBERS.checksums}: a line is not "<sha256>  <path>": ${JSON.stringify(line.slice(0, 120))}`); continue; }
        inSums.add(m[2]!);
        const f = listed.get(m[2]!);
        if (!f) problem(`${MEMBERS.checksums} names ${m[2]}, which the manifest does not list`);
        else if (f.sha256 !== m[1]) problem(`${MEMBERS.checksums} gives ${m[2]} another SHA-256 than the manifest`);
      }
      for (const p of listed.keys()) if (p !== MEMBERS.checksums && !inSums.has(p)) problem(`${MEMBERS.checksums} leaves out ${p}`);
    }
    const pem = await readAll(MEMBERS.publicKey, 64 * 1024);
    if (pem && pem.toString('utf8').trim() !== String(manifest.publicKey).trim()) problem(`${MEMBERS.publicKey} is not the manifest's public key`);

    // The events in scope and the chain segment, side by side.
    const checkpoints = Array.isArray(manifest.checkpoints) ? manifest.checkpoints : [];
    const watched = new Set<number>(checkpoints.map((c) => c.seq));
    if (manifest.chainHead) watched.add(manifest.chainHead.seq);
    const seen = new Map<number, { hash: string; index: number }>();
    const lines = async function* (name: string): AsyncGenerator<{ n: number; text: string }> {
      if (!entries.has(name)) return;
      let n = 0;
      for await (const text of createInterface({ input: await open(name), crlfDelay: Infinity })) {
        n += 1;
        if (text) yield { n, text };
      }
    };
    const parse = <T>(name: string, l: { n: number; text: string }): T | null => {
      try { return JSON.parse(l.text) as T; } catch { problem(`${name} line ${l.n} is not JSON`); return null; }
    };
    const events = lines(MEMBERS.eventsJsonl);
    let firstEvent: number | null = null;
    let lastEvent: number | null = null;
    const checkEvent = (e: EventLine, entry: SegmentEntry | null) => {
      summary.events += 1;
      firstEvent ??= e.seq;
      lastEvent = e.seq;
      if (entry && (e.seq !== entry.seq || e.hash !== entry.hash || e.prevHash !== entry.prevHash)) {
        problem(`event ${e.seq} in ${MEMBERS.eventsJsonl} is not the one the chain segment has at ${entry.seq}`);
      }
      if (!HEX64.test(String(e.hash)) || typeof e.data !== 'string') { problem(`event ${e.seq} in ${MEMBERS.eventsJsonl} is malformed`); return; }
      const stored = storedEventOf(e);
      if (hashAuditEvent(stored) === e.hash) return;
      let data: Record<string, unknown> | null = null;
      try { data = JSON.parse(e.data) as Record<string, unknown>; } catch { /* reported below */ }
      const { dataText: _d, occurredAt, ...rest } = stored;
      if (data && legacyHashHolds({ ...rest, occurredAt: new Date(occurredAt), data }, e.hash)) { summary.legacy += 1; return; }
      problem(`event ${e.seq}: its content does not match its hash (the event was changed)`);
    };
    if (!manifest.segment) {
      for await (const l of events) { const e = parse<EventLine>(MEMBERS.eventsJsonl, l); if (e) checkEvent(e, null); }
      if (summary.events) problem(`${MEMBERS.eventsJsonl} holds events but the manifest has no chain segment`);
    } else {
      const seg = manifest.segment;
      let prev: SegmentEntry | null = null;
      let index = 0;
      for await (const l of lines(MEMBERS.segment)) {
        const s = parse<SegmentEntry>(MEMBERS.segment, l);
        if (!s) continue;
        index += 1;
        summary.segment += 1;
        if (!Number.isSafeInteger(s.seq) || !HEX64.test(String(s.hash)) || !HEX64.test(String(s.prevHash))) { problem(`${MEMBERS.segment} line ${l.n} is malformed`); continue; }
        if (!prev) {
          if (s.seq !== seg.firstSeq) problem(`the chain segment starts at event ${s.seq}, the manifest says ${seg.firstSeq}`);
          if (s.prevHash !== seg.firstPrevHash) problem(`event ${s.seq}: its previous hash is not the manifest's (the segment was cut or changed)`);
        } else {
          if (s.seq <= prev.seq) problem(`${MEMBERS.segment}: event ${s.seq} after event ${prev.seq} is out of order`);
          // A skipped number with the link intact is an append that rolled back; a broken link is a change or a deletion.
          if (s.prevHash !== prev.hash) problem(`event ${s.seq}: its previous hash is not the hash of event ${prev.seq} before it (an event was changed, inserted or removed)`);
        }
        if (watched.has(s.seq)) seen.set(s.seq, { hash: s.hash, index });
        if ('inScope' in s && s.inScope === true) {
          const next = await events.next();
          if (next.done) problem(`event ${s.seq} is marked in scope but ${MEMBERS.eventsJsonl} has no more events`);
          else { const e = parse<EventLine>(MEMBERS.eventsJsonl, next.value); if (e) checkEvent(e, s); }
        } else {
          summary.reduced += 1;
          if (!('contentHash' in s) || !HEX64.test(String(s.contentHash))) problem(`event ${s.seq} in the chain segment is neither in scope nor reduced with a content hash`);
        }
        prev = s;
      }
      for await (const l of events) {
        const e = parse<EventLine>(MEMBERS.eventsJsonl, l);
        if (e) { problem(`event ${e.seq} in ${MEMBERS.eventsJsonl} is not marked in scope in the chain segment`); checkEvent(e, null); }
      }
      if (summary.segment !== seg.count) problem(`the chain segment has ${summary.segment} events, the manifest says ${seg.count}`);
      if (prev && prev.seq !== seg.lastSeq) problem(`the chain segment ends at event ${prev.seq}, the manifest says ${seg.lastSeq}`);
      if (seg.anchoredByCheckpointSeq !== null && !checkpoints.some((c) => c.seq === seg.anchoredByCheckpointSeq)) {
        problem(`the manifest says checkpoint ${seg.anchoredByCheckpointSeq} anchors the segment but does not carry it`);
      }
    }
    if (summary.events !== manifest.events?.count) problem(`${MEMBERS.eventsJsonl} has ${summary.events} events, the manifest says ${manifest.events?.count}`);
    if (firstEvent !== manifest.events?.firstSeq || lastEvent !== manifest.events?.lastSeq) {
      problem(`${MEMBERS.eventsJsonl} runs from ${firstEvent} to ${lastEvent}, the manifest says ${manifest.events?.firstSeq} to ${manifest.events?.lastSeq}`);
    }

    // Checkpoints: signed by their key, and in agreement with the segment where they fall inside it.
    const keys = new Map((manifest.checkpointKeys ?? []).map((k) => [k.id, publicKey(k.publicKeyPem)]));
    let prevInside: { seq: number; count: number; index: number } | null = null;
    for (const c of checkpoints) {
      summary.checkpoints += 1;
      const key = keys.get(c.keyId);
      const what = `the checkpoint signed at ${c.createdAt} (event ${c.seq}, ${c.count} events)`;
      if (!key) { problem(`${what}: its key ${c.keyId} is not in the manifest`); continue; }
      if (!verify(null, checkpointStatement(c), key, Buffer.from(String(c.signature), 'base64'))) { problem(`${what}: its signature does not verify`); continue; }
      const inside = manifest.segment && c.seq >= manifest.segment.firstSeq && c.seq <= manifest.segment.lastSeq;
      if (!inside) continue;
      const at = seen.get(c.seq);
      if (!at) { problem(`${what}: event ${c.seq} is missing from the chain segment (deleted)`); continue; }
      if (at.hash !== c.headHash) { problem(`${what}: event ${c.seq} in the segment is not the one it signed (rewritten)`); continue; }
      if (prevInside && c.count - prevInside.count !== at.index - prevInside.index) {
        problem(`${what}: ${c.count - prevInside.count} events were signed since the checkpoint at event ${prevInside.seq}, the segment has ${at.index - prevInside.index}`);
      }
      prevInside = { seq: c.seq, count: c.count, index: at.index };
    }
    if (manifest.chainHead && seen.has(manifest.chainHead.seq) && seen.get(manifest.chainHead.seq)!.hash !== manifest.chainHead.hash) {
      problem(`the chain head the manifest names (event ${manifest.chainHead.seq}) is not the segment's`);
    }
    return result(manifest);
  } finally {
    zip.close();
  }
}
