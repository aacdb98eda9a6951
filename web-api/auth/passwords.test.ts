import { describe, expect, it } from 'vitest';
import { ARGON2_OPTIONS, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

describe('password policy (ASVS 6.2.x)', () => {
  it('accepts 8 to 128 characters with no composition rules', () => {
    expect(passwordProblem('plain lowercase words')).toBeNull();
    expect(passwordProblem('x'.repeat(8) + 'yz1')).toBeNull();
    expect(passwordProblem('a'.repeat(7))).toMatch(/at least 8/);
    expect(passwordProblem('correct horse '.repeat(10))).toMatch(/at most 128/);
    expect(passwordProblem('ünïcødé pässwörd')).toBeNull();
  });
  it('refuses the most common passwords, whatever their case', () => {
    expect(passwordProblem('password')).toMatch(/too common/);
    expect(passwordProblem('Password123')).toMatch(/too common/);
    expect(passwordProblem('qwertyuiop')).toMatch(/too common/);
  });
  it('refuses the email address as a password', () => {
    expect(passwordProblem('ana@client.test', { email: 'Ana@Client.test' })).toMatch(/email/);
  });
});

describe('argon2id hashing (ASVS 11.4.2)', () => {
  it('uses argon2id with at least 19 MiB, t=2, p=1 and verifies only the right password', async () => {
    const h = await hashPassword('a long passphrase');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(ARGON2_OPTIONS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(await verifyPassword(h, 'a long passphrase')).toBe(true);
    expect(await verifyPassword(h, 'a long passphrasE')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
