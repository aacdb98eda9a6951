import { randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL, dropDatabase, ensureDatabase, initORM, migrate } from '../../db/orm.ts';

/** The server the tests use; databases of their own are created on it and dropped afterwards. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? DEFAULT_DATABASE_URL;

export function testDatabaseUrl(label: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/portico_test_${label}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

/** A fresh, migrated database of the test's own; `drop()` removes it. */
export async function createTestDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = testDatabaseUrl(label);
  await ensureDatabase(url);
  const orm = await initORM(url);
  try {
    await migrate(orm);
  } finally {
    await orm.close();
  }
  return { url, drop: () => dropDatabase(url) };
}
