import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initORM } from '../../db/orm.ts';
import { createTestDatabase } from '../support/db.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('migrations');
  orm = await initORM(db.url);
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('migrations', () => {
  it('leave nothing pending and agree with the entities', async () => {
    expect(await orm.migrator.getPending()).toEqual([]);
    // Any difference between the entities and the migrated schema would be SQL here.
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('create the session table for the session store, not the store itself', async () => {
    const cols = await orm.em.getConnection().execute<{ column_name: string }[]>(
      `select column_name from information_schema.columns where table_name = 'session' order by column_name`);
    expect(cols.map((c) => c.column_name)).toEqual(['expire', 'sess', 'sid']);
  });
});
