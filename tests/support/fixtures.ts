import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../db/entities/account.ts';
import { AccountTeamMember } from '../../db/entities/account-team-member.ts';
import { User, type Role } from '../../db/entities/user.ts';
import { hashPassword } from '../../web-api/auth/passwords.ts';

export const PASSWORD = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;

const uniq = (): string => randomBytes(4).toString('hex');

export async function makeAccount(em: EntityManager, name = `Account ${uniq()}`): Promise<Account> {
  const a = em.create(Account, { name, stage: 'onboarding' });
  await em.flush();
  return a;
}

/** A user with the shared test password (hashed once per file: argon2id is deliberately slow). */
export async function makeUser(em: EntityManager, role: Role, account: Account | null = null, extra: Partial<{ name: string; email: string; title: string }> = {}): Promise<User> {
  cachedHash ??= hashPassword(PASSWORD);
  const u = em.create(User, {
    email: extra.email ?? `${role}-${uniq()}@example.test`,
    name: extra.name ?? `${role.replace('_', ' ')} ${uniq()}`,
    role,
    account,
    title: extra.title ?? null,
    passwordHash: await cachedHash,
    passwordChangedAt: new Date(),
  });
  await em.flush();
  return u;
}

export async function assignStaff(em: EntityManager, account: Account, user: User, teamRole = 'Account manager', isManager = true): Promise<void> {
  em.create(AccountTeamMember, { account, user, teamRole, isManager });
  await em.flush();
}

/** Two accounts, each with every role that belongs to it, plus internal users; staff assigned to A only. */
export async function makeWorld(em: EntityManager) {
  const a = await makeAccount(em, `Alpha ${uniq()}`);
  const b = await makeAccount(em, `Bravo ${uniq()}`);
  const users = {
    memberA: await makeUser(em, 'client_member', a),
    adminA: await makeUser(em, 'client_admin', a),
    memberB: await makeUser(em, 'client_member', b),
    adminB: await makeUser(em, 'client_admin', b),
    staffA: await makeUser(em, 'staff'),
    staffB: await makeUser(em, 'staff'),
    admin: await makeUser(em, 'admin'),
    reviewer: await makeUser(em, 'compliance_reviewer'),
  };
  await assignStaff(em, a, users.staffA);
  await assignStaff(em, b, users.staffB);
  return { a, b, users };
}
