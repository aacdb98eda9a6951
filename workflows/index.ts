// Entry point of the workflow bundle: every workflow the worker runs.
export { engagementWorkflow } from './engagement.ts';
export { onboardingWorkflow } from './onboarding.ts';
export { deliverableReviewWorkflow } from './review.ts';
export { signatureWorkflow } from './signature.ts';
export { dunningWorkflow } from './dunning.ts';
