import type { MikroORM } from '@mikro-orm/postgresql';
import { createEngagementActivities } from '../activities/engagement.ts';

/** Every activity the worker registers, built once over the process's dependencies. */
export function createActivities(deps: { orm: MikroORM }) {
  return {
    ...createEngagementActivities(deps),
  };
}
