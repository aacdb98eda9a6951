import type { MikroORM } from '@mikro-orm/postgresql';
import { createEngagementActivities } from '../activities/engagement.ts';
import { createOnboardingActivities } from '../activities/onboarding.ts';
import { createReviewActivities } from '../activities/review.ts';
import { createSignatureActivities } from '../activities/signature.ts';
import { createDunningActivities } from '../activities/dunning.ts';
import { createBillingActivities } from '../activities/billing.ts';
import type { FileStorage } from '../db/files/storage.ts';
import { failBadDataOnce } from './bad-data.ts';
import type { SigningSettings } from '../domain/signing/sealer.ts';

/**
 * Every activity the worker registers, built once over the process's dependencies. Each is wrapped
 * so data PostgreSQL can never store fails its activity once, non-retryably, instead of looping
 * (local activities included: they are the same functions).
 */
export function createActivities(deps: { orm: MikroORM; publicUrl: string; storage: FileStorage; signing: SigningSettings }) {
  return failBadDataOnce({
    ...createEngagementActivities(deps),
    ...createOnboardingActivities(deps),
    ...createReviewActivities(deps),
    ...createSignatureActivities(deps),
    ...createDunningActivities(deps),
    ...createBillingActivities(deps),
  });
}
