/**
 * Signature collection for one document: a child of its engagement's workflow. Signers sign in a
 * set order or all at once; each signature or decline is a Workflow Update whose validator refuses
 * a signer whose turn it is not, a second signature, or anything after a decline, void or expiry.
 * Durable timers send reminders and expire the request; when the last signer signs, an activity
 * seals the PDF (fields stamped, certificate appended) exactly once.
 */
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, defineQuery, defineUpdate, patched, proxyActivities,
  proxyLocalActivities, setHandler, workflowInfo,
} from '@temporalio/workflow';
import type { createSignatureActivities } from '../activities/signature.ts';
import type { Actor } from './engagement.ts';
import { guardedHandlers, RECORD_LOCALLY, recorded } from './safe-handlers.ts';

export interface SignerSpec { key: string; name: string; email: string; userId: string | null; roleLabel: string }

export interface SignerState extends SignerSpec {
  status: 'waiting' | 'current' | 'signed' | 'declined';
  /** When it became this signer's turn (reminders count from then). */
  currentSince: string | null;
  signedAt: string | null;
  declinedAt: string | null;
  /** Reminder steps already sent to this signer. */
  sent: { step: string; at: string }[];
}

export type DocumentStatus = 'collecting' | 'completed' | 'declined' | 'expired' | 'voided';

export interface SignatureState {
  documentId: string;
  accountId: string;
  title: string;
  status: DocumentStatus;
  ordering: 'sequential' | 'parallel';
  signers: SignerState[];
  startedAt: string;
  expiresAt: string;
  sealedSha256: string | null;
  reason: string | null;
  version: number;
}

export interface SignatureInput {
  documentId: string;
  accountId: string;
  title: string;
  ordering: 'sequential' | 'parallel';
  signers: SignerSpec[];
  reminderEveryDays: number;
  expiresAfterDays: number;
  dayMs: number;
  resume?: SignatureState;
}

/** How the signer was identified and where from: recorded with the signature. */
export interface SigningEvidence { authMethod: string; ip: string | null; userAgent: string | null }

/**
 * A drawn signature kept in the file storage (content-addressed: the key is the SHA-256 of the PNG).
 * Only this reference travels in the Update and the history; the seal reads the image back.
 */
export interface DrawnSignatureRef { type: 'drawn'; storageKey: string; sha256: string; size: number }

/**
 * A signature as adopted: a typed name, or a drawing by reference. `png` (the image itself, base64)
 * is what earlier versions of the API sent; histories and rows of that time still hold it.
 */
export type AdoptedSignatureArg = { type: 'typed'; text: string } | DrawnSignatureRef | { type: 'drawn'; png: string };

export interface SignArgs {
  signerKey: string;
  evidence: SigningEvidence;
  signature: AdoptedSignatureArg;
  initials: string | null;
  values: Record<string, string>;
}
export interface DeclineArgs { signerKey: string; reason: string; evidence: SigningEvidence }
export interface VoidArgs { reason: string; actor: Actor; ip: string | null; userAgent: string | null }

export const signUpdate = defineUpdate<SignatureState, [SignArgs]>('sign');
export const declineUpdate = defineUpdate<SignatureState, [DeclineArgs]>('decline');
export const voidUpdate = defineUpdate<SignatureState, [VoidArgs]>('void');
export const signatureStateQuery = defineQuery<SignatureState>('signatureState');

export function signatureWorkflowId(documentId: string): string {
  return `signature-${documentId}`;
}

