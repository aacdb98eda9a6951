import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** OWASP's argon2id floor (ASVS 11.4.2): 19 MiB, two passes, one lane. */
// `algorithm: 2` is Algorithm.Argon2id (a const enum, which type stripping cannot inline).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
/** Long passphrases are welcome (ASVS 6.2.x asks for at least 64). */
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  // ~18k entries of 8+ characters from a public list of the most used passwords; shorter ones fail the length rule anyway.
  common ??= new Set((dictionary['passwords-common'] as string[]).filter((p) => p.length >= PASSWORD_MIN));
  return common;
}

/** Returns why a new password is refused, or null when it is acceptable. No composition rules (ASVS 6.2.5). */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'This password is too common; choose another';
  if (context.email && lower === context.email.toLowerCase()) return 'Do not use your email address as your password';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so an unknown email is not revealed by a faster answer. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('portico-timing-equaliser');
  await verifyPassword(await dummy, password);
}
