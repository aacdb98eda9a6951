/**
 * A draft's set-up being edited, as runes: the signers in order, their fields on the pages, and
 * the ordering, reminders and expiry. The geometry lives in model.ts (plain, unit-tested).
 */
import * as model from './model.ts';
import type { RequestBody } from '../api/request-body.ts';
import type { DocumentDetail } from '../api/schema.d.ts';
import type { Field, FieldType, Ordering, SignerDraft } from './model.ts';

export class SetupDraft {
  signers = $state<SignerDraft[]>([]);
  fields = $state<Field[]>([]);
  ordering = $state<Ordering>('sequential');
  reminderEveryDays = $state(3);
  expiresAfterDays = $state(30);
  /** Changed since it was loaded or saved. */
  dirty = $state(false);

  /** From a document's draft; without one, empty (a template's document fills it in itself). */
  constructor(detail?: DocumentDetail) {
    if (detail) this.load(detail);
  }

  load(detail: DocumentDetail): void {
    const d = detail.document;
    this.signers = detail.signers.map((s) => ({ key: s.key, name: s.name, email: s.email, roleLabel: s.roleLabel }));
    if (!this.signers.length) this.signers = [{ key: 'signer-1', name: '', email: '', roleLabel: '' }];
    this.fields = d.fields.map((f) => ({ ...f }));
    this.ordering = d.ordering;
    this.reminderEveryDays = d.reminderEveryDays;
    this.expiresAfterDays = d.expiresAfterDays;
    this.dirty = false;
  }

  touch(): void { this.dirty = true; }

  signerName(key: string): string { return this.signers.find((s) => s.key === key)?.name.trim() ?? ''; }
  /** How a signer is named on their fields: their name, else their role (a template's signers have only roles). */
  displayName(key: string): string {
    const s = this.signers.find((x) => x.key === key);
    return s ? s.name.trim() || s.roleLabel.trim() : '';
  }
  signerIndex(key: string): number { return this.signers.findIndex((s) => s.key === key); }

  addSigner(): SignerDraft {
    const s = { key: model.nextSignerKey(this.signers), name: '', email: '', roleLabel: '' };
    this.signers.push(s);
    this.touch();
    return s;
  }

  /** Removes a signer and the fields they were to fill. */
  removeSigner(index: number): void {
    const [gone] = this.signers.splice(index, 1);
    if (gone) this.fields = this.fields.filter((f) => f.signerKey !== gone.key);
    this.touch();
  }

  moveSigner(index: number, delta: -1 | 1): boolean {
    const to = index + delta;
    if (to < 0 || to >= this.signers.length) return false;
    const [s] = this.signers.splice(index, 1);
    this.signers.splice(to, 0, s!);
    this.touch();
    return true;
  }

  addField(input: { type: FieldType; signerKey: string; page: number; cx: number; cy: number }): Field {
    const field = model.placeField({ id: model.nextFieldId(this.fields), ...input });
    this.fields.push(field);
    this.touch();
    return field;
  }

  updateField(id: string, change: Partial<Omit<Field, 'id'>>): void {
    const i = this.fields.findIndex((f) => f.id === id);
    if (i < 0) return;
    this.fields[i] = model.clampField({ ...this.fields[i]!, ...change });
    this.touch();
  }

  removeField(id: string): void {
    this.fields = this.fields.filter((f) => f.id !== id);
    this.touch();
  }

  problems(): Record<string, string> { return model.setupProblems(this.signers, this.fields); }

  /** What `PUT /api/documents/:id/setup` takes. */
  toPayload(): RequestBody<'/api/documents/{documentId}/setup', 'put'> {
    return {
      ordering: this.ordering,
      reminderEveryDays: Number(this.reminderEveryDays),
      expiresAfterDays: Number(this.expiresAfterDays),
      signers: this.signers.map((s) => ({ key: s.key, name: s.name.trim(), email: s.email.trim(), roleLabel: s.roleLabel.trim() })),
      fields: $state.snapshot(this.fields) as Field[],
    };
  }
}
