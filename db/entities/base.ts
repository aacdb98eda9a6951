import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

/** Shared columns: a UUID primary key made by the application and a creation time. */
export const baseProperties = {
  id: p.uuid().primary().onCreate(() => randomUUID()),
  createdAt: p.datetime().onCreate(() => new Date()),
};
