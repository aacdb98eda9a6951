import { describe, expect, it } from 'vitest';
import {
  clampField, describeEvent, fieldLabel, keyAction, MIN_SIZE, moveField, nextFieldId, nextSignerKey, placeField, resizeField, setupProblems,
  signedProgress, signerStatusLabel, sortDocuments,
} from './model.ts';

describe('signing model', () => {
  it('counts who has signed', () => {
    expect(signedProgress([{ status: 'signed' }, { status: 'signed' }, { status: 'current' }])).toBe('2 of 3 signed');
    expect(signedProgress([])).toBe('0 of 0 signed');
    expect(signerStatusLabel('current', true)).toBe('Your turn');
    expect(signerStatusLabel('current')).toBe('Their turn');
    expect(signerStatusLabel('waiting')).toBe('Waiting');
  });

  it('names a placed field for screen readers', () => {
    expect(fieldLabel({ type: 'signature', page: 3, label: '' }, 'Alex Morgan')).toBe('Signature of Alex Morgan, page 3');
    expect(fieldLabel({ type: 'text', page: 1, label: 'Job title' }, 'Alex Morgan')).toBe('Text “Job title” of Alex Morgan, page 1');
    expect(fieldLabel({ type: 'date', page: 2, label: '' }, '')).toBe('Date signed of an unnamed signer, page 2');
  });

  it('puts documents waiting on the viewer first, then the newest', () => {
    const list = sortDocuments([
      { id: 'old', waitingOnYou: false, createdAt: '2026-01-01T00:00:00Z' },
      { id: 'mine', waitingOnYou: true, createdAt: '2025-01-01T00:00:00Z' },
      { id: 'new', waitingOnYou: false, createdAt: '2026-06-01T00:00:00Z' },
    ]);
    expect(list.map((d) => d.id)).toEqual(['mine', 'new', 'old']);
  });

  it('centres a new field on the drop point and keeps it on the page', () => {
    expect(placeField({ id: 'f1', type: 'signature', signerKey: 'a', page: 2, cx: 0.5, cy: 0.5 })).toEqual({
      id: 'f1', type: 'signature', signerKey: 'a', page: 2, x: 0.35, y: 0.47, w: 0.3, h: 0.06, label: '', required: true,
    });
    // Dropped at the bottom-right corner: it stays whole on the page.
    const corner = placeField({ id: 'f2', type: 'signature', signerKey: 'a', page: 1, cx: 1, cy: 1 });
    expect(corner.x + corner.w).toBeCloseTo(1);
    expect(corner.y + corner.h).toBeCloseTo(1);
    expect(placeField({ id: 'f3', type: 'date', signerKey: 'a', page: 1, cx: -0.2, cy: 0 })).toMatchObject({ x: 0, y: 0 });
  });

  it('moves and resizes within the page, never below the minimum size', () => {
    const f = { x: 0.1, y: 0.1, w: 0.3, h: 0.06 };
    expect(moveField(f, 0.01, 0)).toEqual({ x: 0.11, y: 0.1, w: 0.3, h: 0.06 });
    expect(moveField(f, -1, -1)).toEqual({ x: 0, y: 0, w: 0.3, h: 0.06 });
    expect(moveField(f, 5, 5)).toEqual({ x: 0.7, y: 0.94, w: 0.3, h: 0.06 });
    expect(resizeField(f, 0.05, 0.01)).toEqual({ x: 0.1, y: 0.1, w: 0.35, h: 0.07 });
    expect(resizeField(f, -1, -1)).toEqual({ x: 0.1, y: 0.1, w: MIN_SIZE, h: MIN_SIZE });
    // Growing stops at the page's edge; the top-left corner stays put.
    expect(resizeField(f, 5, 0)).toEqual({ x: 0.1, y: 0.1, w: 0.9, h: 0.06 });
    expect(clampField({ x: 0.9, y: 0.99, w: 0.3, h: 0.06 })).toEqual({ x: 0.7, y: 0.94, w: 0.3, h: 0.06 });
  });

  it('maps keys to moving, resizing and removing', () => {
    expect(keyAction('ArrowLeft', false)).toEqual({ kind: 'move', dx: -0.01, dy: 0 });
    expect(keyAction('ArrowDown', true)).toEqual({ kind: 'resize', dw: 0, dh: 0.01 });
    expect(keyAction('Delete', false)).toEqual({ kind: 'remove' });
    expect(keyAction('Backspace', false)).toEqual({ kind: 'remove' });
    expect(keyAction('a', false)).toBeNull();
  });

  it('finds free ids and keys', () => {
    expect(nextFieldId([])).toBe('f1');
    expect(nextFieldId([{ id: 'f2' }, { id: 'x' }])).toBe('f3');
    expect(nextFieldId([{ id: 'f2' }])).toBe('f3');
    expect(nextSignerKey([{ key: 'signer-1' }, { key: 'signer-3' }])).toBe('signer-2');
  });

  it('says what stops a draft from being sent', () => {
    const signers = [
      { key: 'a', name: 'Alex', email: 'alex@example.test', roleLabel: 'Client' },
      { key: 'b', name: '', email: 'ALEX@example.test', roleLabel: '' },
      { key: 'c', name: 'Cy', email: 'not an email', roleLabel: 'Witness' },
    ];
    expect(setupProblems(signers, [{ type: 'signature', signerKey: 'a' }, { type: 'date', signerKey: 'c' }])).toEqual({
      'signers.1.name': 'Required',
      'signers.1.email': 'Another signer has this email',
      'signers.1.roleLabel': 'Required',
      'signers.2.email': 'Enter an email address like name@example.com',
      fields: 'Place a signature field for each signer, Cy',
    });
    expect(setupProblems([], [])).toEqual({ signers: 'Add at least one signer' });
    expect(setupProblems(signers.slice(0, 1), [{ type: 'signature', signerKey: 'a' }])).toEqual({});
  });

  it('tells the history in words', () => {
    expect(describeEvent({ action: 'document.created', actor: 'sam@studio.test', data: { pages: 3 } })).toBe('Uploaded (3 pages) by sam@studio.test');
    expect(describeEvent({ action: 'document.sent', actor: null, data: { signers: ['Alex', 'Zoë'] } })).toBe('Sent for signature to Alex, Zoë');
    expect(describeEvent({ action: 'document.signed', actor: 'a@x.test', data: { signer: 'Alex', role: 'Client' } })).toBe('Signed by Alex (Client)');
    expect(describeEvent({ action: 'document.declined', actor: null, data: { signer: 'Alex', reason: 'The fee is wrong' } })).toBe('Declined by Alex: “The fee is wrong”');
    expect(describeEvent({ action: 'document.something_new', actor: null, data: {} })).toBe('something new');
  });
});
