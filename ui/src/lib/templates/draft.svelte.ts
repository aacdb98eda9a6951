/**
 * The template being edited, as runes: the editor binds its inputs to `data` and changes its
 * structure through the methods. The logic lives in draft-model.ts (plain, unit-tested).
 */
import * as model from './draft-model.ts';
import type { DraftData, PublishedDefinition } from './draft-model.ts';
import type { TemplateDefinition } from '../api/schema.d.ts';

export class TemplateDraft {
  data = $state<DraftData>(model.emptyDraft());

  constructor(definition?: TemplateDefinition) {
    if (definition) this.data = model.fromDefinition(definition);
  }

  addPhase() { return model.addPhase(this.data); }
  removePhase(index: number) { model.removePhase(this.data, index); }
  movePhase(index: number, delta: -1 | 1) { return model.movePhase(this.data, index, delta); }
  addMilestone(phaseIndex: number) { return model.addMilestone(this.data, phaseIndex); }
  removeMilestone(phaseIndex: number, index: number) { model.removeMilestone(this.data, phaseIndex, index); }
  moveMilestone(phaseIndex: number, index: number, delta: -1 | 1) { return model.moveMilestone(this.data, phaseIndex, index, delta); }
  addItem() { return model.addItem(this.data); }
  removeItem(index: number) { model.removeItem(this.data, index); }
  moveItem(index: number, delta: -1 | 1) { return model.moveItem(this.data, index, delta); }
  addField(itemIndex: number) { return model.addField(this.data, itemIndex); }
  removeField(itemIndex: number, index: number) { model.removeField(this.data, itemIndex, index); }
  moveField(itemIndex: number, index: number, delta: -1 | 1) { return model.moveField(this.data, itemIndex, index, delta); }
  addDeliverable() { return model.addDeliverable(this.data); }
  removeDeliverable(index: number) { model.removeDeliverable(this.data, index); }
  moveDeliverable(index: number, delta: -1 | 1) { return model.moveDeliverable(this.data, index, delta); }
  addStage(deliverableIndex: number) { return model.addStage(this.data, deliverableIndex); }
  removeStage(deliverableIndex: number, index: number) { model.removeStage(this.data, deliverableIndex, index); }
  moveStage(deliverableIndex: number, index: number, delta: -1 | 1) { return model.moveStage(this.data, deliverableIndex, index, delta); }

  addBillingEntry() { return model.addBillingEntry(this.data); }
  removeBillingEntry(index: number) { model.removeBillingEntry(this.data, index); }
  moveBillingEntry(index: number, delta: -1 | 1) { return model.moveBillingEntry(this.data, index, delta); }
  addBillingLine(entryIndex: number) { return model.addBillingLine(this.data, entryIndex); }
  removeBillingLine(entryIndex: number, index: number) { model.removeBillingLine(this.data, entryIndex, index); }

  /** The milestones to choose from for "blocks milestone". */
  get milestones() { return model.allMilestones(this.data); }

  /** What can be told before sending, keyed by the API's field paths. */
  localErrors(): Record<string, string> { return model.localErrors(this.data); }

  /** Keeps the keys a version was published with. */
  adoptKeys(definition: PublishedDefinition) { model.adoptKeys(this.data, definition); }

  /** The definition to publish (a plain object: strings trimmed, keys filled in). */
  toDefinition(): PublishedDefinition { return model.toDefinition($state.snapshot(this.data) as DraftData); }
}
