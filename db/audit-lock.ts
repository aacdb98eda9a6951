/** Arbitrary but fixed advisory-lock key that serialises appends to the audit chain (and checkpoints of it) across processes. */
export const AUDIT_LOCK_KEY = 7_401_337;
