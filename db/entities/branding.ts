import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** The business's branding: a single row (id 1), applied to every page and email. */
export const Branding = defineEntity({
  name: 'Branding',
  properties: {
    id: p.integer().primary().autoincrement(false),
    businessName: p.string().length(120),
    primaryColor: p.string().length(7),
    emailFrom: p.string().length(254),
    logo: p.blob().nullable().lazy(),
    logoType: p.string().length(40).nullable(),
    logoUpdatedAt: p.datetime().nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Branding = InferEntity<typeof Branding>;