const { recordSigning } = proxyLocalActivities<ReturnType<typeof createSignatureActivities>>(RECORD_LOCALLY);
const { notifySigners, notifyTeam, sealDocument } = proxyActivities<ReturnType<typeof createSignatureActivities>>({
  // A seal takes well under a second per 20 pages; a worker that dies meanwhile is noticed within this.
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const STAFF_ROLES = ['staff', 'admin'];

/**
 * Patch: sign, decline and void run one at a time and re-check the document once they hold the lock,
 * and the seal takes the same lock, so a void racing the last signature or the seal cannot leave the
 * document both voided and completed (with both sets of emails).
 */
const PATCH_HANDLERS_LOCKED = 'signature-handlers-locked';

export async function signatureWorkflow(input: SignatureInput): Promise<SignatureState> {
  const now0 = Date.now();
  const state: SignatureState = input.resume ?? {
    documentId: input.documentId, accountId: input.accountId, title: input.title, status: 'collecting', ordering: input.ordering,
    signers: input.signers.map((s, i) => ({
      ...s, status: input.ordering === 'parallel' || i === 0 ? 'current' : 'waiting',
      currentSince: input.ordering === 'parallel' || i === 0 ? new Date(now0).toISOString() : null, signedAt: null, declinedAt: null, sent: [],
    })),
    startedAt: new Date(now0).toISOString(),
    expiresAt: new Date(now0 + input.expiresAfterDays * input.dayMs).toISOString(),
    sealedSha256: null, reason: null, version: 0,
  };
  let changed = false;
  const record = async (event: Parameters<typeof recordSigning>[0]['event'], signer?: Parameters<typeof recordSigning>[0]['signer']) => {
    state.version += 1;
    changed = true;
    await recorded(recordSigning({ state: JSON.parse(JSON.stringify(state)) as SignatureState, event, signer: signer ?? null }));
  };
  const { exclusive, lock } = guardedHandlers(state, () => patched(PATCH_HANDLERS_LOCKED));
  /** Once every signer has signed the seal has begun: nothing may void or decline the document any more. */
  const sealing = () => state.status === 'collecting' && state.signers.every((s) => s.status === 'signed');
  const find = (key: string): SignerState => {
    const s = state.signers.find((x) => x.key === key);
    if (!s) throw ApplicationFailure.nonRetryable('You are not a signer of this document', 'forbidden');
    return s;
  };
  const expired = () => Date.now() >= Date.parse(state.expiresAt);
  /** Refuses anything but the signer whose turn it is, on a document still collecting. */
  const mayAct = (key: string): SignerState => {
    if (state.status === 'declined') throw ApplicationFailure.nonRetryable('This document was declined; nothing more can be signed', 'conflict');
    if (state.status === 'voided') throw ApplicationFailure.nonRetryable('This document was voided', 'conflict');
    if (state.status === 'expired' || (state.status === 'collecting' && expired())) throw ApplicationFailure.nonRetryable('This signing request has expired', 'conflict');
    if (state.status === 'completed') throw ApplicationFailure.nonRetryable('Everyone has signed this document', 'conflict');
    const s = find(key);
    if (s.status === 'signed') throw ApplicationFailure.nonRetryable('You have already signed this document', 'conflict');
    if (s.status === 'declined') throw ApplicationFailure.nonRetryable('You declined this document', 'conflict');
    if (s.status === 'waiting') {
      const before = state.signers.find((x) => x.status === 'current');
      throw ApplicationFailure.nonRetryable(`It is not your turn yet: ${before?.name ?? 'another signer'} signs first`, 'conflict');
    }
    return s;
  };

  setHandler(signatureStateQuery, () => state);

  const validateSign = ({ signerKey, signature }: SignArgs): void => {
    mayAct(signerKey);
    if (signature.type === 'typed' && !signature.text.trim()) throw ApplicationFailure.nonRetryable('Type your name to sign', 'validation_failed', { signature: 'Required' });
    if (signature.type === 'drawn' && !('png' in signature ? signature.png : signature.sha256)) throw ApplicationFailure.nonRetryable('Draw your signature', 'validation_failed', { signature: 'Required' });
  };

  setHandler(signUpdate, (args) => exclusive(async () => {
    const { signerKey, evidence, signature, initials, values } = args;
    // A void or decline may have been taken while this Update waited for the lock.
    if (patched(PATCH_HANDLERS_LOCKED)) validateSign(args);
    const s = find(signerKey);
    s.status = 'signed';
    s.signedAt = new Date().toISOString();
    const next = state.ordering === 'sequential' ? state.signers.find((x) => x.status === 'waiting') : undefined;
    if (next) {
      next.status = 'current';
      next.currentSince = s.signedAt;
    }
    await record(
      { key: `signature:${state.documentId}:${s.key}:signed`, action: 'document.signed', actor: { name: s.name, email: s.email, userId: s.userId }, ip: evidence.ip, userAgent: evidence.userAgent, data: { document: state.title, signer: s.name, role: s.roleLabel, method: evidence.authMethod } },
      { key: s.key, signedAt: s.signedAt, evidence, signature, initials, values },
    );
    if (next) await notifySigners({ documentId: state.documentId, title: state.title, signerKeys: [next.key], kind: 'your_turn', step: 'turn' });
    return state;
  }), { validator: validateSign });

  const validateDecline = ({ signerKey, reason }: DeclineArgs): void => {
    mayAct(signerKey);
    if (!reason.trim()) throw ApplicationFailure.nonRetryable('Give a reason for declining', 'validation_failed', { reason: 'Required' });
  };

  setHandler(declineUpdate, (args) => exclusive(async () => {
    const { signerKey, reason, evidence } = args;
    if (patched(PATCH_HANDLERS_LOCKED)) validateDecline(args);
    const s = find(signerKey);
    s.status = 'declined';
    s.declinedAt = new Date().toISOString();
    state.status = 'declined';
    state.reason = reason;
    await record(
      { key: `signature:${state.documentId}:${s.key}:declined`, action: 'document.declined', actor: { name: s.name, email: s.email, userId: s.userId }, ip: evidence.ip, userAgent: evidence.userAgent, data: { document: state.title, signer: s.name, reason } },
      { key: s.key, declinedAt: s.declinedAt, evidence, reason },
    );
    await notifyTeam({ documentId: state.documentId, accountId: state.accountId, title: state.title, kind: 'declined', detail: `${s.name} declined to sign: ${reason}` });
    return state;
  }), { validator: validateDecline });

  const validateVoid = ({ reason, actor }: VoidArgs): void => {
    if (!STAFF_ROLES.includes(actor.role)) throw ApplicationFailure.nonRetryable('Only the account team can void a document', 'forbidden');
    if (state.status !== 'collecting') throw ApplicationFailure.nonRetryable(`This document is already ${state.status}`, 'conflict');
    // The last signature is in: the seal runs (or is about to), and its emails go out. Void no more.
    if (sealing()) throw ApplicationFailure.nonRetryable('This document is being sealed: everyone has signed', 'conflict');
    if (!reason.trim()) throw ApplicationFailure.nonRetryable('Give a reason for voiding', 'validation_failed', { reason: 'Required' });
  };

  setHandler(voidUpdate, (args) => exclusive(async () => {
    const { reason, actor, ip, userAgent } = args;
    if (patched(PATCH_HANDLERS_LOCKED)) validateVoid(args);
    state.status = 'voided';
    state.reason = reason;
    await record({ key: `signature:${state.documentId}:voided`, action: 'document.voided', actor: { name: actor.name, email: actor.email, userId: actor.id }, ip, userAgent, data: { document: state.title, reason } });
    await notifySigners({ documentId: state.documentId, title: state.title, signerKeys: state.signers.filter((x) => x.status !== 'waiting').map((x) => x.key), kind: 'voided', step: 'voided', detail: reason });
    return state;
  }), { validator: validateVoid });

  if (!input.resume) {
    await record({ key: `signature:${state.documentId}:sent`, action: 'document.sent', actor: null, ip: null, userAgent: null, data: { document: state.title, signers: state.signers.map((s) => s.name), ordering: state.ordering, expiresAt: state.expiresAt } });
    await notifySigners({ documentId: state.documentId, title: state.title, signerKeys: state.signers.filter((s) => s.status === 'current').map((s) => s.key), kind: 'your_turn', step: 'turn' });
  }

  // Reminders every few days to whoever's turn it is, until everyone has signed, or the request ends or expires.
  const reminderMs = input.reminderEveryDays * input.dayMs;
  /** Seals the document and tells everyone: the end of a document every signer has signed. */
  const complete = async (): Promise<void> => {
    if (state.status !== 'collecting') return;
    // Exactly once, even if a worker dies here: the activity is idempotent and its output deterministic.
    const sealed = await sealDocument({ documentId: state.documentId });
    state.status = 'completed';
    state.sealedSha256 = sealed.sha256;
    await record({ key: `signature:${state.documentId}:completed`, action: 'document.completed', actor: null, ip: null, userAgent: null, data: { document: state.title, sealedSha256: sealed.sha256 } });
    await notifySigners({ documentId: state.documentId, title: state.title, signerKeys: state.signers.map((s) => s.key), kind: 'completed', step: 'completed' });
    await notifyTeam({ documentId: state.documentId, accountId: state.accountId, title: state.title, kind: 'completed', detail: 'Everyone has signed; the sealed PDF is ready.' });
  };
  const nextReminder = (s: SignerState): number => {
    const lastTurn = s.sent.length ? Date.parse(s.sent[s.sent.length - 1]!.at) : Date.parse(s.currentSince ?? state.startedAt);
    return lastTurn + reminderMs;
  };
  for (;;) {
    if (state.status !== 'collecting') break;
    if (state.signers.every((s) => s.status === 'signed')) {
      if (patched(PATCH_HANDLERS_LOCKED)) {
        // The one way to "completed": under the handlers' lock, from "collecting" only (a void that
        // held the lock first has ended the document; one that comes after is refused as sealing).
        await lock.runExclusive(complete);
        break;
      }
      await complete();
      break;
    }
    if (expired()) {
      state.status = 'expired';
      await record({ key: `signature:${state.documentId}:expired`, action: 'document.expired', actor: null, ip: null, userAgent: null, data: { document: state.title } });
      await notifyTeam({ documentId: state.documentId, accountId: state.accountId, title: state.title, kind: 'expired', detail: 'The signing request expired before everyone signed.' });
      await notifySigners({ documentId: state.documentId, title: state.title, signerKeys: state.signers.filter((s) => s.status === 'current').map((s) => s.key), kind: 'expired', step: 'expired' });
      break;
    }
    const current = state.signers.filter((s) => s.status === 'current');
    const due = reminderMs > 0 ? current.filter((s) => nextReminder(s) <= Date.now() && nextReminder(s) < Date.parse(state.expiresAt)) : [];
    if (due.length) {
      for (const s of due) {
        const step = `reminder-${s.sent.length + 1}`;
        await notifySigners({ documentId: state.documentId, title: state.title, signerKeys: [s.key], kind: 'reminder', step });
        s.sent.push({ step, at: new Date().toISOString() });
      }
      await record(null);
      continue;
    }
    const wake = Math.min(Date.parse(state.expiresAt), ...(reminderMs > 0 ? current.map(nextReminder) : []));
    changed = false;
    await condition(() => changed || workflowInfo().continueAsNewSuggested, Math.max(1, wake - Date.now()));
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await condition(allHandlersFinished);
  if (state.status === 'collecting' && workflowInfo().continueAsNewSuggested) {
    await continueAsNew<typeof signatureWorkflow>({ ...input, resume: state });
  }
  return state;
}
