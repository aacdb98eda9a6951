import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { baseProperties } from './base.ts';
import { User } from './user.ts';

/**
 * An engagement template: a name and its published versions. Running engagements keep the version
 * they started with; a template in use can be archived but not deleted.
 */
export const EngagementTemplate = defineEntity({
  name: 'EngagementTemplate',
  properties: {
    ...baseProperties,
    name: p.string().length(200),
    description: p.text(),
    status: p.enum(['active', 'archived'] as const).default('active'),
    latestVersion: p.integer(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type EngagementTemplate = InferEntity<typeof EngagementTemplate>;

/** One published version: its definition never changes once written. */
export const EngagementTemplateVersion = defineEntity({
  name: 'EngagementTemplateVersion',
  uniques: [{ properties: ['template', 'version'] }],
  properties: {
    ...baseProperties,
    template: () => p.manyToOne(EngagementTemplate),
    version: p.integer(),
    /** The validated template definition (see web-api/templates/template-format.ts), formatVersion inside. */
    definition: p.json<Record<string, unknown>>(),
    publishedBy: () => p.manyToOne(User),
  },
});
export type EngagementTemplateVersion = InferEntity<typeof EngagementTemplateVersion>;
