import { z } from 'zod';

/** Answer schemas shared by the document and signing routes (what `documentView` and `signerView` send). */
export const DocumentStatus = z.enum(['draft', 'collecting', 'completed', 'declined', 'voided', 'expired']).meta({ id: 'DocumentStatus' });
export const SignerStatus = z.enum(['waiting', 'current', 'signed', 'declined']).meta({ id: 'SignerStatus' });

export const FieldPlacementView = z.strictObject({
  id: z.string(), type: z.enum(['signature', 'initials', 'date', 'text']), signerKey: z.string(), page: z.number().int(),
  x: z.number(), y: z.number(), w: z.number(), h: z.number(), label: z.string(), required: z.boolean(),
}).meta({ id: 'FieldPlacement' });

export const DocumentView = z.strictObject({
  id: z.string(), accountId: z.string(), engagementId: z.string(), title: z.string(),
  status: DocumentStatus,
  pageCount: z.number().int(), fields: z.array(FieldPlacementView), ordering: z.enum(['sequential', 'parallel']),
  reminderEveryDays: z.number().int(), expiresAfterDays: z.number().int(), expiresAt: z.string().nullable(),
  originalSha256: z.string(), sealedSha256: z.string().nullable(), sealedAt: z.string().nullable(),
  reason: z.string().nullable().describe('Why it was declined or voided'), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'SignatureDocument' });

export const SignerView = z.strictObject({
  key: z.string(), position: z.number().int(), name: z.string(), email: z.string(), roleLabel: z.string(), status: SignerStatus,
  authMethod: z.string().nullable(), consentAt: z.string().nullable(), viewedAt: z.string().nullable(), signedAt: z.string().nullable(),
  declinedAt: z.string().nullable(), declineReason: z.string().nullable(),
}).meta({ id: 'Signer' });

/** A document with its signers and what the caller may do with it. */
export const DocumentDetail = z.strictObject({
  document: DocumentView,
  signers: z.array(SignerView),
  permissions: z.strictObject({ setup: z.boolean(), send: z.boolean(), void: z.boolean(), sign: z.boolean(), downloadSealed: z.boolean() }),
}).meta({ id: 'DocumentDetail' });

export const DocumentList = z.strictObject({
  documents: z.array(DocumentView.extend({ signers: z.array(SignerView), waitingOnYou: z.boolean() }).meta({ id: 'DocumentSummary' })),
});

export const DocumentEvents = z.strictObject({
  events: z.array(z.strictObject({
    seq: z.number().int(), at: z.string(), action: z.string(), actor: z.string().nullable(), ip: z.string().nullable(),
    userAgent: z.string().nullable(), hash: z.string(), data: z.record(z.string(), z.unknown()),
  }).meta({ id: 'DocumentEvent' })),
});

export const SigningLinkView = z.strictObject({ documentTitle: z.string(), signerName: z.string(), businessName: z.string(), emailHint: z.string() }).meta({ id: 'SigningLink' });

export const SignerSession = z.strictObject({
  document: z.strictObject({ id: z.string(), title: z.string(), status: DocumentStatus, pageCount: z.number().int(), expiresAt: z.string().nullable(), sealed: z.boolean() }),
  disclosure: z.strictObject({ version: z.string(), title: z.string(), paragraphs: z.array(z.string()) }),
  signer: SignerView,
  fields: z.array(FieldPlacementView),
  otherFields: z.array(z.strictObject({ page: z.number().int(), x: z.number(), y: z.number(), w: z.number(), h: z.number(), type: FieldPlacementView.shape.type })),
  signers: z.array(z.strictObject({ name: z.string(), roleLabel: z.string(), status: SignerStatus, signedAt: z.string().nullable() })),
  mayAct: z.boolean(),
}).meta({ id: 'SignerSession' });
